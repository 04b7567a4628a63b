#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed's whole scenario: independent PW redundancy with a bypass PW
# between the two PEs a CE is dual-homed to (E-Trunk on the CE side), so
# that a fault on the network side switches only the network side and a
# fault on the AC side moves the far end's PW selection.
#
#                      +-- core1 == P1 == PE2 (AC active)  -- eth2 --+
#  CE1 -- ac0 [PE1]----+     service PW vc-id 100   || bypass        br0 CE2
#        independent   +-- core2 == P2 == PE3 (AC standby) -- eth3 --+
#                            service PW vc-id 200   (PW vc-id 23)
#
#  CE1 192.0.2.1/24, CE2 192.0.2.2/24; loopbacks 203.0.113.1/.2/.3; core
#  links 198.51.100.0/30 .. .12/30, PE2 -- PE3 198.51.100.16/30; LSPs are
#  "encap mpls" routes, P1 and P2 pop. Every PW: control word, status in
#  band (RFC 6478) with a 1 s refresh; every AC independent.
#
# Checked, each step with pings both ways and the counters of the PWs the
# traffic must (and must not) cross:
#   (a)  steady state: PE1 -> PW 100 -> PE2 -> CE2, the bypass PW idle;
#   (b)  PE1 -- P1 fails: PE1 moves to PW 200 (no PW is active at both
#        ends: PE1 falls back to it and says so in an event naming it);
#        PE3 (AC standby) relays it over the bypass PW to PE2, whose AC
#        stays active; PE2 finds its service PW silent (3.5 refreshes)
#        and sends CE2's traffic over the bypass PW too; neither AC state
#        changes;
#   (b') the link is back: PE1 and PE2 back on PW 100, bypass idle;
#   (c)  E-Trunk makes PE2's AC standby and PE3's active (commands on PE2
#        and PE3 only): PE1 follows the signalled status to PW 200 by
#        itself (a selection event, no configuration event on PE1);
#   (c') E-Trunk back: PE1 back on PW 100;
# and a clean kernel log.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"
source "$SELFTEST_DIR/lib_seed.sh"

require_mpls_pw
require_mpls_router
require_cmd ping bridge

ktap_plan 14
kmsg_mark seed

PRI=$R_VC_PRI
SEC=$R_VC_SEC
BYP=$S_VC_BYP
N=5		# pings each way per step
EVENTS=$TMPD/pe1-events.json

setup()
{
	seed_topo_create || return 1
	R_AC1_OPTS=()
	seed_pws_add && r_neigh_pin && seed_ready || return 1
	r_monitor "$PE1" "$EVENTS"
}

# snap VAR: the counters of PE1, PE2 and PE3 into VAR1, VAR2, VAR3.
snap()
{
	local i ns

	for i in 1 2 3; do
		ns=PE$i
		printf -v "$1$i" %s "$(r_stats "${!ns}")" || return 1
	done
}

# expect_moves WHERE PATH OP N: the delta of PATH on PE WHERE (1..3)
# between snapshots B and A.
expect_moves()
{
	local b=B$1 a=A$1

	s_expect_delta "PE$1" "${!b}" "${!a}" "$2" "$3" "$4"
}

# pings_counted CHECKS...: N pings each way, then each CHECK (arguments
# of expect_moves) on the counters' deltas.
pings_counted()
{
	local rc=0 c

	snap B || return 1
	s_pings $N || { echo "pings not answered"; rc=1; }
	snap A || return 1
	for c in "$@"; do
		# shellcheck disable=SC2086
		expect_moves $c || rc=1
	done
	[ "$rc" = 0 ] && return 0
	echo "PE1 before: $B1"; echo "PE1 after:  $A1"
	echo "PE2 before: $B2"; echo "PE2 after:  $A2"
	echo "PE3 before: $B3"; echo "PE3 after:  $A3"
	s_show_all
	return 1
}

ac_states_unchanged()
{
	s_shows s_ac_state_is "$PE2" active &&
		s_shows s_ac_state_is "$PE3" standby
}

# (a) PE1 on the PW to PE2, every frame of 2N pings on PW 100 at both
# ends, nothing on PW 200 or the bypass.
steady()
{
	s_shows r_active_is "$PE1" $PRI && s_shows r_active_is "$PE2" $PRI &&
	pings_counted "1 \"$PRI\".tx_packets == $((2 * N))" \
		"1 \"$PRI\".rx_packets == $((2 * N))" \
		"1 \"$SEC\".tx_packets == 0" \
		"2 \"$PRI\".rx_packets == $((2 * N))" \
		"2 \"$PRI\".tx_packets == $((2 * N))" \
		"2 \"$BYP\".tx_packets == 0" \
		"3 \"$BYP\".rx_packets == 0" \
		"3 \"$SEC\".rx_packets == 0"
}

