#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PW redundancy, master mode (RFC 6870 master/slave, PE1 decides): a
# primary PW to PE2 and a secondary PW to PE3, with mpls_router as the P
# routers and CE2 dual-homed through a bridge.
#
#                      +-- core1 == P1 == PE2 (slave) -- eth2 --+
#  CE1 -- ac0 [PE1]----+        primary PW, vc-id 100          br0 CE2
#             master   +-- core2 == P2 == PE3 (slave) -- eth3 --+
#                               secondary PW, vc-id 200
#
#  CE1 192.0.2.1/24, CE2 192.0.2.2/24; loopbacks 203.0.113.1/.2/.3; core
#  links 198.51.100.0/30 .. .12/30; LSPs "encap mpls" routes, P pops.
#  Every PW has the control word and RFC 6478 status signalling (refresh
#  1 s): PE1 signals standby (0x20) on the PW it does not use, and PE2 and
#  PE3, each with one PW on its AC, obey what they receive.
#
# Checked: the primary carries (exact counters); PE1's core link to P1
# fails -> the secondary carries and PE3 follows PE1's signal; the link
# comes back -> traffic returns only after the reroute delay; reroute
# never / immediately; holdoff keeps a failed primary for a while; manual
# switchover, its precedence over reversion and its end; a withdrawn
# route, a lost carrier, a next hop that stops answering ARP move the
# selection; stream-dual-receiving off and on; a signalled or hand-set
# standby stops a slave unless it has ignore-standby-state; a sequence-
# numbered stream keeps flowing through a failure; the ACs torn down
# under traffic; a clean kernel log.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"

require_mpls_pw
require_mpls_router
require_cmd ping bridge tc

ktap_plan 22
kmsg_mark redundancy

PRI=$R_VC_PRI
SEC=$R_VC_SEC

setup()
{
	r_topo_create || return 1
	R_AC1_OPTS=(reroute delay 10)
	r_pws_add master status-signaling on refresh 1 && r_neigh_pin &&
		r_wait_ready
}

# baseline: both core links and routes up, no manual switchover, no
# timers, reroute immediately, PE1 on the primary.
baseline()
{
	run ip -n "$PE1" link set core1 up
	run ip -n "$PE1" link set core2 up
	r_route_pri && r_route_sec || return 1
	if r_ac '.manual' > /dev/null 2>&1; then
		# leaving master mode forgets a manual switchover
		pwc "$PE1" ac set dev ac0 redundancy independent &&
		pwc "$PE1" ac set dev ac0 redundancy master || return 1
	fi
	pwc "$PE1" ac set dev ac0 reroute immediately holdoff 0 \
		no-stream-dual-receiving && r_wait_ready
}

initial_state()
{
	shows r_ac ".active_pw.vc_id == $PRI and .redundancy == \"master\"" &&
	shows r_pri '.fwd == "active" and .status_sent == 0' &&
	shows r_sec '.fwd == "standby" and .status_sent == 32' &&
	shows slowwait 10 r_pe2 '.status_rcvd == 0 and .fwd == "active"' &&
	shows slowwait 10 r_pe3 '.status_rcvd == 32 and .fwd == "standby"'
}

# PE1's core link to P1 goes down.
link_fails()
{
	local sw t

	sw=$(r_ac .switchovers) || return 1
	LAT_BEFORE=$(r_ac '.switch_latency_ns // 0') || return 1
	r_link_fail 1 || return 1
	t=$(waited_ms 10 r_active_is "$PE1" $SEC) ||
		{ echo "PE1 did not move to the secondary"; show_all; return 1; }
	r_note "PE1 on the secondary ${t} ms after the link went down (polled)"
	shows r_pri '.fwd == "down" and (.down_reasons | any(. == "no-route" or
		. == "tunnel-dev-down"))' &&
	shows r_sec '.fwd == "active" and .status_sent == 0' &&
	shows r_ac ".switchovers == $((sw + 1)) and .manual == false" &&
	shows slowwait 10 r_pe3 '.status_rcvd == 0 and .fwd == "active"'
}

# The kernel's figure, from the link event to the first frame on the
# secondary: here the first ping, so it includes the wait for it.
LAT_BEFORE=0
latency_measured()
{
	carries $SEC && shows r_ac ".switch_latency_ns > 0 and
		.switch_latency_ns != $LAT_BEFORE" || return 1
	r_note "switch_latency_ns $(r_ac .switch_latency_ns) (link down to the" \
	     "first ping on the secondary)"
}

