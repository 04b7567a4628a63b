#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VRRP tracking (the seed's step 7: "mpls l2vc track admin-vrrp ...
# [pw-redundancy]"): VRRP group states set from userspace, as a keepalived
# notify script would, and a PW that tracks one.
#
#  CE1            PE1                      P                    PE2           CE2
#  eth0 ---- ac0      core0 ------- pe1       pe2 ------- core0      ac0 ---- eth0
#           (AC)  198.51.100.1/30   .2/30     .5/30   198.51.100.6/30 (AC)
#           VRRP group ac0 vrid 7      mpls_router
#           (and vrrp0, a dummy, vrid 9)
#  CE1: 192.0.2.1/24                          CE2: 192.0.2.2/24
#
#  PW vc-id 100 PE1 (label 1000) <-> PE2 (label 2000), control word, status
#  in band (RFC 6478, refresh 1 s); both ACs master mode with one PW, so
#  each end obeys a standby bit it receives.
#
# Checked: vrrp set / show (text and JSON) / del, and what is refused;
# their notifications;
# track-vrrp without pw-redundancy: the PW is down (vrrp-backup) and CE1
# cannot reach CE2 while the group is backup (or unknown, after vrrp del),
# and forwards again on master; with pw-redundancy the PW stays up and the
# group sets the status PE1 signals (backup: 0x20, master: 0), PE2 obeys
# it, and forwarding follows; no-track-vrrp ends the tracking; a group's
# device deleted takes the group along. Then the seed's topology (see
# lib_seed.sh) with mVRRP in place of E-Trunk: PE2's and PE3's service
# PWs track their group with pw-redundancy; flipping the groups moves PE1
# from PW 100 to PW 200 and back, traffic following; a clean kernel log.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"
source "$SELFTEST_DIR/lib_seed.sh"

require_mpls_pw
require_mpls_router
require_cmd ping

ktap_plan 16
kmsg_mark vrrp

VRID=7
EVENTS=$TMPD/pe1-events.json

pe1() { pw_jq "$PE1" "$PW_PEER1" $PW_VC "$1"; }
pe2() { pw_jq "$PE2" "$PW_PEER2" $PW_VC "$1"; }

show_both()
{
	pw_show_all "$PE1" "$PE2"
	"$PWCTL" -n "$PE1" vrrp show
}

shows()
{
	"$@" && return 0
	show_both
	return 1
}

setup()
{
	topo_create && p_lsp inet php &&
		pw_pair_add 4 explicit control-word status-signaling on \
			refresh 1 &&
		wait_pw_pair_active && neigh_pin || return 1
	run ip -n "$PE1" link add vrrp0 type dummy &&
		run ip -n "$PE1" link set vrrp0 up || return 1
	r_monitor "$PE1" "$EVENTS"
}

# vrrp_is DEV VRID STATE: "pwctl -j vrrp show" on PE1 has that group.
vrrp_is()
{
	"$PWCTL" -n "$PE1" -j vrrp show | jq -e --arg d "$1" --argjson v "$2" \
		--arg s "$3" 'any(.[]; .dev == $d and .vrid == $v and
				  .state == $s)' > /dev/null
}

vrrp_absent()
{
	"$PWCTL" -n "$PE1" -j vrrp show | jq -e --arg d "$1" --argjson v "$2" \
		'all(.[]; .dev != $d or .vrid != $v)' > /dev/null
}

# refused WHAT ARGS...: "pwctl -n PE1 ARGS" fails, saying WHAT.
refused()
{
	local what=$1 out

	shift
	if out=$("$PWCTL" -n "$PE1" "$@" 2>&1); then
		echo "accepted: pwctl $*"
		return 1
	fi
	grep -qF -- "$what" <<< "$out" && return 0
	echo "pwctl $*: \"$out\", expected \"$what\""
	return 1
}

# raw_refused ERRNAME REQUEST...: helpers/genl.py sends REQUEST from PE1
# (what pwctl would not send); the kernel refuses it with ERRNAME.
raw_refused()
{
	local want=$1 out

	shift
	out=$(ip netns exec "$PE1" "$PYTHON" -S "$HELPERS/genl.py" "$@")
	jq -e --arg e "$want" '.errname == $e' <<< "$out" > /dev/null &&
		return 0
	echo "genl.py $*: $out, expected $want"
	return 1
}

