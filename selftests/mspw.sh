#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PW switching (multi-segment PW, RFC 6073; the seed's step 4): an S-PE
# stitches two PWs without an AC, so CE1 reaches CE2 over two segments,
# and passes on what one segment's far end signals, or a failure of that
# segment as PSN fault bits (RFC 6870), to the other; a T-PE with a
# secondary PW then switches over.
#
#                 segment 1, vc-id 100          segment 2, vc-id 100
#  CE1 -- ac0 [PE1] core1 == P1 == w [S-PE] e == P2 == core0 [PE2] ac0 -- eth2
#       master  \                                                          br0 CE2
#                core2 ========= secondary PW, vc-id 200 === core0 [PE3] ac0 -- eth3
#
#  links      PE1-P1 198.51.100.0/30, P1-S-PE .4/30, S-PE-P2 .8/30,
#             P2-PE2 .12/30, PE1-PE3 .16/30 (PE1 the lower address)
#  loopbacks  PE1 203.0.113.1, PE2 .2, PE3 .3, S-PE .9
#  LSPs       P1: 100 -> S-PE, 101 -> PE1; P2: 300 -> PE2, 301 -> S-PE
#             (mpls_router, popped); PE1 -- PE3 directly, no tunnel label
#  PW labels  PE1 1000 (seg. 1), 1001 (to PE3); S-PE 5001 (seg. 1),
#             5002 (seg. 2); PE2 2000; PE3 3000
#  CE1 192.0.2.1/24, CE2 192.0.2.2/24 (bridge over eth2 and eth3)
#
#  Every PW: control word, status in band with a 1 s refresh. PE1 decides
#  (master, reroute immediately) and signals standby on the PW to PE3;
#  PE2 and PE3 obey.
#
# Checked: switch add / show (text and JSON), its notifications; the
# S-PE's PWs without an AC active; CE1 <-> CE2 over both segments, counted
# at every hop; PE2's "not forwarding" reaches PE1 through the S-PE; the
# P2 -- PE2 link cut: the S-PE finds segment 2 silent and signals PSN
# faults (0x18) on segment 1, PE1 marks its PW down (remote-fault) and
# switches to PE3, traffic goes on; recovery; the S-PE's own link to P2
# down: PSN faults at once; what switch add / del refuse; switch del: both
# segments down (no-ac), PE1 on PE3, notified; switch add again; a clean
# kernel log.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"
source "$SELFTEST_DIR/lib_seed.sh"

require_mpls_pw
require_mpls_router
require_cmd ping bridge

ktap_plan 14
kmsg_mark mspw

CE1_MAC=02:00:00:00:c1:01
CE2_MAC=02:00:00:00:c2:01
CE1_IP=192.0.2.1
CE2_IP=192.0.2.2
LO_PE1=203.0.113.1
LO_PE2=203.0.113.2
LO_PE3=203.0.113.3
LO_SPE=203.0.113.9
PRI=100
SEC=200
N=5
STATUS=(control-word status-signaling on refresh 1)
SPE="" P1="" P2=""

# veth_link NS_A DEV_A ADDR_A NS_B DEV_B ADDR_B: a veth pair, /30
# addresses.
veth_link()
{
	must ip -n "$1" link add "$2" mtu 1600 type veth peer name "$5" \
		mtu 1600 netns "$4" &&
	must mpls_input "$1" "$2" && must mpls_input "$4" "$5" &&
	must ip -n "$1" addr add "$3/30" dev "$2" &&
	must ip -n "$4" addr add "$6/30" dev "$5" &&
	must ip -n "$1" link set "$2" up &&
	must ip -n "$4" link set "$5" up
}

