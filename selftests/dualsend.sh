#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ARP and ND dual-sending (RFC 6870 section 5.1: a standby PW may carry
# "specific control plane packets"): PE1 sends every ARP / ND frame of its
# CE on both PWs, the far end of the standby PW delivers them, PE1 keeps
# the last frame of each sender with its age, re-sends the live ones on
# the PW it switches to, and forgets them expire-time after their last
# refresh.
#
#                      +-- core1 == P1 == PE2 (slave) -- eth2  br0 CE2
#  CE1 -- ac0 [PE1]----+        primary PW, vc-id 100
#     master, arp- and +-- core2 == P2 == PE3 (slave) -- eth3  (capture only)
#     nd-dual-sending           secondary PW, vc-id 200
#     expire-time 60
#
#  CE1 192.0.2.1/24 (2001:db8:c::1 as ND sender), CE2 192.0.2.2/24;
#  "host 77", a second sender behind CE1: 02:00:00:00:c1:77, 192.0.2.77,
#  2001:db8:c::77, heard once (when the cache is first looked at, right
#  after the set-up), never again.
#  PE1 decides (master, reroute immediately) and signals standby (0x20) on
#  the secondary; PE2 and PE3 obey. CE2's eth3 is taken out of its bridge:
#  it only shows what PE3 delivers.
#
# Checked: "pwctl -d ac show" lists the cache with ages that grow and
# restart on a refresh; CE1's ARP requests (its own stack, and hand-built)
# and IPv6 NS reach CE2 through both PEs, the standby PW counting them at both ends;
# other frames go on the active PW only; the far end of a standby PW
# delivers ARP / ND and drops anything else; a switchover re-sends
# every live entry on the new PW (its tx counter grows by their number,
# the far end's AC receives them), and again on the way back; host 77's
# entries age out 60 s after they were learned, CE1's refreshed ones stay,
# and the next switchover re-sends only those; with no-arp-dual-sending
# (ND still on) ARP frames are neither duplicated nor cached any more; a
# clean kernel log. The checks that need no expired entry run while host
# 77's age out (a look at them 3 s before runs in the background).

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"
source "$SELFTEST_DIR/lib_seed.sh"

require_mpls_pw
require_mpls_router
require_cmd ping arping

ktap_plan 14
kmsg_mark dualsend

PRI=$R_VC_PRI
SEC=$R_VC_SEC
EXPIRE=60
CE1_IP6=2001:db8:c::1
CE2_IP6=2001:db8:c::2
H77_MAC=02:00:00:00:c1:77
H77_IP=192.0.2.77
H77_IP6=2001:db8:c::77
T_LEARN=		# when host 77 was heard (ms)
H77_LOOK=		# the background look at host 77's entry before it expires

setup()
{
	r_topo_create || return 1
	run ip -n "$CE2" link set eth3 nomaster || return 1
	R_AC1_OPTS=(reroute immediately arp-dual-sending expire-time "$EXPIRE"
		    nd-dual-sending expire-time "$EXPIRE")
	r_pws_add master "${S_STATUS[@]}" || return 1
	s_shows slowwait 20 r_active_is "$PE1" $PRI &&
	s_shows slowwait 20 r_pri '.fwd == "active"' &&
	s_shows slowwait 20 r_sec '.fwd == "standby" and .status_sent == 32' &&
	s_shows slowwait 20 r_pe2 '.fwd == "active"' &&
	s_shows slowwait 20 r_pe3 '.fwd == "standby" and .status_rcvd == 32' ||
		return 1
}

# capture TAG DEV ETHERTYPE COUNT: what CE2 receives on DEV (eth2 from PE2,
# eth3 from PE3) of that EtherType, COUNT frames at most.
capture()
{
	s_capture "$1" "$CE2" "$2" --ethertype "$3" --count "$4" --timeout 15
}