groups()
{
	local rc=0 before ifindex

	pwc "$PE1" vrrp set dev ac0 vrid $VRID state master &&
		pwc "$PE1" vrrp set dev vrrp0 vrid 9 state backup || return 1
	vrrp_is ac0 $VRID master && vrrp_is vrrp0 9 backup ||
		{ echo "vrrp show: $("$PWCTL" -n "$PE1" -j vrrp show)"; rc=1; }
	"$PWCTL" -n "$PE1" vrrp show | tee "$TMPD/vrrp.txt" |
		grep -q "dev ac0 vrid $VRID state master" ||
		{ echo "text form:"; cat "$TMPD/vrrp.txt"; rc=1; }
	pwc "$PE1" vrrp set dev ac0 vrid $VRID state backup || return 1
	vrrp_is ac0 $VRID backup || { echo "state not changed"; rc=1; }
	pwc "$PE1" vrrp del dev vrrp0 vrid 9 || return 1
	vrrp_absent vrrp0 9 || { echo "vrrp del left the group"; rc=1; }
	vrrp_is ac0 $VRID backup || { echo "vrrp del took another group"; rc=1; }
	# what is refused leaves the groups as they were
	before=$("$PWCTL" -n "$PE1" -j vrrp show)
	refused "No such VRRP group" vrrp del dev vrrp0 vrid 9 || rc=1
	refused "nosuch" vrrp set dev nosuch vrid 3 state master || rc=1
	refused "vrid" vrrp set dev ac0 vrid 0 state master || rc=1
	refused "vrid" vrrp set dev ac0 vrid 256 state master || rc=1
	refused "state" vrrp set dev ac0 vrid 3 state primary || rc=1
	# the kernel's own checks
	ifindex=$(ip netns exec "$PE1" cat /sys/class/net/ac0/ifindex)
	raw_refused ERANGE vrrp_set vrrp.ifindex="$ifindex" vrrp.vrid=0 \
		vrrp.state=1 || rc=1
	raw_refused ERANGE vrrp_set vrrp.ifindex="$ifindex" vrrp.vrid=3 \
		vrrp.state=2 || rc=1
	raw_refused EINVAL vrrp_set vrrp.ifindex="$ifindex" vrrp.vrid=3 ||
		rc=1
	raw_refused ENODEV vrrp_set vrrp.ifindex=999999 vrrp.vrid=3 \
		vrrp.state=1 || rc=1
	raw_refused ENOENT vrrp_del vrrp.ifindex="$ifindex" vrrp.vrid=3 ||
		rc=1
	[ "$("$PWCTL" -n "$PE1" -j vrrp show)" = "$before" ] ||
		{ echo "changed by a refused request"; rc=1; }
	return $rc
}

# vrrp set and vrrp del reach the events group: the group with its new
# state, then its removal.
vrrp_events()
{
	local n

	n=$(wc -l < "$EVENTS")
	pwc "$PE1" vrrp set dev vrrp0 vrid 9 state master &&
		pwc "$PE1" vrrp set dev vrrp0 vrid 9 state backup &&
		pwc "$PE1" vrrp del dev vrrp0 vrid 9 || return 1
	slowwait 5 events_since "$n" 'any(.object == "vrrp" and
		.event == "deleted" and .vrid == 9)' ||
		{ echo "no vrrp deleted event"; events_since "$n" false; return 1; }
	events_since "$n" '[.[] | select(.object == "vrrp" and .vrid == 9 and
				   .dev == "vrrp0")] | map(.state)[0:2] ==
				 ["master", "backup"]' ||
		{ echo "expected master, backup, then deleted"; return 1; }
}

# pings_through: CE1 and CE2 ping each other 5 times each, all answered,
# PE1's PW sent all 10.
pings_through()
{
	local b a

	b=$(pw_stats "$PE1" "$PW_PEER1" $PW_VC) || return 1
	r_ping "$CE1" $CE2_IP4 5 && r_ping "$CE2" $CE1_IP4 5 || return 1
	a=$(pw_stats "$PE1" "$PW_PEER1" $PW_VC) || return 1
	[ "$(jdelta "$b" "$a" tx_packets)" = 10 ] ||
		{ echo "PE1 PW tx moved by $(jdelta "$b" "$a" tx_packets)"; return 1; }
}

# no_pings DROP_NS DROP_PATH: CE1's pings go unanswered and DROP_NS's
# counter at DROP_PATH (r_stats) counts them.
no_pings()
{
	local b a d

	b=$(r_stats "$1") || return 1
	r_no_ping "$CE1" $CE2_IP4 3 || { echo "CE2 answered"; return 1; }
	a=$(r_stats "$1") || return 1
	d=$(r_delta "$b" "$a" "$2")
	[ "$d" -ge 3 ] || { echo "$2 moved by $d, expected >= 3"; return 1; }
}