# (b) network-side fault: PE1 sends on the PW to PE3 although PE3 signals
# standby (no PW is active at both ends).
EV_MARK=0
link_fails()
{
	EV_MARK=$(wc -l < "$EVENTS")
	r_link_fail 1 || return 1
	s_shows slowwait 10 r_active_is "$PE1" $SEC &&
	s_shows r_pri '.fwd == "down"' &&
	s_shows r_sec '.fwd == "active" and .status_rcvd == 32' &&
	ac_states_unchanged
}

# fallback_event_for VC: since link_fails, PE1 said it falls back to a PW
# whose far end signals standby, and the PW it named is VC.
fallback_event_for()
{
	local ev="tail -n +$((EV_MARK + 1)) \"\$EVENTS\""

	slowwait 5 eval "$ev | grep -q '\"event\":\"fallback\"'" ||
		{ echo "no fallback event on PE1:"; eval "$ev"; return 1; }
	eval "$ev" | jq -e -s "[.[] | select(.event == \"fallback\")] |
		all(.active_pw.vc_id == $1)" > /dev/null && return 0
	echo "PE1's fallback event names another PW than the one it sends on ($1):"
	eval "$ev" | jq -c 'select(.event == "fallback" or .event == "selection")'
	return 1
}

# (b) PE2 hears nothing from PE1 on PW 100 any more: silent after 3.5 s,
# and the bypass PW carries its AC's traffic; PE3 keeps its service PW.
pe2_uses_bypass()
{
	local t

	t=$(waited_ms 15 r_pe2 '.fwd == "down"') ||
		{ echo "PE2's service PW never went down"; s_show_all; return 1; }
	diag "PE2's service PW down (silent) ${t} ms after the link failed"
	s_shows r_pe2 '.down_reasons | index("silent")' &&
	s_shows slowwait 5 r_active_is "$PE2" $BYP &&
	s_shows r_active_is "$PE3" $SEC && ac_states_unchanged
}

# (b) CE1 -> PE1 -> PW 200 -> PE3 -> bypass -> PE2 -> CE2 and back.
via_bypass()
{
	pings_counted "1 \"$SEC\".tx_packets == $((2 * N))" \
		"1 \"$SEC\".rx_packets == $((2 * N))" \
		"1 \"$PRI\".tx_packets == 0" \
		"3 \"$SEC\".rx_packets == $((2 * N))" \
		"3 \"$SEC\".tx_packets == $((2 * N))" \
		"3 \"$BYP\".tx_packets == $((2 * N))" \
		"3 \"$BYP\".rx_packets == $((2 * N))" \
		"2 \"$BYP\".rx_packets == $((2 * N))" \
		"2 \"$BYP\".tx_packets == $((2 * N))" \
		"2 \"$PRI\".tx_packets == 0" \
		"2 ac.drop_standby == 0" && ac_states_unchanged
}

# (b') the link and its route come back
link_back()
{
	r_link_restore 1 || return 1
	s_shows slowwait 15 r_active_is "$PE1" $PRI &&
	s_shows slowwait 15 r_active_is "$PE2" $PRI &&
	s_shows r_pri '.fwd == "active" and .down_reasons == []' &&
	s_shows r_pe2 '.fwd == "active" and .down_reasons == []' &&
	ac_states_unchanged &&
	pings_counted "1 \"$PRI\".tx_packets == $((2 * N))" \
		"1 \"$PRI\".rx_packets == $((2 * N))" \
		"1 \"$SEC\".tx_packets == 0" \
		"2 \"$PRI\".rx_packets == $((2 * N))" \
		"3 \"$BYP\".tx_packets == 0" \
		"3 \"$BYP\".rx_packets == 0"
}