# The link comes back: the primary is up again at once, traffic returns
# after the reroute delay (10 s), not before.
revert_after_delay()
{
	local t0 t up

	t0=$(now_ms)
	r_link_restore 1 || return 1
	shows slowwait 20 r_pri '.fwd == "standby"' || return 1
	up=$(( $(now_ms) - t0 ))
	# the reroute timer starts when the primary is up: not before t0 + 10 s
	holds_ms $((8000 - up)) r_active_is "$PE1" $SEC ||
		{ echo "back on the primary before 8 s"; return 1; }
	t=$(waited_ms 20 r_active_is "$PE1" $PRI) ||
		{ echo "not back on the primary 28 s after the link"; show_all;
		  return 1; }
	r_note "primary up after ${up} ms; traffic back $(( $(now_ms) - t0 )) ms" \
	     "after the link (reroute delay 10 s)"
	shows slowwait 10 r_pe3 '.status_rcvd == 32 and .fwd == "standby"' &&
		carries $PRI
}

reroute_never()
{
	baseline && pwc "$PE1" ac set dev ac0 reroute never || return 1
	r_link_fail 1 && shows slowwait 10 r_active_is "$PE1" $SEC || return 1
	r_link_restore 1 && shows slowwait 20 r_pri '.fwd == "standby"' ||
		return 1
	holds 12 r_active_is "$PE1" $SEC ||
		{ echo "reverted to the primary with reroute never"; return 1; }
	carries $SEC
}

# From "never" to "immediately": the primary is up, so at once.
reroute_immediately()
{
	pwc "$PE1" ac set dev ac0 reroute immediately &&
		shows slowwait 3 r_active_is "$PE1" $PRI && carries $PRI
}

holdoff()
{
	local t0 t

	baseline && pwc "$PE1" ac set dev ac0 holdoff 5 || return 1
	t0=$(now_ms)
	r_link_fail 1 || return 1
	shows slowwait 3 r_pri '.fwd == "down"' || return 1
	holds_ms $((3500 - ($(now_ms) - t0))) r_active_is "$PE1" $PRI ||
		{ echo "the failed primary was left before 3.5 s"; return 1; }
	t=$(waited_ms 15 r_active_is "$PE1" $SEC) ||
		{ echo "holdoff never expired"; show_all; return 1; }
	r_note "secondary active $(( $(now_ms) - t0 )) ms after the link failed" \
	     "(holdoff 5 s)"
	carries $SEC || return 1
	# back at once (reroute immediately), and no holdoff for that
	r_link_restore 1 && shows slowwait 20 r_active_is "$PE1" $PRI &&
		pwc "$PE1" ac set dev ac0 holdoff 0
}

manual_switchover()
{
	baseline && pwc "$PE1" ac switchover dev ac0 || return 1
	shows slowwait 5 r_active_is "$PE1" $SEC &&
		shows r_ac '.manual == true' || return 1
	# the primary is up and reroute is "immediately": the switchover stands
	holds 3 r_active_is "$PE1" $SEC || return 1
	pwc "$PE1" ac set dev ac0 reroute immediately &&
		holds 2 r_active_is "$PE1" $SEC || return 1
	shows slowwait 10 r_pe3 '.status_rcvd == 0 and .fwd == "active"' &&
	shows slowwait 10 r_pe2 '.status_rcvd == 32 and .fwd == "standby"' &&
		carries $SEC
}

# The PW the switchover forced fails: back to the primary, switchover over.
manual_ends()
{
	r_link_fail 2 && shows slowwait 10 r_active_is "$PE1" $PRI &&
		shows r_ac '.manual == false' || return 1
	r_link_restore 2 && shows slowwait 20 r_sec '.fwd == "standby"' &&
		holds 2 r_active_is "$PE1" $PRI
}

manual_refused()
{
	local out rc=0

	baseline && r_link_fail 2 && shows slowwait 10 r_sec '.fwd == "down"' ||
		return 1
	out=$("$PWCTL" -n "$PE1" ac switchover dev ac0 2>&1) && rc=1
	echo "$out"
	grep -q "The other PW is not up" <<< "$out" ||
		{ echo "no extack message"; rc=1; }
	r_active_is "$PE1" $PRI && r_ac '.manual == false' || rc=1
	r_link_restore 2 && slowwait 20 r_sec '.fwd == "standby"' || rc=1
	return $rc
}