# dual TYPE SENDCMD...: SENDCMD sends 3 frames of EtherType TYPE from CE1;
# each arrives at CE2 through PE2 and through PE3, and crosses both PWs.
dual()
{
	local type=$1 b1 a1 b3 a3 rc=0

	shift
	b1=$(r_stats "$PE1") && b3=$(r_stats "$PE3") || return 1
	capture e2 eth2 "$type" 3 && capture e3 eth3 "$type" 3 || return 1
	"$@" > /dev/null || return 1
	s_capture_done e2
	s_capture_done e3
	a1=$(r_stats "$PE1") && a3=$(r_stats "$PE3") || return 1
	expect_eq "frames at CE2's eth2 (PE2)" 3 \
		"$(s_captured e2 $R_CE1_MAC)" || rc=1
	expect_eq "frames at CE2's eth3 (PE3)" 3 \
		"$(s_captured e3 $R_CE1_MAC)" || rc=1
	s_expect_delta PE1 "$b1" "$a1" "\"$PRI\".tx_packets" == 3 || rc=1
	s_expect_delta PE1 "$b1" "$a1" "\"$SEC\".tx_packets" == 3 || rc=1
	s_expect_delta PE3 "$b3" "$a3" "\"$SEC\".rx_packets" == 3 || rc=1
	# and PE3 delivered them while its PW stayed standby
	s_shows r_pe3 '.fwd == "standby"' || rc=1
	return $rc
}

arp_injected()
{
	dual 0x0806 s_send_arp "$CE1" eth0 $R_CE1_MAC $R_CE1_IP $R_CE2_IP 3
}

nd_injected()
{
	dual 0x86dd s_send_ns "$CE1" eth0 $R_CE1_MAC $CE1_IP6 $CE2_IP6 3
}

# CE1's own ARP: resolved through PE2 (arping gets its replies), and the
# requests seen through PE3 as well.
arp_stack()
{
	local b1 a1 tx1 tx2

	run ip -n "$CE1" neigh flush dev eth0
	b1=$(r_stats "$PE1") || return 1
	capture e3 eth3 0x0806 2 || return 1
	nsx "$CE1" arping -c 2 -w 10 -I eth0 $R_CE2_IP ||
		{ echo "arping got no reply"; return 1; }
	s_capture_done e3
	a1=$(r_stats "$PE1") || return 1
	[ "$(s_captured e3 $R_CE1_MAC)" -ge 2 ] ||
		{ echo "PE3 delivered $(s_captured e3 $R_CE1_MAC) of CE1's ARP requests"
		  return 1; }
	tx1=$(r_delta "$b1" "$a1" "\"$PRI\".tx_packets")
	tx2=$(r_delta "$b1" "$a1" "\"$SEC\".tx_packets")
	expect_eq "ARP requests on the standby PW as on the active one" \
		"$tx1" "$tx2"
}

# pe1_sent BEFORE VC N: PE1 sent at least N frames on VC since BEFORE.
pe1_sent()
{
	[ "$(r_delta "$1" "$(r_stats "$PE1")" "\"$2\".tx_packets")" -ge "$3" ]
}

# Other frames (a broadcast of another EtherType) only on the active PW.
data_single()
{
	local b1 a1 rc=0

	b1=$(r_stats "$PE1") || return 1
	inject "$CE1" eth0 --dst ff:ff:ff:ff:ff:ff --ethertype 0x88b5 \
		--inner-hex "$(printf '%092d' 0)" --count 3 > /dev/null ||
		return 1
	slowwait 5 pe1_sent "$b1" $PRI 3
	sleep 0.2
	a1=$(r_stats "$PE1") || return 1
	s_expect_delta PE1 "$b1" "$a1" "\"$PRI\".tx_packets" == 3 || rc=1
	s_expect_delta PE1 "$b1" "$a1" "\"$SEC\".tx_packets" == 0 || rc=1
	return $rc
}

