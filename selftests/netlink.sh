#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The mpls_pw generic netlink family refuses bad input: every bad request
# gets its errno and an extack message and leaves the configuration exactly
# as it was. Checked through pwctl (exit status 1 and "Error: <extack>", or
# 2 when pwctl itself refuses a value) and through a raw client
# (helpers/genl.py) that sends what pwctl never would: values out of range,
# wrong attribute sizes, unknown, missing and output-only attributes,
# ifindexes of another netns. Also: EPERM for every change without
# CAP_NET_ADMIN while reads work; notifications; a dump of 300 PWs that
# spans several messages; the options added since the first version
# applied and shown back.
#
#   NBR                                PE
#  +-----------------+              +-----------------------------------+
#  | c0 -------------+--------------+ ac0 (10)  AC, PW 203.0.113.2 100  |
#  | c1 -------------+--------------+ ac1 (11)  AC, PW 2001:db8:ff::2 200|
#  | c2 -------------+--------------+ ac2 (12)  not an AC               |
#  | c3 -------------+--------------+ ac3 (13)  AC without a PW         |
#  | n0 198.51.100.2 +--------------+ core0 (14) 198.51.100.1/24        |
#  |    2001:db8:1::2|              |            2001:db8:1::1/64       |
#  +-----------------+              +-----------------------------------+
#   OTHER: far0 (ifindex 4242), a device that exists only there
#
# (n) is the ifindex, fixed so that raw requests can name it.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_mpls_pw
require_cmd setpriv

GENL=("$PYTHON" -S "$HELPERS/genl.py")
IDX_AC0=10
IDX_AC1=11
IDX_AC2=12
IDX_AC3=13
IDX_CORE=14
IDX_FOREIGN=4242
IDX_NONE=999999
NBR_IP4=198.51.100.2
NBR_IP6=2001:db8:1::2
PEER_A=203.0.113.2
PEER_B=2001:db8:ff::2
PEER_C=203.0.113.7

# A valid PW_NEW (positive control first), the requests below change one
# thing in it.
BASE="pw.peer_ipv4=203.0.113.9 pw.vc_id=9 pw.ifindex=$IDX_AC3"
BASE+=" pw.local_label=1009 pw.remote_label=2009"
BASE+=" pw.tunnel.via_ipv4=$NBR_IP4 pw.tunnel.ifindex=$IDX_CORE"
BASE+=" pw.tunnel.labels=100"
KEY9="pw.peer_ipv4=203.0.113.9 pw.vc_id=9"
KEYA="pw.peer_ipv4=$PEER_A pw.vc_id=100"

# ------------------------------------------------------ raw request table --

RAW_DESC=()
RAW_EXP=()
RAW_EXT=()
RAW_REQ=()

# raw DESC EXPECT EXTACK REQUEST: EXPECT is OK or the one errno name the
# module answers; EXTACK says what the answer must carry: msg (a message),
# miss (a message and the missing attribute's type), any (nothing
# required).
raw()
{
	RAW_DESC+=("$1")
	RAW_EXP+=("$2")
	RAW_EXT+=("$3")
	RAW_REQ+=("$4")
}

# What answers what:
#  - the policies (netlink.c), checked by the kernel before any handler:
#    an integer out of its range (NLA_POLICY_MIN/MAX/RANGE) and a binary
#    attribute of the wrong size (NLA_POLICY_EXACT_LEN, the labels' .len)
#    are ERANGE; an integer attribute of another width ("invalid attribute
#    length"), an unknown or read-only attribute are EINVAL;
#  - the handlers (nl_*.c): tunnel labels are checked like af_mpls does,
#    EINVAL; a device that is not in this netns or not an AC where the
#    request names an AC to use, ENODEV; an AC to change or delete that is
#    not one, ENOENT; a local label, a (peer, vc-id) or an AC that exists
#    already, EEXIST; a switch of other than two PWs, EINVAL.
R=ERANGE
raw "base PW_NEW accepted (positive control)" OK any "pw_new $BASE"
raw "PW_DEL of it accepted (positive control)" OK any "pw_del $KEY9"
raw "local label 15 (reserved)" "$R" msg "pw_new $BASE pw.local_label=15"
raw "local label 1048576 (over 20 bits)" "$R" msg \
	"pw_new $BASE pw.local_label=1048576"
raw "remote label 0" "$R" msg "pw_new $BASE pw.remote_label=0"
raw "vc-id 0" "$R" msg "pw_new $BASE pw.vc_id=0"
raw "TTL 0" "$R" msg "pw_new $BASE pw.ttl=0"
raw "mode 7 (no such mode)" "$R" msg "pw_new $BASE pw.mode=7"
raw "role 9 (no such role)" "$R" msg "pw_new $BASE pw.role=9"
raw "boolean control word 2" "$R" msg "pw_new $BASE pw.control_word=2"
raw "VLAN 4095 in tagged mode" "$R" msg \
	"pw_new $BASE pw.mode=1 pw.vlan_id=4095"
raw "u32 vc-id sent as u16" EINVAL msg "pw_new $BASE pw.vc_id:u16=9"
raw "u32 local label sent as u64" EINVAL msg \
	"pw_new $BASE pw.local_label:u64=1009"
raw "IPv4 peer of 3 bytes" "$R" msg "pw_new $BASE pw.peer_ipv4:hex=cb0071"
raw "IPv6 peer of 4 bytes" "$R" msg \
	"pw_new $BASE -pw.peer_ipv4 pw.peer_ipv6:hex=cb007109"
raw "both an IPv4 and an IPv6 peer" EINVAL msg \
	"pw_new $BASE pw.peer_ipv6=2001:db8:ff::9"