topo()
{
	local ns dev

	setup_ns CE1 PE1 P1 SPE P2 PE2 PE3 CE2 || return 1
	MUST_FAILED=0
	for ns in "$CE1" "$PE1" "$P1" "$SPE" "$P2" "$PE2" "$PE3" "$CE2"; do
		must nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	veth_link "$PE1" core1 198.51.100.1 "$P1" w 198.51.100.2
	veth_link "$P1" e 198.51.100.5 "$SPE" w 198.51.100.6
	veth_link "$SPE" e 198.51.100.9 "$P2" w 198.51.100.10
	veth_link "$P2" e 198.51.100.13 "$PE2" core0 198.51.100.14
	veth_link "$PE1" core2 198.51.100.17 "$PE3" core0 198.51.100.18
	must ip -n "$PE1" link add ac0 type veth peer name eth0 netns "$CE1"
	must ip -n "$PE2" link add ac0 type veth peer name eth2 netns "$CE2"
	must ip -n "$PE3" link add ac0 type veth peer name eth3 netns "$CE2"
	must ip -n "$CE2" link add br0 address $CE2_MAC type bridge stp_state 0
	must ip -n "$CE2" link set eth2 master br0
	must ip -n "$CE2" link set eth3 master br0
	must ip -n "$CE1" link set eth0 address $CE1_MAC
	must ip -n "$CE1" addr add $CE1_IP/24 dev eth0
	must ip -n "$CE2" addr add $CE2_IP/24 dev br0
	for ns in "$PE1" "$PE2" "$PE3"; do
		must ip -n "$ns" link set ac0 up
	done
	must ip -n "$CE1" link set eth0 up
	for dev in eth2 eth3 br0; do
		must ip -n "$CE2" link set $dev up
	done
	for ns in "$P1" "$P2"; do
		must nsx "$ns" sysctl -qw net.mpls.platform_labels=100000 \
			net.mpls.conf.w.input=1 net.mpls.conf.e.input=1
	done
	must ip -n "$P1" -f mpls route add 100 via inet 198.51.100.6 dev e
	must ip -n "$P1" -f mpls route add 101 via inet 198.51.100.1 dev w
	must ip -n "$P2" -f mpls route add 300 via inet 198.51.100.14 dev e
	must ip -n "$P2" -f mpls route add 301 via inet 198.51.100.9 dev w
	must ip -n "$CE1" neigh replace $CE2_IP lladdr $CE2_MAC dev eth0 \
		nud permanent
	must ip -n "$CE2" neigh replace $CE1_IP lladdr $CE1_MAC dev br0 \
		nud permanent
	[ "$MUST_FAILED" = 0 ]
}

# The S-PE's segments: towards PE1 and towards PE2.
seg1() { pw_jq "$SPE" $LO_PE1 $PRI "$1"; }
seg2() { pw_jq "$SPE" $LO_PE2 $PRI "$1"; }
pe1_pri() { pw_jq "$PE1" $LO_SPE $PRI "$1"; }
pe1_sec() { pw_jq "$PE1" $LO_PE3 $SEC "$1"; }
pe2_pw() { pw_jq "$PE2" $LO_SPE $PRI "$1"; }
pe3_pw() { pw_jq "$PE3" $LO_PE1 $SEC "$1"; }

show_all()
{
	pw_show_all "$PE1" "$SPE" "$PE2" "$PE3"
	"$PWCTL" -n "$SPE" switch show
}

shows()
{
	"$@" && return 0
	show_all
	return 1
}

SPE_EVENTS=$TMPD/spe-events.json
SPE_MON=
SW_MARK=0

# spe_monitor: "pwctl -j monitor" on the S-PE into SPE_EVENTS; returns once
# events arrive (a "pw set" without change sends a "changed" event).
spe_monitor()
{
	bg_start SPE_MON "$PWCTL" -n "$SPE" -j monitor > "$SPE_EVENTS"
	slowwait 10 spe_monitor_seen && return 0
	echo "pwctl monitor on the S-PE receives nothing"
	return 1
}

spe_monitor_seen()
{
	"$PWCTL" -n "$SPE" pw set peer $LO_PE1 vc-id $PRI admin up &&
		grep -q '"event":"changed","object":"pw"' "$SPE_EVENTS"
}

# switch_notified: since SW_MARK, a "changed" event for each S-PE PW.
switch_notified()
{
	local ev

	ev=$(tail -n +"$((SW_MARK + 1))" "$SPE_EVENTS")
	jq -e -s --arg a $LO_PE1 --arg b $LO_PE2 --argjson v $PRI '
		[.[] | select(.event == "changed" and .object == "pw" and
			      .vc_id == $v) | .peer] as $p |
		($p | index($a)) != null and ($p | index($b)) != null' \
		<<< "$ev" > /dev/null && return 0
	echo "the S-PE's events since the switch request:"
	echo "$ev"
	return 1
}

switch_add()
{
	pwc "$SPE" switch add peer $LO_PE1 vc-id $PRI peer $LO_PE2 vc-id $PRI
}