# At PE3's core: a hand-built frame on the standby PW with an ARP request
# inside is delivered, one with anything else is dropped (drop_standby).
far_end_standby()
{
	local mac b3 a3 arp rc=0

	mac=$(dev_mac "$PE3" core0) || return 1
	arp=ffffffffffff${R_CE1_MAC//:/}0806$(s_arp_hex $R_CE1_MAC $R_CE1_IP $R_CE2_IP)
	b3=$(r_stats "$PE3") || return 1
	capture e3 eth3 0x0806 1 || return 1
	inject "$P2" pe3 --dst "$mac" --label $R_LBL_PE3:s --cw 0 \
		--inner-hex "$arp" > /dev/null &&
	inject "$P2" pe3 --dst "$mac" --label $R_LBL_PE3:s --cw 0 \
		--inner-dst ff:ff:ff:ff:ff:ff --inner-src $R_CE1_MAC > /dev/null ||
		return 1
	s_capture_done e3
	slowwait 5 eval '[ "$(r_delta "$b3" "$(r_stats "$PE3")" \
		"\"$SEC\".drop_standby")" -ge 1 ]'
	a3=$(r_stats "$PE3") || return 1
	expect_eq "ARP frames PE3 delivered" 1 "$(s_captured e3 $R_CE1_MAC)" ||
		rc=1
	s_expect_delta PE3 "$b3" "$a3" "\"$SEC\".rx_packets" == 1 || rc=1
	s_expect_delta PE3 "$b3" "$a3" "\"$SEC\".drop_standby" == 1 || rc=1
	s_shows r_pe3 '.fwd == "standby"' || rc=1
	return $rc
}

# cache_of NS: the AC's dual-sending cache ("pwctl -j -d ac show").
cache()
{
	"$PWCTL" -n "$PE1" -j -d ac show dev ac0 | jq -c '.[0].cache // []'
}

# entry PROTO MAC IP: that cache entry (jq -e: fails if absent).
entry()
{
	cache | jq -e -c --arg p "$1" --arg m "$2" --arg i "$3" \
		'.[] | select(.proto == $p and .mac == $m and .ip == $i)'
}

age()
{
	entry "$@" | jq -e '.age_ms'
}

# h77_late_look: host 77's ARP entry once it is 3 s from its expiry (its
# age EXPIRE - 3 s or more: it was learned some time after T_LEARN) into
# $TMPD/h77.late; if it is gone before, the last look at it.
H77_LATE=$(( (EXPIRE - 3) * 1000 ))
h77_late_look()
{
	local ms=$(( T_LEARN + H77_LATE - $(now_ms) )) e a

	while :; do
		[ "$ms" -le 0 ] ||
			sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
		e=$(entry arp $H77_MAC $H77_IP) ||
			{ now_ms > "$TMPD/h77.gone"; break; }
		echo "$e" > "$TMPD/h77.late"
		a=$(jq .age_ms <<< "$e") || break
		ms=$(( H77_LATE - a ))
		[ "$ms" -gt 0 ] || break
	done
	return 0
}

# Host 77 speaks once (its entries must be gone EXPIRE s later, and not
# before: a background look at them 3 s before starts), and CE1; the cache
# shows both, ARP and ND, each with an age.
cache_shown()
{
	local rc=0 e

	T_LEARN=$(now_ms)
	s_send_arp "$CE1" eth0 $H77_MAC $H77_IP $R_CE2_IP > /dev/null &&
		s_send_ns "$CE1" eth0 $H77_MAC $H77_IP6 $CE2_IP6 > /dev/null ||
		return 1
	bg_start H77_LOOK h77_late_look
	s_send_arp "$CE1" eth0 $R_CE1_MAC $R_CE1_IP $R_CE2_IP > /dev/null &&
		s_send_ns "$CE1" eth0 $R_CE1_MAC $CE1_IP6 $CE2_IP6 > /dev/null ||
		return 1
	slowwait 5 entry nd $R_CE1_MAC $CE1_IP6
	for e in "arp $R_CE1_MAC $R_CE1_IP" "nd $R_CE1_MAC $CE1_IP6" \
		 "arp $H77_MAC $H77_IP" "nd $H77_MAC $H77_IP6"; do
		# shellcheck disable=SC2086
		entry $e | jq -e 'has("age_ms")' > /dev/null ||
			{ echo "no entry with an age: $e"; rc=1; }
	done
	expect_eq "cache entries" 4 "$(cache | jq length)" || rc=1
	# the human form too
	"$PWCTL" -n "$PE1" -d ac show dev ac0 | tee "$TMPD/ac.txt" |
		grep -q "$H77_IP6" || { echo "pwctl -d ac show:"; rc=1; }
	[ "$rc" = 0 ] || { cat "$TMPD/ac.txt"; cache; }
	return $rc
}

# Ages grow with time; a refresh restarts its entry's age.
ages()
{
	local a1 a2 c1 c2

	a1=$(age arp $H77_MAC $H77_IP) || return 1
	sleep 1.5
	a2=$(age arp $H77_MAC $H77_IP) || return 1
	[ "$a2" -ge $((a1 + 1000)) ] ||
		{ echo "host 77's age went from $a1 to $a2 ms in 1.5 s"; return 1; }
	c1=$(age arp $R_CE1_MAC $R_CE1_IP) || return 1
	s_send_arp "$CE1" eth0 $R_CE1_MAC $R_CE1_IP $R_CE2_IP > /dev/null ||
		return 1
	slowwait 5 eval "[ \"\$(age arp $R_CE1_MAC $R_CE1_IP)\" -lt $c1 ]" ||
		{ echo "CE1's entry not refreshed: $c1 -> $(age arp $R_CE1_MAC $R_CE1_IP)"
		  return 1; }
	c2=$(age arp $R_CE1_MAC $R_CE1_IP)
	diag "host 77: ${a1} -> ${a2} ms; CE1 refreshed: ${c1} -> ${c2} ms"
}

# switch_resends TO_VC: make PE1 switch to TO_VC (100: the link to P1
# comes back, 200: it fails); every entry live at that moment is re-sent
# on the new PW, and the far end (PE2 or PE3) delivers each of them to its
# AC. An entry may expire while this runs: those still listed after the
# switchover were live at it, those listed before are all that could be.
switch_resends()
{
	local to=$1 before after n d b1 a1 b2 a2 m dev=eth2 far=$PE2 rc=0

	[ "$to" = "$SEC" ] && dev=eth3 far=$PE3
	before=$(cache) || return 1
	diag "live entries: $(jq -c 'map([.proto, .ip])' <<< "$before")"
	b1=$(r_stats "$PE1") && b2=$(r_stats "$far") || return 1
	sniff_start "$CE2" $dev "$TMPD/resent" --count "$(jq length <<< "$before")" \
		--timeout 15 || return 1
	if [ "$to" = "$SEC" ]; then
		r_link_fail 1 || return 1
	else
		# as a network converges: the link first, the far end heard
		# again, then the route (the IGP) and with it the PW
		run ip -n "$PE1" link set core1 up &&
		s_shows slowwait 10 r_pri \
			'.down_reasons | index("silent") | not' &&
		r_route_pri || return 1
	fi
	s_shows slowwait 15 r_active_is "$PE1" "$to" || return 1
	after=$(cache) || return 1
	sniff_wait
	a1=$(r_stats "$PE1") && a2=$(r_stats "$far") || return 1
	d=$(r_delta "$b1" "$a1" "\"$to\".tx_packets")
	n=$(jq length <<< "$after")
	[ "$d" -ge "$n" ] && [ "$d" -le "$(jq length <<< "$before")" ] ||
		{ echo "PE1 sent $d frames on PW $to; live entries: $n after the switchover, $(jq length <<< "$before") before"
		  rc=1; }
	for m in $(jq -r '[.[].mac] | unique | .[]' <<< "$after"); do
		[ "$(s_captured resent "$m")" -ge 1 ] ||
			{ echo "nothing re-sent from $m reached CE2's $dev"; rc=1; }
	done
	[ "$(jq -s 'length' "$TMPD/resent")" = "$d" ] ||
		{ echo "CE2's $dev got $(jq -s length "$TMPD/resent") of the $d frames re-sent"
		  rc=1; }
	[ "$rc" = 0 ] && return 0
	echo "the far end's PW $to: before $(jq -c ".\"$to\"" <<< "$b2")"
	echo "                     after  $(jq -c ".\"$to\"" <<< "$a2")"
	echo "cache before: $before"
	echo "cache after:  $after"
	return $rc
}