raw "unknown attribute in the PW nest" EINVAL msg "pw_new $BASE pw.99:u32=1"
raw "unknown top-level attribute" EINVAL msg "pw_new $BASE 99:u32=1"
raw "attribute type 0 in the PW nest" EINVAL msg "pw_new $BASE pw.0:u32=1"
raw "output-only attribute (forwarding state)" EINVAL msg \
	"pw_new $BASE pw.fwd=2"
raw "output-only nest (counters)" EINVAL msg \
	"pw_new $BASE pw.stats.rx_packets:u64=5"
raw "no PW nest" EINVAL miss "pw_new"
raw "no vc-id" EINVAL miss "pw_new $BASE -pw.vc_id"
raw "no peer" EINVAL miss "pw_new $BASE -pw.peer_ipv4"
raw "no local label" EINVAL miss "pw_new $BASE -pw.local_label"
raw "no remote label" EINVAL miss "pw_new $BASE -pw.remote_label"
raw "AC ifindex that does not exist" ENODEV msg \
	"pw_new $BASE pw.ifindex=$IDX_NONE"
raw "AC ifindex valid only in another netns" ENODEV msg \
	"pw_new $BASE pw.ifindex=$IDX_FOREIGN"
raw "AC ifindex of a device that is not an AC" ENODEV msg \
	"pw_new $BASE pw.ifindex=$IDX_AC2"
raw "tunnel ifindex that does not exist" ENODEV msg \
	"pw_new $BASE pw.tunnel.ifindex=$IDX_NONE"
raw "tunnel ifindex valid only in another netns" ENODEV msg \
	"pw_new $BASE pw.tunnel.ifindex=$IDX_FOREIGN"
raw "tunnel without a next hop address" EINVAL miss \
	"pw_new $BASE -pw.tunnel.via_ipv4"
raw "tunnel with an IPv4 and an IPv6 next hop" EINVAL msg \
	"pw_new $BASE pw.tunnel.via_ipv6=$NBR_IP6"
raw "9 tunnel labels" "$R" msg \
	"pw_new $BASE pw.tunnel.labels=100,101,102,103,104,105,106,107,108"
raw "tunnel labels of 3 bytes" EINVAL msg \
	"pw_new $BASE pw.tunnel.labels:hex=000064"
raw "tunnel label 15" EINVAL msg "pw_new $BASE pw.tunnel.labels=15"
raw "tunnel label 1048576" EINVAL msg "pw_new $BASE pw.tunnel.labels=1048576"
raw "implicit null (3) not alone" EINVAL msg \
	"pw_new $BASE pw.tunnel.labels=3,100"
raw "duplicate local label" EEXIST msg \
	"pw_new $BASE pw.local_label=1000"
raw "duplicate (peer, vc-id)" EEXIST msg \
	"pw_new $BASE pw.peer_ipv4=$PEER_A pw.vc_id=100"
raw "PW_SET: another PW's local label" EEXIST msg \
	"pw_set $KEYA pw.local_label=1001"
raw "PW_SET: a new remote label with TTL 0" "$R" msg \
	"pw_set $KEYA pw.remote_label=2222 pw.ttl=0"
raw "PW_SET: a new remote label on a device that is not an AC" \
	ENODEV msg \
	"pw_set $KEYA pw.remote_label=2222 pw.ifindex=$IDX_AC2"
FOREIGN_TUN="pw.tunnel.via_ipv4=$NBR_IP4 pw.tunnel.ifindex=$IDX_FOREIGN"
raw "PW_SET: a new remote label with a foreign tunnel device" ENODEV msg \
	"pw_set $KEYA pw.remote_label=2222 $FOREIGN_TUN"
raw "PW_SET of a PW that does not exist" ENOENT msg \
	"pw_set $KEY9 pw.admin_up=0"
raw "PW_DEL of a PW that does not exist" ENOENT msg "pw_del $KEY9"
raw "PW_GET of a PW that does not exist" ENOENT msg "pw_get $KEY9"
raw "PW_DEL without a peer" EINVAL miss "pw_del pw.vc_id=100"
raw "AC_NEW: ifindex valid only in another netns" ENODEV msg \
	"ac_new ac.ifindex=$IDX_FOREIGN"
raw "AC_NEW: ifindex that does not exist" ENODEV msg \
	"ac_new ac.ifindex=$IDX_NONE"
raw "AC_NEW: no ifindex" EINVAL miss "ac_new ac.redundancy=0"
raw "AC_NEW: ifindex sent as u16" EINVAL msg "ac_new ac.ifindex:u16=$IDX_AC2"
raw "AC_NEW: the device already is an AC" EEXIST msg \
	"ac_new ac.ifindex=$IDX_AC0"
raw "AC_NEW: redundancy 9" "$R" msg \
	"ac_new ac.ifindex=$IDX_AC2 ac.redundancy=9"
raw "AC_NEW: ARP expire-time 59" "$R" msg \
	"ac_new ac.ifindex=$IDX_AC2 ac.arp_expire=59"
raw "AC_NEW: output-only attribute (oper)" EINVAL msg \
	"ac_new ac.ifindex=$IDX_AC2 ac.oper_up=1"
raw "AC_SET: holdoff 181" "$R" msg "ac_set ac.ifindex=$IDX_AC3 ac.holdoff=181"
raw "AC_SET: reroute delay 9" "$R" msg \
	"ac_set ac.ifindex=$IDX_AC3 ac.reroute_delay=9"
raw "AC_SET: reroute policy 7" "$R" msg \
	"ac_set ac.ifindex=$IDX_AC3 ac.reroute=7"
raw "AC_SET of a device that is not an AC" ENOENT msg \
	"ac_set ac.ifindex=$IDX_AC2 ac.redundancy=0"
raw "AC_DEL of a device that is not an AC" ENOENT msg \
	"ac_del ac.ifindex=$IDX_AC2"
raw "AC_DEL without an AC nest" EINVAL miss "ac_del"
raw "SWITCH_NEW with one PW" EINVAL msg \
	"switch_new switch.pw#0.peer_ipv4=$PEER_A switch.pw#0.vc_id=100"