setup()
{
	topo || return 1
	pwc "$PE1" ac add dev ac0 reroute immediately &&
	pwc "$PE1" pw add peer $LO_SPE vc-id $PRI local-label 1000 \
		remote-label 5001 dev ac0 primary "${STATUS[@]}" \
		tunnel via 198.51.100.2 dev core1 label 100 &&
	pwc "$PE1" pw add peer $LO_PE3 vc-id $SEC local-label 1001 \
		remote-label 3000 dev ac0 secondary "${STATUS[@]}" \
		tunnel via 198.51.100.18 dev core2 &&
	pwc "$SPE" pw add peer $LO_PE1 vc-id $PRI local-label 5001 \
		remote-label 1000 "${STATUS[@]}" \
		tunnel via 198.51.100.5 dev w label 101 &&
	pwc "$SPE" pw add peer $LO_PE2 vc-id $PRI local-label 5002 \
		remote-label 2000 "${STATUS[@]}" \
		tunnel via 198.51.100.10 dev e label 300 &&
	pwc "$PE2" ac add dev ac0 &&
	pwc "$PE2" pw add peer $LO_SPE vc-id $PRI local-label 2000 \
		remote-label 5002 dev ac0 "${STATUS[@]}" \
		tunnel via 198.51.100.13 dev core0 label 301 &&
	pwc "$PE3" ac add dev ac0 &&
	pwc "$PE3" pw add peer $LO_PE1 vc-id $SEC local-label 3000 \
		remote-label 1001 dev ac0 "${STATUS[@]}" \
		tunnel via 198.51.100.17 dev core0 || return 1
	# not switched yet: the S-PE's PWs have nothing to carry
	shows seg1 '.fwd == "down" and (.down_reasons | index("no-ac"))' ||
		return 1
	spe_monitor || return 1
	SW_MARK=$(wc -l < "$SPE_EVENTS")
	switch_add || return 1
	shows slowwait 20 r_active_is "$PE1" $PRI &&
	shows slowwait 20 pe1_pri '.fwd == "active" and .status_rcvd == 0' &&
	shows slowwait 20 pe1_sec '.fwd == "standby"' &&
	shows slowwait 20 pe2_pw '.fwd == "active"' &&
	shows slowwait 20 pe3_pw '.fwd == "standby" and .status_rcvd == 32'
}

switch_shown()
{
	local out

	out=$("$PWCTL" -n "$SPE" -j switch show) || return 1
	jq -e --arg a $LO_PE1 --arg b $LO_PE2 --argjson v $PRI \
		'length == 1 and (.[0].pws | map([.peer, .vc_id]) | sort ==
			[[$a, $v], [$b, $v]])' <<< "$out" > /dev/null ||
		{ echo "switch show: $out"; return 1; }
	"$PWCTL" -n "$SPE" switch show | grep -q \
		"peer $LO_PE1 vc-id $PRI peer $LO_PE2 vc-id $PRI" ||
		{ echo "text form: $("$PWCTL" -n "$SPE" switch show)"; return 1; }
}

spe_active()
{
	shows seg1 '.role == "none" and (.dev // "") == "" and
		.fwd == "active" and .down_reasons == []' &&
	shows seg2 '.role == "none" and (.dev // "") == "" and
		.fwd == "active" and .down_reasons == []'
}