# (c) AC-side fault: E-Trunk switches, PE1 follows what PE2 and PE3 signal.
ac_side()
{
	local n t0 t

	n=$(wc -l < "$EVENTS")
	t0=$(now_ms)
	r_etrunk standby active || return 1
	t=$(waited_ms 10 r_active_is "$PE1" $SEC) ||
		{ echo "PE1 did not follow to the PW to PE3"; s_show_all;
		  return 1; }
	diag "PE1 on the PW to PE3 $(( $(now_ms) - t0 )) ms after E-Trunk switched"
	s_shows r_pri '.status_rcvd == 32 and .fwd == "standby"' &&
	s_shows r_sec '.status_rcvd == 0 and .fwd == "active"' &&
	s_shows r_pe2 '.status_sent == 32' &&
	s_shows r_pe3 '.status_sent == 0' || return 1
	# PE1 was told nothing: a selection event, no configuration event
	tail -n +"$((n + 1))" "$EVENTS" | jq -e -s \
		"any(.event == \"selection\" and .object == \"ac\" and
		     .active_pw.vc_id == $SEC) and
		 all(.event != \"changed\" and .event != \"new\" and
		     .event != \"deleted\")" > /dev/null && return 0
	echo "PE1's events since E-Trunk switched:"
	tail -n +"$((n + 1))" "$EVENTS"
	return 1
}

# (c) CE1 -> PE1 -> PW 200 -> PE3 -> CE2: no bypass, nothing on PW 100.
ac_side_traffic()
{
	s_shows slowwait 10 r_pe3 '.fwd == "active"' &&
	pings_counted "1 \"$SEC\".tx_packets == $((2 * N))" \
		"1 \"$SEC\".rx_packets == $((2 * N))" \
		"1 \"$PRI\".tx_packets == 0" \
		"3 \"$SEC\".rx_packets == $((2 * N))" \
		"3 \"$SEC\".tx_packets == $((2 * N))" \
		"3 \"$BYP\".tx_packets == 0" \
		"2 \"$PRI\".rx_packets == 0" \
		"2 \"$BYP\".rx_packets == 0"
}

# (c') E-Trunk back
ac_side_back()
{
	r_etrunk active standby || return 1
	s_shows slowwait 10 r_active_is "$PE1" $PRI &&
	s_shows r_pri '.status_rcvd == 0 and .fwd == "active"' &&
	s_shows r_sec '.status_rcvd == 32 and .fwd == "standby"' &&
	s_shows slowwait 10 r_pe2 '.fwd == "active"' &&
	pings_counted "1 \"$PRI\".tx_packets == $((2 * N))" \
		"1 \"$PRI\".rx_packets == $((2 * N))" \
		"1 \"$SEC\".tx_packets == 0" \
		"2 \"$PRI\".tx_packets == $((2 * N))" \
		"3 \"$SEC\".rx_packets == 0" \
		"3 \"$BYP\".rx_packets == 0"
}

# Nothing left down, both ACs as E-Trunk last said.
all_up()
{
	s_shows r_pri '.down_reasons == []' &&
	s_shows r_sec '.down_reasons == []' &&
	s_shows r_pe2 '.down_reasons == []' &&
	s_shows r_pe3 '.down_reasons == []' &&
	s_shows s_byp2 '.down_reasons == []' &&
	s_shows s_byp3 '.down_reasons == []' && ac_states_unchanged
}

check "topology: the seed's dual-homed CE2, bypass PW PE2 -- PE3, all independent" \
	setup || ktap_bail "cannot build the topology"
check "(a) steady state: CE1 <-> CE2 via PW 100 and PE2, bypass idle" steady
check "(b) PE1 -- P1 down: PE1 moves to PW 200, AC states unchanged" \
	link_fails
check "(b) PE1's fallback event names PW 200, the PW it falls back to" \
	fallback_event_for $SEC
check "(b) PE2's service PW silent -> PE2 sends over the bypass PW" \
	pe2_uses_bypass
check "(b) CE1 <-> CE2 via PW 200, PE3, the bypass PW and PE2's AC" \
	via_bypass
check "(b') link back: PW 100 at both ends again, bypass idle" link_back
check "(c) E-Trunk: PE2 standby, PE3 active -> PE1 follows to PW 200 by itself" \
	ac_side
check "(c) CE1 <-> CE2 via PW 200 and PE3's AC, bypass idle" ac_side_traffic
check "(c') E-Trunk back: PE1 back on PW 100, traffic via PE2" ac_side_back
check "(d) after both recoveries: every PW up, ACs as E-Trunk set them" all_up
check "(d) a second network fault after recovery is carried the same way" \
	eval 'link_fails && pe2_uses_bypass && via_bypass && link_back'
check "PE1's AC counted no drop (no-pw, standby)" \
	r_ac '(.stats.drop_no_pw // 0) == 0 and (.stats.drop_standby // 0) == 0'
check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