raw "VRRP_SET with vrid 0" "$R" msg \
	"vrrp_set vrrp.ifindex=$IDX_AC0 vrrp.vrid=0 vrrp.state=1"
raw "unknown command 200" EOPNOTSUPP any "200 $KEYA"
raw "command 0 (unspec)" EOPNOTSUPP any "0 $KEYA"

# Without CAP_NET_ADMIN: every change is refused, reads work.
UNP_DESC=()
UNP_EXP=()
UNP_REQ=()
unpriv()
{
	UNP_DESC+=("$1")
	UNP_EXP+=("$2")
	UNP_REQ+=("$3")
}

SWITCH_PWS="switch.pw#0.peer_ipv4=$PEER_A switch.pw#0.vc_id=100"
SWITCH_PWS+=" switch.pw#1.peer_ipv6=$PEER_B switch.pw#1.vc_id=200"
unpriv "AC_NEW" EPERM "ac_new ac.ifindex=$IDX_AC2"
unpriv "AC_SET" EPERM "ac_set ac.ifindex=$IDX_AC3 ac.holdoff=0"
unpriv "AC_DEL" EPERM "ac_del ac.ifindex=$IDX_AC3"
unpriv "AC_SWITCHOVER" EPERM "ac_switchover ac.ifindex=$IDX_AC0"
unpriv "PW_NEW" EPERM "pw_new $BASE"
unpriv "PW_SET" EPERM "pw_set $KEYA pw.admin_up=0"
unpriv "PW_DEL" EPERM "pw_del $KEYA"
unpriv "SWITCH_NEW" EPERM "switch_new $SWITCH_PWS"
unpriv "SWITCH_DEL" EPERM "switch_del $SWITCH_PWS"
unpriv "VRRP_SET" EPERM \
	"vrrp_set vrrp.ifindex=$IDX_AC0 vrrp.vrid=1 vrrp.state=1"
unpriv "AC dump" OK "ac_get dump"
unpriv "PW dump" OK "pw_get dump"
unpriv "PW_GET" OK "pw_get $KEYA"
unpriv "STATS_GET" OK "stats_get"

# Options that came after the first version (they were refused with an
# extack until they worked): each one applied and shown back by "pwctl
# -j", nothing else changed. OPTION|WHAT|JQ: WHAT is "ac DEV" or "pw PEER
# VC-ID", JQ must hold for its entry after the change and not before.
LATER=(
	"ac set dev ac3 redundancy independent|ac ac3|.redundancy == \"independent\""
	"ac set dev ac3 state standby|ac ac3|.state == \"standby\""
	"ac set dev ac3 stream-dual-receiving|ac ac3|.stream_dual_receiving"
	"ac set dev ac3 arp-dual-sending expire-time 120|ac ac3|.arp_dual_sending and .arp_expire_time == 120"
	"ac set dev ac3 nd-dual-sending|ac ac3|.nd_dual_sending"
	"ac set dev ac3 reroute immediately|ac ac3|.reroute == \"immediately\""
	"ac set dev ac3 holdoff 5|ac ac3|.holdoff == 5"
	"pw set peer $PEER_A vc-id 100 tagged vlan 10|pw $PEER_A 100|.mode == \"tagged\" and .vlan == 10"
	"pw set peer $PEER_A vc-id 100 ignore-standby-state|pw $PEER_A 100|.ignore_standby_state"
	"pw set peer $PEER_A vc-id 100 track-vrrp dev ac2 vrid 1|pw $PEER_A 100|.track_vrrp.dev == \"ac2\" and .track_vrrp.vrid == 1 and (.track_vrrp.pw_redundancy | not)"
	"pw set peer $PEER_B vc-id 200 status-signaling on refresh 1|pw $PEER_B 200|.status_signaling and .refresh == 1"
	"pw set peer $PEER_A vc-id 100 secondary|pw $PEER_A 100|.role == \"secondary\""
	"pw set peer $PEER_A vc-id 100 remote-status standby|pw $PEER_A 100|.status_rcvd == 32"
)