# Without pw-redundancy a backup group stops the PW.
track_backup()
{
	pwc "$PE1" pw set peer "$PW_PEER1" vc-id $PW_VC \
		track-vrrp dev ac0 vrid $VRID || return 1
	shows pe1 ".track_vrrp == {\"dev\": \"ac0\", \"vrid\": $VRID,
		\"pw_redundancy\": false}" &&
	shows slowwait 5 pe1 '.fwd == "down" and .down_reasons == ["vrrp-backup"]' &&
	# it tells the far end it does not forward
	shows pe1 '.status_sent % 2 == 1' &&
	shows slowwait 5 pe2 '.status_rcvd % 2 == 1 and .fwd == "down"' &&
	no_pings "$PE1" ac.drop_no_pw
}

track_master()
{
	pwc "$PE1" vrrp set dev ac0 vrid $VRID state master &&
	shows slowwait 5 pe1 '.fwd == "active" and .down_reasons == []' &&
	shows slowwait 5 pe2 '.fwd == "active" and .status_rcvd == 0' &&
	pings_through
}

# A forgotten group counts as backup; back to master, back to forwarding.
track_del()
{
	pwc "$PE1" vrrp del dev ac0 vrid $VRID &&
	shows slowwait 5 pe1 '.down_reasons == ["vrrp-backup"]' &&
	no_pings "$PE1" ac.drop_no_pw &&
	pwc "$PE1" vrrp set dev ac0 vrid $VRID state master &&
	shows slowwait 5 pe1 '.fwd == "active"' &&
	shows slowwait 5 pe2 '.fwd == "active"' && pings_through
}

# events_since N JQ: PE1's events after line N satisfy JQ (on the array).
events_since()
{
	tail -n +"$(($1 + 1))" "$EVENTS" | jq -e -s "$2" > /dev/null && return 0
	echo "PE1's events:"
	tail -n +"$(($1 + 1))" "$EVENTS"
	return 1
}

# With pw-redundancy the group sets the status PE1 signals; the PW stays
# up at PE1 and PE2, obeying the standby bit, stops forwarding.
redundancy_backup()
{
	local n

	pwc "$PE1" pw set peer "$PW_PEER1" vc-id $PW_VC \
		track-vrrp dev ac0 vrid $VRID pw-redundancy || return 1
	n=$(wc -l < "$EVENTS")
	pwc "$PE1" vrrp set dev ac0 vrid $VRID state backup || return 1
	shows slowwait 5 pe1 '.status_sent == 32' &&
	shows pe1 '.down_reasons == [] and .track_vrrp.pw_redundancy' &&
	shows slowwait 5 pe2 '.status_rcvd == 32 and .fwd == "standby"' &&
	"$PWCTL" -n "$PE1" pw show | grep -q "sent 0x20 (standby)" &&
	events_since "$n" 'any(.event == "status-sent" and .object == "pw" and
			      .status_sent == 32)' &&
	no_pings "$PE2" "\"$PW_VC\".drop_standby"
}

redundancy_master()
{
	pwc "$PE1" vrrp set dev ac0 vrid $VRID state master &&
	shows slowwait 5 pe1 '.status_sent == 0 and .fwd == "active"' &&
	shows slowwait 5 pe2 '.status_rcvd == 0 and .fwd == "active"' &&
	pings_through
}

untrack()
{
	pwc "$PE1" pw set peer "$PW_PEER1" vc-id $PW_VC no-track-vrrp &&
	pwc "$PE1" vrrp set dev ac0 vrid $VRID state backup || return 1
	shows pe1 '.track_vrrp == null' || return 1
	# nothing follows the group any more
	holds 2 pe1 '.status_sent == 0 and .fwd == "active"' ||
		{ show_both; return 1; }
	pings_through
}

dev_gone()
{
	pwc "$PE1" vrrp set dev vrrp0 vrid 9 state master || return 1
	vrrp_is vrrp0 9 master || return 1
	run ip -n "$PE1" link del vrrp0 || return 1
	"$PWCTL" -n "$PE1" -j vrrp show |
		jq -e 'all(.[]; .vrid != 9)' > /dev/null ||
		{ echo "still there: $("$PWCTL" -n "$PE1" -j vrrp show)"; return 1; }
	vrrp_is ac0 $VRID backup
}

# ------------------------------------------------------------------------
# The seed's step 7: PE2 and PE3 learn which of them serves CE2 from
# mVRRP (the groups set by hand here), not E-Trunk; their service PWs
# track the group with pw-redundancy, so the status they signal follows
# it, and PE1 (independent) follows the status. lib_seed.sh's topology;
# every AC state stays "active".