route_withdrawn()
{
	baseline && run ip -n "$PE1" route del $R_PE2_LO/32 || return 1
	shows slowwait 10 r_active_is "$PE1" $SEC &&
		shows r_pri '.fwd == "down" and .down_reasons == ["no-route"] and
			(has("nexthop") | not)' &&
		carries $SEC || return 1
	r_route_pri && shows slowwait 10 r_active_is "$PE1" $PRI && carries $PRI
}

# P1's end of the link goes down: PE1's core1 stays up but loses its
# carrier, and its route stays (linkdown).
carrier_lost()
{
	baseline && run ip -n "$P1" link set pe1 down || return 1
	shows slowwait 10 r_active_is "$PE1" $SEC &&
		shows r_pri '.fwd == "down" and
			.down_reasons == ["tunnel-dev-down"]' &&
		carries $SEC || return 1
	run ip -n "$P1" link set pe1 up &&
		shows slowwait 20 r_active_is "$PE1" $PRI && carries $PRI
}

# P1 neither answers nor sends ARP on its link to PE1 (filters both ways:
# an ARP request from P1 would teach PE1 its address again), and PE1's
# entry for it is flushed: the next hop fails to resolve. The filters go
# whatever happens.
neigh_failed()
{
	local rc

	defer_scope_push
	neigh_failed_scoped
	rc=$?
	defer_scope_pop
	return $rc
}

neigh_failed_scoped()
{
	local t0

	baseline || return 1
	if ! run tc -n "$P1" qdisc add dev pe1 clsact; then
		skip_because "tc clsact unavailable"
		return
	fi
	defer tc -n "$P1" qdisc del dev pe1 clsact
	if ! run tc -n "$P1" filter add dev pe1 ingress protocol arp \
		matchall action drop ||
	   ! run tc -n "$P1" filter add dev pe1 egress protocol arp \
		matchall action drop; then
		skip_because "tc matchall / gact unavailable"
		return
	fi
	t0=$(now_ms)
	run ip -n "$PE1" neigh flush dev core1 || return 1
	shows slowwait 20 r_active_is "$PE1" $SEC &&
		shows r_pri '.fwd == "down" and .down_reasons == ["neigh-failed"]' ||
		return 1
	r_note "next hop failed: secondary active $(( $(now_ms) - t0 )) ms" \
	       "after the flush (ARP: 3 probes, 1 s apart)"
	carries $SEC || return 1
	# PE1 keeps probing a failed next hop: it comes back by itself
	run tc -n "$P1" qdisc del dev pe1 clsact &&
		shows slowwait 20 r_active_is "$PE1" $PRI && carries $PRI
}

# PE3 forwards although PE1 signals standby to it; CE2 sends everything
# for CE1 through PE3 (a sticky FDB entry: CE1's replies, which come
# through PE2, do not move it): it arrives on PE1's standby secondary.
ignore_standby_signalled()
{
	baseline || return 1
	pwc "$PE3" pw set peer $R_PE1_LO vc-id $SEC ignore-standby-state &&
		shows slowwait 10 r_pe3 '.fwd == "active" and .status_rcvd == 32 and
			.ignore_standby_state == true' &&
		run bridge -n "$CE2" fdb replace $R_CE1_MAC dev eth3 master \
			static sticky
}

dual_receive_off()
{
	local b a ce_b ce_a rc=0

	b=$(r_stats "$PE1") || return 1
	ce_b=$(dev_stat "$CE1" eth0 rx_packets)
	r_no_ping "$CE2" $R_CE1_IP 5 || { echo "CE1 answered"; rc=1; }
	a=$(r_stats "$PE1") || return 1
	ce_a=$(dev_stat "$CE1" eth0 rx_packets)
	expect_eq "PE1 secondary drop_standby" 5 \
		"$(r_delta "$b" "$a" "\"$SEC\".drop_standby")" || rc=1
	expect_eq "PE1 secondary rx_packets" 0 \
		"$(r_delta "$b" "$a" "\"$SEC\".rx_packets")" || rc=1
	expect_eq "frames CE1 received" 0 $((ce_a - ce_b)) || rc=1
	[ "$rc" = 0 ] || { echo "before: $b"; echo "after:  $a"; }
	return $rc
}