NPWCTL=20
ktap_plan $((1 + NPWCTL + ${#RAW_DESC[@]} + 1 + ${#LATER[@]} + \
	     ${#UNP_DESC[@]} + 3 + 2 + 4 + 3 + 2))
kmsg_mark netlink

# -------------------------------------------------------------- helpers --

# tunnel_flap: ac0's primary (vc-id 100) and a secondary both go through
# core0; core0 goes down and up: once up, the primary is selected at once
# (every PW's state is updated before any selection: the secondary does
# not win for the reroute delay because it was looked at first).
tunnel_flap()
{
	local rc=0

	pwc "$PE" pw add peer $PEER_A vc-id 300 local-label 1003 \
		remote-label 2003 dev ac0 secondary \
		tunnel via $NBR_IP4 dev core0 label 100 || return 1
	if ! slowwait 20 ac_jq "$PE" ac0 '.active_pw.vc_id == 100'; then
		echo "the primary is not active before the flap"
		rc=1
	fi
	run ip -n "$PE" link set core0 down
	slowwait 20 ac_jq "$PE" ac0 '.active_pw == null' ||
		{ echo "a PW is still active with core0 down"; rc=1; }
	run ip -n "$PE" link set core0 up
	# the down took the IPv6 address (keep_addr_on_down is off)
	run ip -n "$PE" addr replace 2001:db8:1::1/64 dev core0 nodad
	slowwait 10 ac_jq "$PE" ac0 '.active_pw.vc_id == 100' ||
		{ echo "not the primary after the flap:"; pw_show_all "$PE"; rc=1; }
	pwc "$PE" pw del peer $PEER_A vc-id 300 || rc=1
	return $rc
}

# pair_add AC VC1 VC2: a primary and a secondary on AC to PEER_C through
# the FIB, created in that order (VC1 < VC2: VC1 primary; else VC1
# secondary), admin down until the primary is selected (not the secondary
# for the reroute delay).
pair_add()
{
	local ac=$1 pri sec vc lbl role

	pri=$(($2 < $3 ? $2 : $3))
	sec=$(($2 < $3 ? $3 : $2))
	for vc in "$2" "$3"; do
		lbl=$((1000 + vc))
		role=secondary
		[ "$vc" != "$pri" ] || role=primary
		pwc "$PE" pw add peer $PEER_C vc-id "$vc" local-label "$lbl" \
			remote-label "$lbl" dev "$ac" "$role" admin down ||
			return 1
	done
	pwc "$PE" pw set peer $PEER_C vc-id "$pri" admin up &&
		slowwait 10 ac_jq "$PE" "$ac" ".active_pw.vc_id == $pri" &&
		pwc "$PE" pw set peer $PEER_C vc-id "$sec" admin up ||
		{ echo "$ac: the primary is not active at first"; return 1; }
}

# flap_setup AC...: the route to PEER_C, ac2 made an AC; each AC with no
# holdoff and a reroute delay of 30 s (the defaults, but the tests below
# depend on them).
flap_setup()
{
	local ac

	run ip -n "$PE" route add $PEER_C/32 via $NBR_IP4 dev core0 &&
		pwc "$PE" ac add dev ac2 || return 1
	for ac in "$@"; do
		pwc "$PE" ac set dev "$ac" holdoff 0 reroute delay 30 ||
			return 1
	done
}

# flap_cleanup: the PWs to PEER_C, ac2 and the route go, whatever the test
# left; fails if anything stays.
flap_cleanup()
{
	local vc

	for vc in 500 501 510 511; do
		"$PWCTL" -n "$PE" pw del peer $PEER_C vc-id "$vc" 2>/dev/null
	done
	"$PWCTL" -n "$PE" ac del dev ac2 2>/dev/null
	ip -n "$PE" route del $PEER_C/32 2>/dev/null
	[ "$("$PWCTL" -n "$PE" -j pw show | jq length)" = 2 ] &&
		! ac_jq "$PE" ac2 . > /dev/null &&
		[ -z "$(ip -n "$PE" route show $PEER_C/32)" ] ||
		{ echo "the flap test left PWs, ac2 or the route"; return 1; }
}

# flap_check TEST: TEST, then the cleanup, which fails it if it fails.
flap_check()
{
	local rc=0

	"$1" || rc=1
	flap_cleanup || rc=1
	return $rc
}

# switchovers_are AC N: AC counted N switchovers.
switchovers_are()
{
	local n

	n=$(ac_jq "$PE" "$1" .switchovers) || return 1
	[ "$n" = "$2" ] || { echo "$1: $n switchovers, not $2"; return 1; }
}

# route_flap: on ac2 a primary then a secondary, on ac3 a secondary then a
# primary, all four through one route; the route goes and comes back. The
# route work updates every PW's state before any selection: going, no AC
# switches to a PW about to go down too (no switchover counted); back,
# ac3's primary is selected at once, not its secondary for the reroute
# delay (30 s).
route_flap()
{
	local rc=0 sw2 sw3

	flap_setup ac2 ac3 && pair_add ac2 500 501 && pair_add ac3 511 510 ||
		return 1
	sw2=$(ac_jq "$PE" ac2 .switchovers) &&
		sw3=$(ac_jq "$PE" ac3 .switchovers) || return 1
	run ip -n "$PE" route del $PEER_C/32
	slowwait 10 ac_jq "$PE" ac2 '.active_pw == null' &&
		slowwait 10 ac_jq "$PE" ac3 '.active_pw == null' ||
		{ echo "a PW is still active without the route"; rc=1; }
	switchovers_are ac2 "$sw2" && switchovers_are ac3 "$sw3" || rc=1
	run ip -n "$PE" route add $PEER_C/32 via $NBR_IP4 dev core0
	slowwait 10 ac_jq "$PE" ac2 '.active_pw.vc_id == 500' &&
		slowwait 10 ac_jq "$PE" ac3 '.active_pw.vc_id == 510' ||
		{ echo "not the primaries after the flap:"; pw_show_all "$PE"; rc=1; }
	switchovers_are ac2 "$sw2" && switchovers_are ac3 "$sw3" || rc=1
	return $rc
}

# ac_flap: ac2's device goes down and up under a primary and a secondary:
# both go down together, without a switchover to the secondary first.
ac_flap()
{
	local rc=0 sw

	flap_setup ac2 && pair_add ac2 500 501 || return 1
	sw=$(ac_jq "$PE" ac2 .switchovers) || return 1
	run ip -n "$PE" link set ac2 down
	slowwait 10 ac_jq "$PE" ac2 '.active_pw == null' ||
		{ echo "a PW is still active with ac2 down"; rc=1; }
	switchovers_are ac2 "$sw" || rc=1
	run ip -n "$PE" link set ac2 up
	slowwait 10 ac_jq "$PE" ac2 '.active_pw.vc_id == 500' ||
		{ echo "not the primary after the flap:"; pw_show_all "$PE"; rc=1; }
	switchovers_are ac2 "$sw" || rc=1
	return $rc
}

# conf_round_trip: showconf saves what "pwctl setconf" needs to restore
# the netns: with the configuration, MPLS input and the PW limit, changed
# in between, come back as they were.
conf_round_trip()
{
	local f=$TMPD/saved.conf before links net rc=0

	pwc "$PE" link set dev core0 mpls-input on &&
		pwc "$PE" net set max-pws 500 || return 1
	before=$(conf_snap) && links=$("$PWCTL" -n "$PE" -j link show) &&
		net=$("$PWCTL" -n "$PE" -j net show) || return 1
	"$PWCTL" -n "$PE" showconf > "$f" || return 1
	grep -qx 'link set dev core0 mpls-input on' "$f" &&
		grep -qx 'net set max-pws 500' "$f" ||
		{ echo "showconf lacks the link or net line:"; cat "$f"; return 1; }
	pwc "$PE" link set dev core0 mpls-input off &&
		pwc "$PE" net set max-pws 1000 &&
		pwc "$PE" pw del peer $PEER_A vc-id 100 || return 1
	pwc "$PE" setconf "$f" || return 1
	[ "$(conf_snap)" = "$before" ] ||
		{ echo "configuration not restored: $(conf_snap)"; rc=1; }
	[ "$("$PWCTL" -n "$PE" -j link show)" = "$links" ] ||
		{ echo "MPLS input not restored: $links"; rc=1; }
	[ "$("$PWCTL" -n "$PE" -j net show)" = "$net" ] ||
		{ echo "max-pws not restored: $net"; rc=1; }
	pwc "$PE" link set dev core0 mpls-input off &&
		pwc "$PE" net set max-pws 131072 || rc=1
	return $rc
}

setup()
{
	setup_ns PE NBR OTHER || return 1
	MUST_FAILED=0
	must ip -n "$PE" link add ac0 index "$IDX_AC0" type veth \
		peer name c0 netns "$NBR"
	must ip -n "$PE" link add ac1 index "$IDX_AC1" type veth \
		peer name c1 netns "$NBR"
	must ip -n "$PE" link add ac2 index "$IDX_AC2" type veth \
		peer name c2 netns "$NBR"
	must ip -n "$PE" link add ac3 index "$IDX_AC3" type veth \
		peer name c3 netns "$NBR"
	must ip -n "$PE" link add core0 index "$IDX_CORE" type veth \
		peer name n0 netns "$NBR"
	must ip -n "$OTHER" link add far0 index "$IDX_FOREIGN" type veth \
		peer name far1
	must ip -n "$PE" addr add 198.51.100.1/24 dev core0
	must ip -n "$PE" addr add 2001:db8:1::1/64 dev core0 nodad
	must ip -n "$NBR" addr add "$NBR_IP4"/24 dev n0
	must ip -n "$NBR" addr add "$NBR_IP6"/64 dev n0 nodad
	local d
	for d in ac0 ac1 ac2 ac3 core0; do
		must ip -n "$PE" link set "$d" up
	done
	for d in c0 c1 c2 c3 n0; do
		must ip -n "$NBR" link set "$d" up
	done
	[ "$MUST_FAILED" = 0 ] || return 1
	if ip -n "$PE" -o link show | grep -q "^$IDX_FOREIGN:"; then
		echo "ifindex $IDX_FOREIGN exists in $PE too"
		return 1
	fi
	baseline
}

baseline()
{
	pwc "$PE" ac add dev ac0 &&
	pwc "$PE" ac add dev ac1 &&
	pwc "$PE" ac add dev ac3 &&
	pwc "$PE" pw add peer $PEER_A vc-id 100 local-label 1000 \
		remote-label 2000 dev ac0 \
		tunnel via $NBR_IP4 dev core0 label 100 &&
	pwc "$PE" pw add peer $PEER_B vc-id 200 local-label 1001 \
		remote-label 2001 dev ac1 control-word \
		tunnel via $NBR_IP6 dev core0 label 101
}

# baseline_reset: back to the baseline, whatever a test left.
baseline_reset()
{
	local peer vc dev

	"$PWCTL" -n "$PE" -j pw show | jq -r '.[] | "\(.peer) \(.vc_id)"' |
	while read -r peer vc; do
		"$PWCTL" -n "$PE" pw del peer "$peer" vc-id "$vc"
	done
	for dev in $("$PWCTL" -n "$PE" -j ac show | jq -r '.[].dev'); do
		"$PWCTL" -n "$PE" ac del dev "$dev"
	done
	baseline
}

# conf_snap: the configuration and state as pwctl shows them, without
# what moves by itself or measures history (times, counters, latencies).
VOLATILE='.last_change_ms, .stats, .age_ms, .switch_latency_ns, .activations,
	  .switchovers'
conf_snap()
{
	{
		"$PWCTL" -n "$PE" -j pw show &&
		"$PWCTL" -n "$PE" -j -d ac show
	} | jq -c "walk(if type == \"object\" then del($VOLATILE)
			   else . end)"
}

BASELINE_SNAP=

# refused kernel|usage|nodev PWCTL_ARG...: the configuration is unchanged
# and (pwctl(8), EXIT STATUS)
#   kernel  the kernel refused it: exit 1 and "Error: <extack>";
#   usage   pwctl refused a value itself, nothing sent: exit 2 and
#           "pwctl: ... <the value>";
#   nodev   pwctl found no such device in the netns: exit 1 and
#           "pwctl: cannot find device ...".
refused()
{
	local mode=$1 before after rc err want=1 line

	shift
	case $mode in
	kernel) line='^Error: .' ;;
	usage)  line='^pwctl: .' want=2 ;;
	nodev)  line='^pwctl: .*cannot find device' ;;
	esac
	before=$(conf_snap) || return 1
	echo_cmd pwctl -n "$PE" "$@"
	"$PWCTL" -n "$PE" "$@" > /dev/null 2> "$TMPD/err"
	rc=$?
	after=$(conf_snap)
	err=$(cat "$TMPD/err")
	if [ "$rc" != "$want" ]; then
		echo "exit status $rc (expected $want): $err"
		return 1
	fi
	if ! grep -Eq "$line" "$TMPD/err"; then
		echo "exit $rc without a line like \"$line\": $err"
		return 1
	fi
	if [ "$before" != "$after" ]; then
		echo "the configuration changed:"
		diff <(echo "$before") <(echo "$after")
		return 1
	fi
	echo "exit $rc: $err"
}

