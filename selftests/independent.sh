#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PW redundancy, independent mode (RFC 6870 section 5.2, the seed's
# scenario) with the status signalled in band (RFC 6478): each PE signals
# its own AC's state, as E-Trunk decided it, and PE1 forwards on the PW
# that is active at both ends, without being told.
#
#                      +-- core1 == P1 == PE2 (AC active)  -- eth2 --+
#  CE1 -- ac0 [PE1]----+      primary PW, vc-id 100                  br0 CE2
#        independent   +-- core2 == P2 == PE3 (AC standby) -- eth3 --+
#                             secondary PW, vc-id 200
#
#  CE1 192.0.2.1/24, CE2 192.0.2.2/24; loopbacks 203.0.113.1/.2/.3; core
#  links 198.51.100.0/30 .. .12/30; LSPs "encap mpls" routes, P pops.
#  Every PE is in independent mode; every PW has the control word and
#  status signalling with a refresh of 1 s (silence: 3.5 s).
#
# Checked: PE2 active / PE3 standby -> PE1 sends on the PW to PE2, and
# each end shows the bits it sends and receives; E-Trunk flips (commands
# on PE2 and PE3 only) -> PE1 moves to the PW to PE3; a standby AC drops
# its CE's frames; flipping back is immediate; both far ends standby ->
# fallback to the primary, with an event; a far end that stops signalling,
# or whose link is cut behind P1, is marked down (silent) after 3.5
# refresh intervals, and PE1 falls back to the other PW; reroute, holdoff
# and manual switchover are refused in this mode with the kernel's
# message, and nothing changes; a clean kernel log.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"

require_mpls_pw
require_mpls_router
require_cmd ping bridge

ktap_plan 14
kmsg_mark independent

PRI=$R_VC_PRI
SEC=$R_VC_SEC
EVENTS=$TMPD/pe1-events.json

setup()
{
	r_topo_create || return 1
	R_AC1_OPTS=()
	r_pws_add independent status-signaling on refresh 1 &&
		r_etrunk active standby && r_neigh_pin || return 1
	r_monitor "$PE1" "$EVENTS" || return 1
	shows slowwait 20 r_active_is "$PE1" $PRI &&
		shows slowwait 20 r_sec '.status_rcvd == 32'
}

pe2_active()
{
	shows r_ac ".active_pw.vc_id == $PRI and .redundancy == \"independent\"" &&
		shows r_pri '.fwd == "active"' &&
		shows r_sec '.fwd == "standby"' && carries $PRI
}

# What each end sends and receives: the AC state of the sender.
bits_pe2_active()
{
	shows r_pri '.status_sent == 0 and .status_rcvd == 0' &&
	shows r_sec '.status_sent == 0 and .status_rcvd == 32' &&
	shows r_pe2 '.status_sent == 0 and .status_rcvd == 0' &&
	shows r_pe3 '.status_sent == 32 and .status_rcvd == 0'
}

flip()
{
	local t0 t

	t0=$(now_ms)
	r_etrunk standby active || return 1
	t=$(waited_ms 10 r_active_is "$PE1" $SEC) ||
		{ echo "PE1 did not move to the PW to PE3"; show_all; return 1; }
	r_note "PE1 on the PW to PE3 $(( $(now_ms) - t0 )) ms after the" \
	     "E-Trunk switch (polled)"
	shows r_pri '.status_rcvd == 32 and .status_sent == 0 and
		.fwd == "standby"' &&
	shows r_sec '.status_rcvd == 0 and .status_sent == 0 and
		.fwd == "active"' &&
	shows r_pe2 '.status_sent == 32' && shows r_pe3 '.status_sent == 0' &&
		carries $SEC || return 1
	# the received 0x20 reached the events group
	jq -e -s "any(.event == \"status-rcvd\" and .object == \"pw\" and
		.vc_id == $PRI and .status_rcvd == 32)" "$EVENTS" > /dev/null ||
		{ echo "no status-rcvd event"; return 1; }
}

# A standby AC drops what its CE sends (CE2 made to send CE1's frames to
# PE2 with a static FDB entry).
standby_ac_drops()
{
	local b a rc=0

	run bridge -n "$CE2" fdb replace $R_CE1_MAC dev eth2 master static \
		sticky ||
		return 1
	b=$(r_stats "$PE2") || return 1
	r_no_ping "$CE2" $R_CE1_IP 3 || { echo "CE1 answered"; rc=1; }
	a=$(r_stats "$PE2") || return 1
	expect_eq "PE2 AC drop_standby" 3 \
		"$(r_delta "$b" "$a" ac.drop_standby)" || rc=1
	expect_eq "PE2 PW tx_packets" 0 \
		"$(r_delta "$b" "$a" "\"$PRI\".tx_packets")" || rc=1
	run bridge -n "$CE2" fdb del $R_CE1_MAC dev eth2 master static
	return $rc
}

flip_back()
{
	r_etrunk active standby && shows slowwait 5 r_active_is "$PE1" $PRI &&
		carries $PRI
}

# fallback_events SINCE: the "fallback" events of PE1's AC after line SINCE.
fallback_events()
{
	tail -n +"$(($1 + 1))" "$EVENTS" |
		jq -s -c '[.[] | select(.event == "fallback" and .object == "ac")]'
}