dual_receive_on()
{
	local b a rc=0

	pwc "$PE1" ac set dev ac0 stream-dual-receiving &&
		shows r_ac '.stream_dual_receiving == true and
			.active_pw.vc_id == 100' || return 1
	b=$(r_stats "$PE1") || return 1
	r_ping "$CE2" $R_CE1_IP 5 || rc=1
	a=$(r_stats "$PE1") || return 1
	expect_eq "PE1 secondary rx_packets" 5 \
		"$(r_delta "$b" "$a" "\"$SEC\".rx_packets")" || rc=1
	expect_eq "PE1 secondary drop_standby" 0 \
		"$(r_delta "$b" "$a" "\"$SEC\".drop_standby")" || rc=1
	expect_eq "PE1 primary tx_packets (the replies)" 5 \
		"$(r_delta "$b" "$a" "\"$PRI\".tx_packets")" || rc=1
	expect_eq "PE1 secondary tx_packets" 0 \
		"$(r_delta "$b" "$a" "\"$SEC\".tx_packets")" || rc=1
	[ "$rc" = 0 ] || { echo "before: $b"; echo "after:  $a"; }
	pwc "$PE1" ac set dev ac0 no-stream-dual-receiving || rc=1
	r_no_ping "$CE2" $R_CE1_IP 2 || { echo "still delivered"; rc=1; }
	return $rc
}

ignore_standby_cleanup()
{
	run bridge -n "$CE2" fdb del $R_CE1_MAC dev eth3 master static
	pwc "$PE3" pw set peer $R_PE1_LO vc-id $SEC no-ignore-standby-state
	slowwait 10 r_pe3 '.fwd == "standby"'
}

# By hand, as an external control plane would: PE2's PW told the far end
# is standby stops (PE2 has one PW: a slave); with ignore-standby-state it
# forwards again. In-band status is off on this PW at both ends meanwhile,
# or the next message would overwrite the hand-set value.
remote_status_by_hand()
{
	local b a rc=0

	baseline || return 1
	pwc "$PE1" pw set peer $R_PE2_LO vc-id $PRI status-signaling off &&
	pwc "$PE2" pw set peer $R_PE1_LO vc-id $PRI status-signaling off &&
	pwc "$PE2" pw set peer $R_PE1_LO vc-id $PRI remote-status standby &&
		shows slowwait 5 r_pe2 '.fwd == "standby" and .status_rcvd == 32' ||
		return 1
	b=$(r_stats "$PE2") || return 1
	r_no_ping "$CE1" $R_CE2_IP 3 || { echo "CE2 answered"; rc=1; }
	a=$(r_stats "$PE2") || return 1
	expect_eq "PE2 drop_standby" 3 \
		"$(r_delta "$b" "$a" "\"$PRI\".drop_standby")" || rc=1
	pwc "$PE2" pw set peer $R_PE1_LO vc-id $PRI ignore-standby-state &&
		shows slowwait 5 r_pe2 '.fwd == "active" and .status_rcvd == 32' &&
		r_ping "$CE1" $R_CE2_IP 3 || rc=1
	pwc "$PE2" pw set peer $R_PE1_LO vc-id $PRI no-ignore-standby-state \
		remote-status active || rc=1
	pwc "$PE1" pw set peer $R_PE2_LO vc-id $PRI status-signaling on &&
	pwc "$PE2" pw set peer $R_PE1_LO vc-id $PRI status-signaling on || rc=1
	shows slowwait 10 r_pe2 '.fwd == "active" and .status_rcvd == 0' || rc=1
	return $rc
}

# tx_ge BEFORE VC N: PE1 sent N frames or more on its PW VC since the
# counters were BEFORE.
tx_ge()
{
	[ "$(r_delta "$1" "$(r_stats "$PE1")" "\"$2\".tx_packets")" -ge "$3" ]
}