# raw_batch OUT WRAPPER... -- REQUEST...: one genl.py run in PE for all
# requests, one JSON result line each.
raw_batch()
{
	local out=$1 req=$TMPD/requests r

	shift
	local wrap=()
	while [ "$1" != -- ]; do
		wrap+=("$1")
		shift
	done
	shift
	: > "$req"
	for r in "$@"; do
		echo "$r" >> "$req"
	done
	echo_cmd ip netns exec "$PE" "${wrap[@]}" "${GENL[@]}" --batch "$req"
	ip netns exec "$PE" "${wrap[@]}" "${GENL[@]}" --batch "$req" \
		> "$out" 2> "$TMPD/genl.err"
	[ -s "$TMPD/genl.err" ] && diag "genl.py: $(cat "$TMPD/genl.err")"
	# one line per result: errname, extack, missing attribute type,
	# separated by US (not whitespace, so empty fields stay fields)
	jq -r '[.errname, (.extack // ""), (.miss_type // "" | tostring)] |
	       join("\u001f")' "$out" > "$out.tsv"
}

# raw_report PREFIX OUT DESC_ARRAY EXP_ARRAY EXT_ARRAY: a KTAP line per
# request of the batch.
raw_report()
{
	local prefix=$1 out=$2 i=0 got msg miss exp ext why
	local -n descs=$3 exps=$4 exts=$5

	while [ "$i" -lt "${#descs[@]}" ]; do
		exp=${exps[i]}
		ext=${exts[i]:-any}
		got="" msg="" miss=""
		IFS=$'\x1f' read -r got msg miss < <(sed -n "$((i + 1))p" \
			"$out.tsv")
		why=""
		if [ -z "$got" ]; then
			why="no answer"
		elif [[ ! "$got" =~ ^($exp)$ ]]; then
			why="got $got, expected $exp"
		elif [ "$ext" = msg ] && [ -z "$msg" ]; then
			why="$got without an extack message"
		elif [ "$ext" = miss ] && { [ -z "$msg" ] || [ -z "$miss" ]; }; then
			why="$got without an extack message and missing type"
		fi
		if [ -n "$why" ]; then
			diag "$why${msg:+ (\"$msg\")}"
			ktap_fail "$prefix: ${descs[i]}"
		else
			[ "$VERBOSE" = 1 ] && diag "$got${msg:+: $msg}" \
				"${miss:+(missing attribute type $miss)}"
			ktap_pass "$prefix: ${descs[i]}"
		fi
		i=$((i + 1))
	done
}