# refreshed_since T0 PROTO MAC IP: that entry was refreshed after T0 (ms):
# its age is at most the time since.
refreshed_since()
{
	local t0=$1 a

	shift
	a=$(age "$@") || return 1
	[ "$a" -le $(( $(now_ms) - t0 )) ]
}

# CE1 speaks again (ARP and ND): its entries are young, host 77's not.
ce1_refresh()
{
	local t0

	t0=$(now_ms)
	s_send_arp "$CE1" eth0 $R_CE1_MAC $R_CE1_IP $R_CE2_IP > /dev/null &&
		s_send_ns "$CE1" eth0 $R_CE1_MAC $CE1_IP6 $CE2_IP6 > /dev/null ||
		return 1
	slowwait 5 refreshed_since "$t0" arp $R_CE1_MAC $R_CE1_IP &&
		slowwait 5 refreshed_since "$t0" nd $R_CE1_MAC $CE1_IP6 &&
		return 0
	echo "CE1's entries not refreshed: $(cache)"
	return 1
}

resend_out()
{
	ce1_refresh && switch_resends $SEC
}

# After an outage long enough for PE2 to have taken its PW as down
# (silent): PE2 must still get the re-sent frames, although PE1 takes the
# PW up (PE2's status heard, the route back) before PE2 has heard PE1.
resend_back()
{
	s_shows slowwait 15 r_pe2 '.fwd == "down"' && ce1_refresh &&
		switch_resends $PRI
}