# 200 datagrams/s CE1 -> CE2; once 300 went over the primary its link
# fails; once 300 went over the secondary the sender stops: the stream
# goes on over the secondary. No timing asserted (the sender runs until
# told, however slow the machine).
stream_through_failure()
{
	local rx=$TMPD/rx.json tx=$TMPD/tx.json b before sent j sw

	baseline || return 1
	sw=$(r_ac .switchovers) || return 1
	b=$(r_stats "$PE1") || return 1
	r_stream_rx "$rx" --idle 3 --duration 300 || return 1
	r_stream_tx "$tx" --rate 200 --duration 240
	# whatever way this returns, neither outlives it
	defer kill -TERM "$R_TX" "$R_RX"
	slowwait 60 tx_ge "$b" $PRI 300 ||
		{ echo "the stream does not flow on the primary"; return 1; }
	before=$(r_delta "$b" "$(r_stats "$PE1")" "\"$PRI\".tx_packets")
	r_link_fail 1 || return 1
	slowwait 60 tx_ge "$b" $SEC 300 ||
		echo "the stream does not flow on the secondary"
	kill -TERM "$R_TX"
	wait "$R_TX"
	wait "$R_RX"
	sent=$(jq .sent "$tx")
	j=$(jq -c '.streams["1"]' "$rx")
	r_note "sent $sent, $before before the failure; receiver: $j"
	shows r_ac ".active_pw.vc_id == $SEC and .switchovers == $((sw + 1))" ||
		return 1
	jq -e --argjson sent "$sent" --argjson before "$before" \
		'.unique > $before + 200 and .last_seq >= $sent - 20 and
		 .lost < $sent / 2 and .dups == 0' <<< "$j" > /dev/null && return 0
	echo "the stream did not continue over the secondary"
	return 1
}

# The ACs (and their PWs) deleted on all PEs while frames flow both ways.
teardown_under_traffic()
{
	local t1 t2

	baseline || return 1
	bg_start t1 ip netns exec "$CE1" "$PYTHON" -S "$HELPERS/stream.py" send \
		--dst $R_CE2_IP --rate 300 --duration 6 > /dev/null 2>&1
	bg_start t2 ip netns exec "$CE2" "$PYTHON" -S "$HELPERS/stream.py" send \
		--dst $R_CE1_IP --rate 300 --duration 6 --id 2 > /dev/null 2>&1
	sleep 2
	r_pws_del
	wait "$t1" "$t2"
	[ "$("$PWCTL" -n "$PE1" -j pw show)" = "[]" ] &&
		[ "$("$PWCTL" -n "$PE1" -j ac show)" = "[]" ] && return 0
	echo "PE1 still has:"
	show_all
	return 1
}

r_check "topology: PE1 master, primary to PE2, secondary to PE3, CE2 bridged" \
	setup || ktap_bail "cannot build the topology"
r_check "PE1 forwards on the primary, signals standby on the other; PE3 obeys" \
	initial_state
r_check "the primary carries: 10 pings, PW counters exact" carries $PRI
r_check "PE1's link to P1 fails: secondary active, PE3 follows the signal" \
	link_fails
r_check "the secondary carries; the switch latency is measured" \
	latency_measured
r_check "link back: primary up, traffic back only after the reroute delay" \
	revert_after_delay
r_check "reroute never: the secondary stays after the primary returns" \
	reroute_never
r_check "reroute immediately: back to the primary at once" \
	reroute_immediately
r_check "holdoff 5: the failed primary is kept, then the secondary" holdoff
r_check "manual switchover to the secondary stands against reversion" \
	manual_switchover
r_check "manual switchover ends when its PW fails" manual_ends
r_check "manual switchover to a PW that is down: refused with a message" \
	manual_refused
r_check "route to PE2 withdrawn: secondary; route back: primary" \
	route_withdrawn
r_check "P1's end of the link down (carrier lost): tunnel-dev-down, secondary" \
	carrier_lost
r_check "next hop stops doing ARP: neigh-failed, secondary; and back" \
	neigh_failed
r_check "ignore-standby-state: PE3 forwards although signalled standby" \
	ignore_standby_signalled
r_check "no stream-dual-receiving: frames on the standby PW: drop_standby" \
	dual_receive_off
r_check "stream-dual-receiving: frames on the standby PW reach CE1" \
	dual_receive_on
ignore_standby_cleanup > /dev/null 2>&1
r_check "remote-status standby by hand stops a slave, ignore-standby-state not" \
	remote_status_by_hand
stream_through_failure_scoped()
{
	local rc

	defer_scope_push
	stream_through_failure
	rc=$?
	defer_scope_pop
	return $rc
}

r_check "a 200 pps stream goes on over the secondary when the primary fails" \
	stream_through_failure_scoped
r_check "ACs and PWs deleted on every PE under traffic both ways" \
	teardown_under_traffic
r_check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