# seed_vrrp PE2_STATE PE3_STATE: the mVRRP group on PE2's and PE3's AC.
seed_vrrp()
{
	pwc "$PE2" vrrp set dev ac0 vrid 10 state "$1" &&
		pwc "$PE3" vrrp set dev ac0 vrid 10 state "$2"
}

seed_setup()
{
	local ns

	# the first topology goes
	for ns in "${NS_ALL[@]}"; do
		ns_del "$ns"
	done
	NS_ALL=()
	seed_topo_create || return 1
	R_AC1_OPTS=()
	r_pws_add independent "${S_STATUS[@]}" && seed_bypass_add &&
		seed_vrrp master backup || return 1
	pwc "$PE2" pw set peer $R_PE1_LO vc-id $R_VC_PRI \
		track-vrrp dev ac0 vrid 10 pw-redundancy &&
	pwc "$PE3" pw set peer $R_PE1_LO vc-id $R_VC_SEC \
		track-vrrp dev ac0 vrid 10 pw-redundancy && r_neigh_pin
}

# carried_by VC: CE1 and CE2 ping each other; PE1 sends and receives all
# of it on VC.
carried_by()
{
	local b a rc=0

	b=$(r_stats "$PE1") || return 1
	r_ping "$CE1" $R_CE2_IP 5 && r_ping "$CE2" $R_CE1_IP 5 ||
		{ echo "pings not answered"; rc=1; }
	a=$(r_stats "$PE1") || return 1
	s_expect_delta PE1 "$b" "$a" "\"$1\".tx_packets" == 10 || rc=1
	s_expect_delta PE1 "$b" "$a" "\"$1\".rx_packets" == 10 || rc=1
	[ "$rc" = 0 ] || s_show_all
	return $rc
}

seed_pe2_master()
{
	seed_vrrp master backup || return 1
	s_shows slowwait 15 r_active_is "$PE1" $R_VC_PRI &&
	s_shows slowwait 10 r_pe2 '.status_sent == 0' &&
	s_shows slowwait 10 r_pe3 '.status_sent == 32' &&
	s_shows slowwait 10 r_sec '.status_rcvd == 32 and .fwd == "standby"' &&
	s_shows slowwait 10 r_pri '.status_rcvd == 0 and .fwd == "active"' &&
	s_shows s_ac_state_is "$PE2" active &&
	s_shows s_ac_state_is "$PE3" active && carried_by $R_VC_PRI
}

seed_pe3_master()
{
	seed_vrrp backup master || return 1
	s_shows slowwait 15 r_active_is "$PE1" $R_VC_SEC &&
	s_shows slowwait 10 r_pe2 '.status_sent == 32' &&
	s_shows slowwait 10 r_pe3 '.status_sent == 0' &&
	s_shows r_pri '.status_rcvd == 32 and .fwd == "standby"' &&
	s_shows r_sec '.status_rcvd == 0 and .fwd == "active"' &&
	carried_by $R_VC_SEC
}

check "topology: CE1 - PE1 - P - PE2 - CE2, PW with status signalling" \
	setup || ktap_bail "cannot build the topology"
check "vrrp set / show / del; bad requests refused, nothing changed" groups
check "vrrp set / del are notified: the group's state, then deleted" \
	vrrp_events
check "track-vrrp, group backup: PW down (vrrp-backup), CE2 unreachable" \
	track_backup
check "track-vrrp, group master: PW forwards again" track_master
check "vrrp del: the group counts as backup; master again: forwards" \
	track_del
check "pw-redundancy, backup: PW up, PE1 signals 0x20, PE2 stops forwarding" \
	redundancy_backup
check "pw-redundancy, master: PE1 signals 0, both ends forward" \
	redundancy_master
check "no-track-vrrp: the group no longer matters" untrack
check "a VRRP device deleted takes its groups along" dev_gone
check "the PW is up at both ends at the end" \
	eval "pe1 '.down_reasons == []' && pe2 '.down_reasons == []'"
check "the seed with mVRRP: PE2, PE3 signal what their VRRP groups say" \
	seed_setup
check "mVRRP: PE2 master, PE3 backup: PE1 on PW 100, CE1 <-> CE2" \
	seed_pe2_master
check "mVRRP flips (PE3 master): PE1 follows to PW 200 by itself" \
	seed_pe3_master
check "mVRRP flips back: PE1 back on PW 100" seed_pe2_master
check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