# Host 77's entries go EXPIRE s after it was heard, not before (the
# background look 3 s before saw them); CE1's, refreshed now, stay.
expiry()
{
	local left gone

	ce1_refresh || return 1
	[ -n "$H77_LOOK" ] || { echo "no look at host 77's entries (cache_shown failed)"; return 1; }
	wait "$H77_LOOK"
	# a look that found it gone is early only if it ended before the
	# entry could have expired (a slow look may end well after that)
	if ! jq -e --argjson min "$H77_LATE" '.age_ms >= $min' \
		"$TMPD/h77.late" > /dev/null 2>&1 &&
	   [ "$(cat "$TMPD/h77.gone" 2> /dev/null || echo 0)" -lt \
	     $((T_LEARN + EXPIRE * 1000)) ]; then
		echo "host 77's ARP entry expired early; the last look at it:" \
		     "$(cat "$TMPD/h77.late" 2> /dev/null)"
		return 1
	fi
	diag "host 77's ARP entry 3 s before it was due: $(cat "$TMPD/h77.late")"
	left=$(( (T_LEARN + (EXPIRE + 15) * 1000 - $(now_ms)) / 1000 ))
	[ "$left" -gt 5 ] || left=5
	slowwait $left eval '! entry arp $H77_MAC $H77_IP' ||
		{ echo "host 77's ARP entry still there: $(cache)"; return 1; }
	gone=$(( $(now_ms) - T_LEARN ))
	slowwait 5 eval '! entry nd $H77_MAC $H77_IP6' ||
		{ echo "host 77's ND entry still there: $(cache)"; return 1; }
	diag "host 77's entries gone $gone ms after it spoke"
	[ "$gone" -ge $(( (EXPIRE - 1) * 1000 )) ] ||
		{ echo "gone after $gone ms, expire-time $EXPIRE s"; return 1; }
	entry arp $R_CE1_MAC $R_CE1_IP > /dev/null &&
		entry nd $R_CE1_MAC $CE1_IP6 > /dev/null ||
		{ echo "CE1's entries went too: $(cache)"; return 1; }
	expect_eq "live entries" 2 "$(cache | jq length)"
}