# snap VAR: counters (by vc-id) of PE1, S-PE (by peer), PE2, PE3.
snap()
{
	local s

	s=$("$PWCTL" -n "$SPE" -j -s pw show | jq -c 'map({key: .peer,
		value: (.stats // {})}) | from_entries') || return 1
	printf -v "$1" %s "$(jq -n -c --argjson p1 "$(r_stats "$PE1")" \
		--argjson spe "$s" --argjson p2 "$(r_stats "$PE2")" \
		--argjson p3 "$(r_stats "$PE3")" \
		'{pe1: $p1, spe: $spe, pe2: $p2, pe3: $p3}')"
}

# pings_counted CHECK...: N pings each way; each CHECK is "PATH OP COUNT"
# on the counters' deltas (PATH as in snap: pe1."100".tx_packets,
# spe."203.0.113.1".rx_packets, ...).
pings_counted()
{
	local b a c rc=0

	snap b || return 1
	r_ping "$CE1" $CE2_IP $N && r_ping "$CE2" $CE1_IP $N ||
		{ echo "pings not answered"; rc=1; }
	snap a || return 1
	for c in "$@"; do
		# shellcheck disable=SC2086
		set -- $c
		s_expect_delta "$1" "$b" "$a" "$1" "$2" "$3" || rc=1
	done
	[ "$rc" = 0 ] && return 0
	echo "before: $b"
	echo "after:  $a"
	show_all
	return 1
}

via_spe()
{
	local n=$((2 * N))

	pings_counted "pe1.\"$PRI\".tx_packets == $n" \
		"pe1.\"$PRI\".rx_packets == $n" \
		"spe.\"$LO_PE1\".rx_packets == $n" \
		"spe.\"$LO_PE2\".tx_packets == $n" \
		"spe.\"$LO_PE2\".rx_packets == $n" \
		"spe.\"$LO_PE1\".tx_packets == $n" \
		"pe2.\"$PRI\".rx_packets == $n" \
		"pe2.\"$PRI\".tx_packets == $n" \
		"pe1.\"$SEC\".tx_packets == 0" \
		"pe3.\"$SEC\".rx_packets == 0"
}

via_pe3()
{
	local n=$((2 * N))

	pings_counted "pe1.\"$SEC\".tx_packets == $n" \
		"pe1.\"$SEC\".rx_packets == $n" \
		"pe3.\"$SEC\".rx_packets == $n" \
		"pe1.\"$PRI\".tx_packets == 0" \
		"spe.\"$LO_PE2\".tx_packets == 0"
}

# PE2 stops forwarding (admin down): its 0x01 reaches PE1 through the S-PE.
far_status_relayed()
{
	pwc "$PE2" pw set peer $LO_SPE vc-id $PRI admin down || return 1
	shows slowwait 10 seg2 '.status_rcvd % 2 == 1' &&
	shows slowwait 10 seg1 '.status_sent % 2 == 1' &&
	shows slowwait 10 pe1_pri '.status_rcvd % 2 == 1 and .fwd == "down" and
		(.down_reasons | index("remote-fault"))' &&
	shows slowwait 10 r_active_is "$PE1" $SEC || return 1
	pwc "$PE2" pw set peer $LO_SPE vc-id $PRI admin up || return 1
	shows slowwait 10 pe1_pri '.status_rcvd == 0 and .fwd == "active"' &&
	shows slowwait 10 r_active_is "$PE1" $PRI
}

# The P2 -- PE2 link is cut: the S-PE hears nothing on segment 2.
segment_fails()
{
	local t0 t

	t0=$(now_ms)
	run ip -n "$P2" link set e down || return 1
	t=$(waited_ms 15 seg2 '.fwd == "down"') ||
		{ echo "segment 2 never went down"; show_all; return 1; }
	diag "segment 2 down (silent) after $t ms"
	shows seg2 '.down_reasons | index("silent")' &&
	shows slowwait 5 seg1 '.status_sent == 24' &&
	shows slowwait 10 pe1_pri '.status_rcvd == 24 and .fwd == "down" and
		(.down_reasons | index("remote-fault"))' &&
	shows slowwait 10 r_active_is "$PE1" $SEC &&
	shows slowwait 10 pe3_pw '.fwd == "active"' || return 1
	diag "PE1 on the PW to PE3 $(( $(now_ms) - t0 )) ms after the cut"
}

segment_back()
{
	run ip -n "$P2" link set e up || return 1
	shows slowwait 15 seg2 '.fwd == "active"' &&
	shows slowwait 10 seg1 '.status_sent == 0' &&
	shows slowwait 10 pe1_pri '.status_rcvd == 0 and .fwd == "active"' &&
	shows slowwait 10 r_active_is "$PE1" $PRI &&
	shows slowwait 10 pe2_pw '.fwd == "active"' && via_spe
}

# The S-PE's own link to P2: segment 2's tunnel is down at once.
spe_link_fails()
{
	run ip -n "$SPE" link set e down || return 1
	shows slowwait 5 seg2 '.fwd == "down" and
		(.down_reasons | index("tunnel-dev-down"))' &&
	shows slowwait 5 seg1 '.status_sent == 24' &&
	shows slowwait 10 r_active_is "$PE1" $SEC || return 1
	run ip -n "$SPE" link set e up || return 1
	shows slowwait 15 seg1 '.status_sent == 0' &&
	shows slowwait 15 r_active_is "$PE1" $PRI &&
	shows slowwait 10 pe2_pw '.fwd == "active"'
}

# refused WHAT NS ARGS...
refused()
{
	local what=$1 ns=$2 out

	shift 2
	if out=$("$PWCTL" -n "$ns" "$@" 2>&1); then
		echo "accepted: pwctl $*"
		return 1
	fi
	grep -qF -- "$what" <<< "$out" && return 0
	echo "pwctl $*: \"$out\", expected \"$what\""
	return 1
}

switch_refusals()
{
	local rc=0

	refused "already switched" "$SPE" switch add peer $LO_PE1 vc-id $PRI \
		peer $LO_PE2 vc-id $PRI || rc=1
	refused "cannot have an AC" "$PE1" switch add peer $LO_SPE vc-id $PRI \
		peer $LO_PE3 vc-id $SEC || rc=1
	refused "not switched" "$PE1" switch del peer $LO_SPE vc-id $PRI \
		peer $LO_PE3 vc-id $SEC || rc=1
	refused "No PW" "$SPE" switch add peer $LO_PE1 vc-id $PRI \
		peer $LO_PE3 vc-id 7 || rc=1
	# a switched PW cannot be given an AC either
	run ip -n "$SPE" link add sac0 type dummy && pwc "$SPE" ac add dev sac0 ||
		return 1
	refused "The PW is switched" "$SPE" pw set peer $LO_PE1 vc-id $PRI \
		dev sac0 primary || rc=1
	run ip -n "$SPE" link del sac0
	shows seg1 '(.dev // "") == "" and .fwd == "active"' || rc=1
	[ "$("$PWCTL" -n "$SPE" -j switch show | jq length)" = 1 ] ||
		{ echo "the switch changed"; rc=1; }
	return $rc
}

switch_deleted()
{
	SW_MARK=$(wc -l < "$SPE_EVENTS")
	pwc "$SPE" switch del peer $LO_PE2 vc-id $PRI peer $LO_PE1 vc-id $PRI ||
		return 1
	[ "$("$PWCTL" -n "$SPE" -j switch show | jq length)" = 0 ] ||
		{ echo "switch show: $("$PWCTL" -n "$SPE" -j switch show)"
		  return 1; }
	shows seg1 '.fwd == "down" and (.down_reasons | index("no-ac"))' &&
	shows seg2 '.fwd == "down" and (.down_reasons | index("no-ac"))' &&
	shows slowwait 10 pe1_pri '.fwd == "down" and
		(.down_reasons | index("remote-fault"))' &&
	shows slowwait 10 r_active_is "$PE1" $SEC &&
	shows slowwait 10 pe3_pw '.fwd == "active"' && via_pe3 &&
		slowwait 5 switch_notified
}

switch_again()
{
	switch_add && switch_shown &&
	shows slowwait 15 r_active_is "$PE1" $PRI &&
	shows slowwait 10 pe2_pw '.fwd == "active"' && via_spe
}

check "topology: PE1 - P1 - S-PE - P2 - PE2 (mpls_router Ps), PE1 - PE3" \
	setup || ktap_bail "cannot build the topology"
check "switch show: the S-PE's two PWs, text and JSON" switch_shown
check "switch add notified: a changed event for each of the two PWs" \
	switch_notified
check "the S-PE's PWs: no AC, role none, both active" spe_active
check "CE1 <-> CE2 over both segments, counted at PE1, S-PE and PE2" via_spe
check "PE2 not forwarding: its 0x01 reaches PE1 through the S-PE" \
	far_status_relayed
check "P2 -- PE2 cut: S-PE signals PSN faults 0x18, PE1 down and on PE3" \
	segment_fails
check "CE1 <-> CE2 through PE3 while segment 2 is down" via_pe3
check "P2 -- PE2 back: segment 2 up, PE1 back on the MS-PW" segment_back
check "the S-PE's own link to P2 down: PSN faults at once, PE1 switches" \
	spe_link_fails
check "switch add / del / pw set refuse what they must, nothing changed" \
	switch_refusals
check "switch del: both segments down (no-ac), PE1 on PE3, both PWs notified" \
	switch_deleted
check "switch add again: the MS-PW carries again" switch_again
check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