# unchanged: the configuration is the baseline.
unchanged()
{
	local now

	now=$(conf_snap) || return 1
	[ "$now" = "$BASELINE_SNAP" ] && return 0
	echo "the configuration is not the baseline any more:"
	diff <(echo "$BASELINE_SNAP") <(echo "$now")
	return 1
}

# entry_holds WHAT JQ: JQ holds for WHAT's entry ("ac DEV" or "pw PEER
# VC-ID") in conf_snap's output (stdin).
entry_holds()
{
	local what=($1)

	case ${what[0]} in
	ac) jq -e --arg d "${what[1]}" ".[] | select((has(\"peer\") | not) and
		.dev == \$d) | $2" ;;
	pw) jq -e --arg p "${what[1]}" --argjson v "${what[2]}" ".[] |
		select(has(\"peer\") and .peer == \$p and .vc_id == \$v) | $2" ;;
	esac | grep -qx true
}

# others_of WHAT: conf_snap's output (stdin) without what a change of
# WHAT may change: for "ac DEV" that AC's entry, for "pw PEER VC-ID" the
# PW's entry and every AC (the AC's selection may follow the PW).
others_of()
{
	local what=($1)

	case ${what[0]} in
	ac) jq -c --arg d "${what[1]}" \
		'map(select((has("peer") | not) and .dev == $d | not))' ;;
	pw) jq -c --arg p "${what[1]}" --argjson v "${what[2]}" \
		'map(select(has("peer") and (.peer == $p and .vc_id == $v | not)))' ;;
	esac
}

# later_option "OPTION|WHAT|JQ": pwctl applies OPTION (exit 0), after
# which JQ holds for WHAT's entry ("ac DEV" or "pw PEER VC-ID") and did
# not before, and no other AC or PW changed; then the baseline is
# restored.
later_option()
{
	local opt what expr before after rc err

	IFS='|' read -r opt what expr <<< "$1"
	before=$(conf_snap) || return 1
	if entry_holds "$what" "$expr" <<< "$before"; then
		echo "$what shows \"$expr\" already: $before"
		return 1
	fi
	echo_cmd pwctl -n "$PE" "$opt"
	# shellcheck disable=SC2086 # the option words
	"$PWCTL" -n "$PE" $opt > /dev/null 2> "$TMPD/err"
	rc=$?
	err=$(cat "$TMPD/err")
	after=$(conf_snap)
	baseline_reset > /dev/null 2>&1
	if [ "$rc" != 0 ]; then
		echo "exit status $rc: $err"
		return 1
	fi
	if ! entry_holds "$what" "$expr" <<< "$after"; then
		echo "applied, but pwctl -j does not show \"$expr\" for $what:"
		echo "$after"
		return 1
	fi
	if [ "$(others_of "$what" <<< "$before")" != \
	     "$(others_of "$what" <<< "$after")" ]; then
		echo "other ACs or PWs changed too:"
		diff <(others_of "$what" <<< "$before") \
			<(others_of "$what" <<< "$after")
		return 1
	fi
	echo "applied and shown"
}