resend_live_only()
{
	switch_resends $SEC || return 1
	expect_eq "frames from host 77" 0 "$(s_captured resent $H77_MAC)"
}

# arp-dual-sending off, nd-dual-sending on: ARP frames are neither
# duplicated nor kept (so never re-sent), ND frames still are.
arp_off()
{
	local b1 a1 rc=0

	r_link_restore 1 && s_shows slowwait 15 r_active_is "$PE1" $PRI &&
		s_shows slowwait 10 r_pe3 '.fwd == "standby"' || return 1
	# CE1's entries live, whatever the time since the expiry check
	ce1_refresh || return 1
	pwc "$PE1" ac set dev ac0 no-arp-dual-sending || return 1
	r_ac '.arp_dual_sending == false and .nd_dual_sending' ||
		{ echo "ac set changed more than arp-dual-sending"; return 1; }
	cache | jq -e 'all(.[]; .proto != "arp")' > /dev/null ||
		{ echo "ARP entries still cached (re-sent at the next switchover): $(cache)"
		  rc=1; }
	entry nd $R_CE1_MAC $CE1_IP6 > /dev/null ||
		{ echo "CE1's ND entry went too: $(cache)"; rc=1; }
	b1=$(r_stats "$PE1") || return 1
	s_send_arp "$CE1" eth0 $R_CE1_MAC $R_CE1_IP $R_CE2_IP 2 > /dev/null &&
		s_send_ns "$CE1" eth0 $R_CE1_MAC $CE1_IP6 $CE2_IP6 > /dev/null ||
		return 1
	slowwait 5 pe1_sent "$b1" $PRI 3
	sleep 0.2
	a1=$(r_stats "$PE1") || return 1
	s_expect_delta PE1 "$b1" "$a1" "\"$PRI\".tx_packets" == 3 || rc=1
	s_expect_delta PE1 "$b1" "$a1" "\"$SEC\".tx_packets" == 1 || rc=1
	# and a switchover re-sends the ND entry only
	b1=$(r_stats "$PE1") || return 1
	r_link_fail 1 && s_shows slowwait 15 r_active_is "$PE1" $SEC || return 1
	sleep 0.2
	a1=$(r_stats "$PE1") || return 1
	s_expect_delta "PE1 (the ND entry re-sent, no ARP)" "$b1" "$a1" \
		"\"$SEC\".tx_packets" == 1 || rc=1
	return $rc
}

check "topology: PE1 master with ARP/ND dual-sending (expire-time 60), PW 200 standby" \
	setup || ktap_bail "cannot build the topology"
# host 77's entries start to age out: what needs no expired entry runs
# before the expiry check
check "pwctl -j -d ac show: ARP and ND entries per sender, with ages" \
	cache_shown
check "cache ages grow, a refresh restarts them" ages
check "ARP requests from CE1 reach CE2 through PE2 and PE3 (standby PW)" \
	arp_injected
check "IPv6 NS from CE1 reach CE2 through PE2 and PE3 (standby PW)" \
	nd_injected
check "CE1's own ARP resolves CE2; its requests also cross the standby PW" \
	arp_stack
check "other frames go on the active PW only" data_single
check "a standby PW's far end delivers ARP, drops other frames" \
	far_end_standby
check "switchover to PW 200: every live entry re-sent on it, delivered by PE3" \
	resend_out
check "switchover back to PW 100: every live entry re-sent on it, delivered by PE2" \
	resend_back
check "expire-time 60: host 77's entries age out, CE1's refreshed ones stay" \
	expiry
check "the next switchover re-sends only the live entries" resend_live_only
check "no-arp-dual-sending: ARP only on the active PW and out of the cache, ND still both" \
	arp_off
check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