# Both far ends standby: nothing is active at both ends; PE1 sends on the
# primary (primary first), whose far end would hand the frames to its
# bypass PW, and says so.
both_standby()
{
	local n

	n=$(wc -l < "$EVENTS")
	pwc "$PE2" ac set dev ac0 state standby || return 1
	shows slowwait 10 r_pri '.status_rcvd == 32' || return 1
	slowwait 10 eval "[ \"\$(fallback_events $n)\" != '[]' ]" ||
		{ echo "no fallback event"; tail -n +"$((n + 1))" "$EVENTS";
		  return 1; }
	fallback_events "$n" | jq -e ".[0].active_pw.vc_id == $PRI" \
		> /dev/null || { echo "fallback: $(fallback_events "$n")"; return 1; }
	shows r_active_is "$PE1" $PRI &&
		shows r_pri '.fwd == "active"' || return 1
	pwc "$PE2" ac set dev ac0 state active &&
		shows slowwait 10 r_pri '.status_rcvd == 0'
}

# PE2 stops signalling: PE1 keeps the PW for 3.5 refresh intervals, then
# marks it down (silent) and falls back to the PW to PE3 (signalled
# standby: its far end's bypass would carry the traffic).
silence()
{
	local t0 t n

	n=$(wc -l < "$EVENTS")
	t0=$(now_ms)
	pwc "$PE2" pw set peer $R_PE1_LO vc-id $PRI status-signaling off ||
		return 1
	holds_ms $((2000 - ($(now_ms) - t0))) r_pri '.fwd == "active"' ||
		{ echo "down before 2 s (3.5 refresh intervals: 3.5 s)";
		  return 1; }
	t=$(waited_ms 15 r_pri '.fwd == "down"') ||
		{ echo "never marked down"; show_all; return 1; }
	r_note "the PW to PE2 down $(( $(now_ms) - t0 )) ms after PE2 went silent"
	shows r_pri '.down_reasons == ["silent"]' &&
		shows slowwait 5 r_active_is "$PE1" $SEC || return 1
	[ "$(fallback_events "$n")" != '[]' ] ||
		{ echo "no fallback event"; return 1; }
	pwc "$PE2" pw set peer $R_PE1_LO vc-id $PRI status-signaling on \
		refresh 1 && shows slowwait 10 r_active_is "$PE1" $PRI &&
		shows r_pri '.down_reasons == []'
}

# PE2's own core link goes down: PE1's route to PE2 is still there, so
# only the silence tells.
far_link_cut()
{
	run ip -n "$PE2" link set core0 down || return 1
	shows slowwait 15 r_pri '.fwd == "down" and
		.down_reasons == ["silent"]' &&
		shows slowwait 5 r_active_is "$PE1" $SEC || return 1
	run ip -n "$PE2" link set core0 up &&
		run ip -n "$PE2" route replace $R_PE1_LO/32 \
			encap mpls $R_LSP_PE1_P1 via $R_P1_PE2 dev core0 &&
		shows slowwait 15 r_active_is "$PE1" $PRI && carries $PRI
}

# refused WHAT ARGS...: "pwctl ARGS" exits 1 with the kernel's message
# containing WHAT, and PE1's AC is as it was.
refused()
{
	local what=$1 before after out rc=0

	shift
	before=$("$PWCTL" -n "$PE1" -j ac show dev ac0) || return 1
	if out=$("$PWCTL" -n "$PE1" "$@" 2>&1); then
		echo "accepted: pwctl $*"
		rc=1
	fi
	echo "$out"
	grep -qF -- "$what" <<< "$out" ||
		{ echo "expected the message \"$what\""; rc=1; }
	after=$("$PWCTL" -n "$PE1" -j ac show dev ac0) || return 1
	[ "$(jq -c 'del(.[0].switchovers)' <<< "$before")" = \
	  "$(jq -c 'del(.[0].switchovers)' <<< "$after")" ] ||
		{ echo "changed: $before -> $after"; rc=1; }
	return $rc
}

timers_refused()
{
	local rc=0 msg="cannot be set in independent mode"

	refused "$msg" ac set dev ac0 reroute delay 20 || rc=1
	refused "$msg" ac set dev ac0 reroute never || rc=1
	refused "$msg" ac set dev ac0 reroute immediately || rc=1
	refused "$msg" ac set dev ac0 holdoff 5 || rc=1
	# a new AC too, and it is not created
	run ip -n "$PE1" link add dummy0 type dummy || return 1
	refused "$msg" ac add dev dummy0 redundancy independent holdoff 3 ||
		rc=1
	if "$PWCTL" -n "$PE1" ac show dev dummy0 > /dev/null 2>&1; then
		echo "the AC was created"
		rc=1
	fi
	run ip -n "$PE1" link del dummy0
	return $rc
}

switchover_refused()
{
	refused "needs redundancy master" ac switchover dev ac0
}

r_check "topology: PE1..PE3 independent, status in band, PE3's AC standby" \
	setup || ktap_bail "cannot build the topology"
r_check "PE2 active, PE3 standby: PE1 sends on the PW to PE2" pe2_active
r_check "status: PE3 signals 0x20, PE2 and PE1 0x00; each end shows both" \
	bits_pe2_active
r_check "E-Trunk flips on PE2 and PE3 only: PE1 moves to the PW to PE3" flip
r_check "a standby AC drops its CE's frames (AC drop_standby)" \
	standby_ac_drops
r_check "E-Trunk flips back: PE1 back on the PW to PE2 at once" flip_back
r_check "both far ends standby: fallback to the primary, fallback event" \
	both_standby
r_check "PE2 stops signalling: down (silent) after 3.5 s, PE1 falls back" \
	silence
r_check "PE2's core link cut behind P1: silent, down, back when restored" \
	far_link_cut
r_check "reroute and holdoff refused in independent mode, nothing changed" \
	timers_refused
r_check "manual switchover refused in independent mode" switchover_refused
r_check "PE1 still forwards on the PW to PE2" carries $PRI
r_check "no PW down on PE1 at the end" \
	eval "r_pri '.down_reasons == []' && r_sec '.down_reasons == []'"
r_check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