# Without CAP_NET_ADMIN, pwctl's changes fail (exit 1) and change nothing.
nocap_pwctl_changes()
{
	local c rc=0

	for c in "ac add dev ac2" "ac set dev ac3 holdoff 0" "ac del dev ac3" \
		 "pw set peer $PEER_A vc-id 100 admin down" \
		 "pw del peer $PEER_A vc-id 100" \
		 "pw add peer 203.0.113.9 vc-id 9 local-label 1009 remote-label 2009 dev ac3"
	do
		# shellcheck disable=SC2086 # the command words
		ip netns exec "$PE" setpriv --bounding-set=-net_admin \
			--inh-caps=-net_admin "$PWCTL" $c > /dev/null \
			2> "$TMPD/err"
		local st=$?
		if [ "$st" != 1 ]; then
			echo "\"pwctl $c\": exit $st: $(cat "$TMPD/err")"
			rc=1
		fi
	done
	unchanged || rc=1
	return "$rc"
}

# Without CAP_NET_ADMIN, the show commands print what they print with it.
nocap_pwctl_show()
{
	local c a b rc=0

	for c in "-j -s pw show" "-j -d ac show" "-j stats show"; do
		# shellcheck disable=SC2086 # the command words
		a=$(ip netns exec "$PE" "$PWCTL" $c | jq -c "walk(
			if type == \"object\" then del($VOLATILE) else . end)")
		# shellcheck disable=SC2086 # the command words
		b=$(ip netns exec "$PE" setpriv --bounding-set=-net_admin \
			--inh-caps=-net_admin "$PWCTL" $c | jq -c "walk(
			if type == \"object\" then del($VOLATILE) else . end)")
		if [ -z "$b" ] || [ "$a" != "$b" ]; then
			echo "\"pwctl $c\" without CAP_NET_ADMIN: \"$b\", with: \"$a\""
			rc=1
		fi
	done
	return "$rc"
}

# Notifications: subscribe to "events", make changes, diff.
EVENTS=$TMPD/events.jsonl
notify_pw()
{
	local mon

	rm -f "$EVENTS.ready"
	bg_start mon ip netns exec "$PE" "${GENL[@]}" --monitor --timeout 300 \
		--ready "$EVENTS.ready" > "$EVENTS"
	wait_file 20 "$EVENTS.ready" || { echo "monitor did not start"; return 1; }
	pwc "$PE" ac add dev ac2 &&
	pwc "$PE" pw add peer 203.0.113.9 vc-id 9 local-label 1009 \
		remote-label 2009 dev ac2 tunnel via "$NBR_IP4" dev core0 &&
	pwc "$PE" pw set peer 203.0.113.9 vc-id 9 admin down &&
	pwc "$PE" pw del peer 203.0.113.9 vc-id 9 &&
	pwc "$PE" ac del dev ac2 || return 1
	slowwait 10 jq -e -s "any(.[]; .event == \"deleted\" and
			       .ac.ifindex == $IDX_AC2)" "$EVENTS"
	bg_stop "$mon"
	events_have "PW created" \
		".cmd == \"pw_get\" and .event == \"new\" and .pw.vc_id == 9" &&
	events_have "PW set admin down" \
		".cmd == \"pw_get\" and .event == \"changed\" and
		 .pw.vc_id == 9 and .pw.admin_up == 0" &&
	events_have "PW deleted" \
		".cmd == \"pw_del\" and .event == \"deleted\" and .pw.vc_id == 9"
}

notify_ac()
{
	events_have "AC created" ".cmd == \"ac_get\" and .event == \"new\" and
			.ac.ifindex == $IDX_AC2" &&
	events_have "AC deleted" ".cmd == \"ac_del\" and
			.event == \"deleted\" and .ac.ifindex == $IDX_AC2"
}

events_have()
{
	jq -e -s "any(.[]; $2)" "$EVENTS" > /dev/null 2>&1 && return 0
	echo "no notification for: $1 ($2); received:"
	cat "$EVENTS"
	return 1
}

# A dump larger than one message: 300 PWs without an AC (allowed: an
# S-PE's PWs have none). If they cannot be created, the dump checks fail.
DUMP_FAILED=
many_pws()
{
	local out

	out=$(nsx "$PE" "${GENL[@]}" --repeat 300 pw_new \
		pw.peer_ipv4=198.51.100.200 'pw.vc_id={i+1000}' \
		'pw.local_label={i+5000}' 'pw.remote_label={i+5000}')
	jq -e '.ok == 300' <<< "$out" > /dev/null && return 0
	DUMP_FAILED="the 300 PWs were not created"
	echo "$out"
	return 1
}

# dump_needed: the 300 PWs are there.
dump_needed()
{
	[ -z "$DUMP_FAILED" ] && return 0
	echo "cannot pass: $DUMP_FAILED"
	return 1
}

dump_raw()
{
	local out=$TMPD/dump.json

	dump_needed || return 1
	nsx "$PE" "${GENL[@]}" pw_get dump > "$out" || return 1
	diag "PW dump: $(jq '.replies | length' "$out") entries in" \
	     "$(jq .parts "$out") messages"
	jq -e '(.replies | length) == 302 and
	       ([.replies[].pw | [(.peer_ipv4 // .peer_ipv6), .vc_id]] |
		unique | length) == 302 and
	       .parts >= 2 and (.dump_intr | not)' "$out" > /dev/null &&
		return 0
	echo "dump: $(jq -c '{errname, parts, dump_intr,
			       n: (.replies | length)}' "$out")"
	return 1
}

dump_pwctl()
{
	local n

	dump_needed || return 1
	n=$("$PWCTL" -n "$PE" -j -s pw show | jq length)
	expect_eq "PWs listed by pwctl -j -s pw show" 302 "$n"
}

many_pws_del()
{
	local out

	dump_needed || return 1
	out=$(nsx "$PE" "${GENL[@]}" --repeat 300 pw_del \
		pw.peer_ipv4=198.51.100.200 'pw.vc_id={i+1000}')
	jq -e '.ok == 300' <<< "$out" > /dev/null || { echo "$out"; return 1; }
	unchanged
}

# ---------------------------------------------------------------- tests --

check "setup: PE with ACs ac0, ac1, ac3 and two PWs" setup ||
	ktap_bail "cannot set up"
BASELINE_SNAP=$(conf_snap)

# pwctl ($NPWCTL checks)
check "pwctl: local-label 15 refused" refused usage \
	pw add peer 203.0.113.9 vc-id 9 local-label 15 remote-label 2009 \
	dev ac3
check "pwctl: local-label 1048576 refused" refused usage \
	pw add peer 203.0.113.9 vc-id 9 local-label 1048576 \
	remote-label 2009 dev ac3
check "pwctl: remote-label 15 refused" refused usage \
	pw add peer 203.0.113.9 vc-id 9 local-label 1009 remote-label 15 \
	dev ac3
check "pwctl: duplicate local label refused" refused kernel \
	pw add peer 203.0.113.9 vc-id 9 local-label 1000 remote-label 2009 \
	dev ac3
check "pwctl: duplicate (peer, vc-id) refused" refused kernel \
	pw add peer $PEER_A vc-id 100 local-label 1009 remote-label 2009 \
	dev ac3
check "pwctl: unknown device refused" refused nodev \
	pw add peer 203.0.113.9 vc-id 9 local-label 1009 remote-label 2009 \
	dev nosuchdev0
check "pwctl: a device of another netns refused" refused nodev \
	pw add peer 203.0.113.9 vc-id 9 local-label 1009 remote-label 2009 \
	dev far0
check "pwctl: PW on a device that is not an AC refused" refused kernel \
	pw add peer 203.0.113.9 vc-id 9 local-label 1009 remote-label 2009 \
	dev ac2
check "pwctl: unknown tunnel device refused" refused nodev \
	pw add peer 203.0.113.9 vc-id 9 local-label 1009 remote-label 2009 \
	dev ac3 tunnel via $NBR_IP4 dev nosuchdev0
check "pwctl: tunnel label 3 (implicit null) followed by another refused" \
	refused usage pw add peer 203.0.113.9 vc-id 9 local-label 1009 \
	remote-label 2009 dev ac3 tunnel via $NBR_IP4 dev core0 label 3/100
check "pwctl: 9 tunnel labels refused" refused usage \
	pw add peer 203.0.113.9 vc-id 9 local-label 1009 remote-label 2009 \
	dev ac3 tunnel via $NBR_IP4 dev core0 \
	label 100/101/102/103/104/105/106/107/108
check "pwctl: tagged vlan 4095 refused" refused usage \
	pw add peer 203.0.113.9 vc-id 9 local-label 1009 remote-label 2009 \
	dev ac3 tagged vlan 4095
check "pwctl: ac add on a device that already is an AC refused" \
	refused kernel ac add dev ac0
check "pwctl: ac add dev lo (not an Ethernet device) refused" \
	refused kernel ac add dev lo
check "pwctl: ac del of a device that is not an AC refused" \
	refused kernel ac del dev ac2
check "pwctl: pw del of a PW that does not exist refused" \
	refused kernel pw del peer 203.0.113.9 vc-id 9
check "pwctl: pw set with one bad value changes nothing" refused kernel \
	pw set peer $PEER_A vc-id 100 remote-label 2222 dev ac2
check "pwctl: redundancy independent with reroute refused, AC unchanged" \
	refused kernel ac set dev ac3 redundancy independent \
	reroute delay 30
check "pwctl: reroute delay 5 (below 10) refused" refused usage \
	ac set dev ac3 reroute delay 5
check "pwctl: holdoff 181 (over 180) refused" refused usage \
	ac set dev ac3 holdoff 181

# raw requests, then the configuration is still the baseline
raw_batch "$TMPD/raw.jsonl" -- "${RAW_REQ[@]}"
raw_report raw "$TMPD/raw.jsonl" RAW_DESC RAW_EXP RAW_EXT
check "raw: after all refused requests the configuration is unchanged" \
	unchanged
baseline_reset > /dev/null 2>&1

# options added since the first version
for opt in "${LATER[@]}"; do
	check "option \"${opt%%|*}\": applied, shown by pwctl -j" \
		later_option "$opt"
done
baseline_reset > /dev/null 2>&1

# without CAP_NET_ADMIN
# shellcheck disable=SC2034 # used by name in raw_report
UNP_EXT=()
raw_batch "$TMPD/unpriv.jsonl" setpriv --bounding-set=-net_admin \
	--inh-caps=-net_admin -- "${UNP_REQ[@]}"
raw_report "no CAP_NET_ADMIN" "$TMPD/unpriv.jsonl" UNP_DESC UNP_EXP UNP_EXT
check "no CAP_NET_ADMIN: pwctl changes exit 1 and change nothing" \
	nocap_pwctl_changes
check "no CAP_NET_ADMIN: pwctl show output is the same" nocap_pwctl_show
check "no CAP_NET_ADMIN: the configuration is unchanged" unchanged

# notifications
check "events: PW created, changed, deleted are notified" notify_pw
check "events: AC created, deleted are notified" notify_ac

# a dump over several messages
check "dump: 300 more PWs (without an AC) created" many_pws
check "dump: raw PW dump returns all 302 once, over several messages" \
	dump_raw
check "dump: pwctl -j -s pw show lists all 302" dump_pwctl
check "dump: the 300 PWs deleted, the baseline is left" many_pws_del

check "tunnel device flap: primary and secondary through it, the primary back" \
	tunnel_flap
check "route flap: primaries and secondaries through it, no switchover" \
	flap_check route_flap
check "AC device flap: its primary and secondary down together, no switchover" \
	flap_check ac_flap
check "conf: showconf then setconf restores PWs, MPLS input and max-pws" \
	conf_round_trip

check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
