#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuration churn under traffic. For DURATION seconds two writers
# change everything the module has while frames flood both ways through
# the PW pair of the reference topology:
#  - writer 1 (PE1): the primary PW admin down/up, manual switchovers, the
#    AC's state, PE1's route to PE2 withdrawn and back, core0 down/up, PWs
#    and an AC added and deleted, a PW switch added and deleted, a VRRP
#    group set to master, backup and deleted;
#  - writer 2: a netns with an AC and PWs created and deleted, PE2's PW
#    admin down/up, PE2's MPLS input off/on, its AC's holdoff and its
#    secondary's TTL changed.
# Afterwards, with everything put back: the PEs hold what they held before
# (the module's object counts, no netns left), the pair forwards again and
# its counters agree exactly (a burst from CE1: what PE1's PWs sent, PE2's
# received and CE2 got), the module unloads and loads, and the kernel log
# is clean (on the debug kernel, kmemleak is scanned after the script).
#
#  CE1 -- ac0 [PE1] core0 -- P -- core0 [PE2] ac0 -- CE2   (lib.sh)
#         PW vc-id 100 (primary, route-resolved: PE1's route to PE2's
#         loopback) and vc-id 101 (secondary, explicit tunnel label 100)
#
# DURATION is 60 s; 600 s with MPLS_PW_FULL=1 ("make check-debug").

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_mpls_pw
require_mpls_router

if [ "${MPLS_PW_FULL:-0}" = 1 ]; then
	DURATION=${MPLS_PW_CHURN_SECONDS:-600}
else
	DURATION=${MPLS_PW_CHURN_SECONDS:-60}
fi
SEC=101
BURST=500
W1_LOG=$TMPD/writer1.log
W2_LOG=$TMPD/writer2.log
START1="" START2=""

ktap_plan 8
kmsg_mark churn

# ---------------------------------------------------------------- setup --

setup()
{
	need_framefuzz && need_ko || return 1
	topo_create && p_lsp inet php && pw_pair_add 4 fib || return 1
	# back on the primaries as soon as they are up (not after 30 s)
	pwc "$PE1" ac set dev ac0 reroute immediately &&
	pwc "$PE2" ac set dev ac0 reroute immediately &&
	pwc "$PE1" pw add peer "$PW_PEER1" vc-id $SEC local-label 1001 \
		remote-label 2001 dev ac0 secondary \
		tunnel via $P_PE1_4 dev core0 label $LSP_TO_PE2 &&
	pwc "$PE2" pw add peer "$PW_PEER2" vc-id $SEC local-label 2001 \
		remote-label 1001 dev ac0 secondary \
		tunnel via $P_PE2_4 dev core0 label $LSP_TO_PE1 &&
	wait_pw_pair_active && neigh_pin || return 1
	START1=$(counts "$PE1") && START2=$(counts "$PE2")
}

# counts NS: the module's object counts in NS ("pws N acs N").
counts()
{
	"$PWCTL" -n "$1" -j net show | jq -r '"pws \(.pws) acs \(.acs)"'
}

# flood: CE1 and CE2 send to each other as fast as they can.
flood()
{
	local f12 f21

	f12="$(mac_hex $CE2_MAC)$(mac_hex $CE1_MAC)88b5$(hex_bytes 46)"
	f21="$(mac_hex $CE1_MAC)$(mac_hex $CE2_MAC)88b5$(hex_bytes 46)"
	bg_start FLOOD1 ip netns exec "$CE1" "$FF" --dev eth0 --frame "$f12" \
		--count 1000000000 > /dev/null 2>&1
	bg_start FLOOD2 ip netns exec "$CE2" "$FF" --dev eth0 --frame "$f21" \
		--count 1000000000 > /dev/null 2>&1
}

# ---------------------------------------------------------------- writers --

# op LOG NAME CMD...: one operation; its name and exit status logged.
op()
{
	local log=$1 name=$2

	shift 2
	"$@" > /dev/null 2>&1
	echo "$name $?" >> "$log"
}

w1_pw_admin()
{
	"$PWCTL" -n "$PE1" pw set peer "$PW_PEER1" vc-id $PW_VC admin down &&
		"$PWCTL" -n "$PE1" pw set peer "$PW_PEER1" vc-id $PW_VC admin up
}

w1_route()
{
	ip -n "$PE1" route del "$PW_PEER1/32" &&
		ip -n "$PE1" route replace "$PW_PEER1/32" encap mpls \
			$LSP_TO_PE2 via $P_PE1_4 dev core0
}

# down flushes the route through core0: put it back
w1_link()
{
	ip -n "$PE1" link set core0 down && ip -n "$PE1" link set core0 up &&
		ip -n "$PE1" route replace "$PW_PEER1/32" encap mpls \
			$LSP_TO_PE2 via $P_PE1_4 dev core0
}

w1_state()
{
	"$PWCTL" -n "$PE1" ac set dev ac0 state standby &&
		"$PWCTL" -n "$PE1" ac set dev ac0 state active
}

# an AC on a dummy device with two PWs, then all of it gone
w1_objects()
{
	"$PWCTL" -n "$PE1" -batch - <<-EOF
	ac add dev acx
	pw add peer 192.0.2.99 vc-id 300 local-label 3000 remote-label 3000 dev acx primary tunnel via $P_PE1_4 dev core0
	pw add peer 192.0.2.99 vc-id 301 local-label 3001 remote-label 3001 dev acx secondary tunnel via $P_PE1_4 dev core0
	pw del peer 192.0.2.99 vc-id 300
	pw del peer 192.0.2.99 vc-id 301
	ac del dev acx
	EOF
}

w1_switch()
{
	"$PWCTL" -n "$PE1" -batch - <<-EOF
	pw add peer 192.0.2.98 vc-id 400 local-label 4000 remote-label 4000 tunnel via $P_PE1_4 dev core0
	pw add peer 192.0.2.97 vc-id 401 local-label 4001 remote-label 4001 tunnel via $P_PE1_4 dev core0
	switch add peer 192.0.2.98 vc-id 400 peer 192.0.2.97 vc-id 401
	switch del peer 192.0.2.98 vc-id 400 peer 192.0.2.97 vc-id 401
	pw del peer 192.0.2.98 vc-id 400
	pw del peer 192.0.2.97 vc-id 401
	EOF
}

w1_vrrp()
{
	"$PWCTL" -n "$PE1" -batch - <<-EOF
	vrrp set dev core0 vrid 7 state master
	vrrp set dev core0 vrid 7 state backup
	vrrp del dev core0 vrid 7
	EOF
}

# more KINDS END N: the writer goes on (every kind of operation runs at
# least once); the N-th operation is kind (N + a random start) % KINDS.
more()
{
	[ "$(now_ms)" -lt "$2" ] || [ "$3" -lt "$1" ]
}

writer1()
{
	local end=$(($(now_ms) + DURATION * 1000)) n=0 k=$RANDOM

	ip -n "$PE1" link add acx type dummy && ip -n "$PE1" link set acx up
	while more 8 "$end" "$n"; do
		n=$((n + 1))
		case $(((k + n) % 8)) in
		0) op "$W1_LOG" pw-admin w1_pw_admin ;;
		1) op "$W1_LOG" switchover "$PWCTL" -n "$PE1" ac switchover dev ac0 ;;
		2) op "$W1_LOG" ac-state w1_state ;;
		3) op "$W1_LOG" route w1_route ;;
		4) op "$W1_LOG" link w1_link ;;
		5) op "$W1_LOG" objects w1_objects ;;
		6) op "$W1_LOG" switch w1_switch ;;
		7) op "$W1_LOG" vrrp w1_vrrp ;;
		esac
	done
}

# a netns with an AC and three PWs, deleted with them
w2_netns()
{
	local ns=churn-$$-$RANDOM

	ip netns add "$ns" || return 1
	ip -n "$ns" link add d0 type dummy && ip -n "$ns" link set d0 up &&
	"$PWCTL" -n "$ns" -batch - <<-EOF
	ac add dev d0
	pw add peer 192.0.2.1 vc-id 1 local-label 100 remote-label 100 dev d0 primary tunnel via 192.0.2.254 dev d0
	pw add peer 192.0.2.1 vc-id 2 local-label 101 remote-label 100 dev d0 secondary tunnel via 192.0.2.254 dev d0
	pw add peer 192.0.2.2 vc-id 1 local-label 102 remote-label 100 tunnel via 192.0.2.254 dev d0
	EOF
	ip netns del "$ns"
}

w2_pw_admin()
{
	"$PWCTL" -n "$PE2" pw set peer "$PW_PEER2" vc-id $PW_VC admin down &&
		"$PWCTL" -n "$PE2" pw set peer "$PW_PEER2" vc-id $PW_VC admin up
}

w2_input()
{
	"$PWCTL" -n "$PE2" link set dev core0 mpls-input off &&
		"$PWCTL" -n "$PE2" link set dev core0 mpls-input on
}

writer2()
{
	local end=$(($(now_ms) + DURATION * 1000)) n=0 k=$RANDOM

	while more 5 "$end" "$n"; do
		n=$((n + 1))
		case $(((k + n) % 5)) in
		0) op "$W2_LOG" netns w2_netns ;;
		1) op "$W2_LOG" pw-admin w2_pw_admin ;;
		2) op "$W2_LOG" input w2_input ;;
		3) op "$W2_LOG" holdoff "$PWCTL" -n "$PE2" ac set dev ac0 \
			holdoff $((RANDOM % 3)) ;;
		4) op "$W2_LOG" ttl "$PWCTL" -n "$PE2" pw set peer "$PW_PEER2" \
			vc-id $SEC ttl $((1 + RANDOM % 255)) ;;
		esac
	done
}

# ------------------------------------------------------------------ checks --

# summary LOG: "NAME ran/failed ..." for each operation of a writer.
summary()
{
	awk '{ n[$1]++; if ($2 != 0) f[$1]++ }
	     END { for (k in n) printf "%s %d/%d ", k, n[k], f[k] + 0 }' "$1"
}

# Every operation but a manual switchover (refused while the other PW is
# not up) succeeds, every kind ran, and the flood went through all along.
churn()
{
	local w1 w2 rx0 rx1

	: > "$W1_LOG"
	: > "$W2_LOG"
	flood
	rx0=$(pw_sum "$PE2" "$PW_PEER2" rx_packets) || return 1
	bg_start w1 writer1
	bg_start w2 writer2
	wait "$w1" "$w2"
	rx1=$(pw_sum "$PE2" "$PW_PEER2" rx_packets) || return 1
	bg_stop "$FLOOD1"
	bg_stop "$FLOOD2"
	{
		echo "writer 1 (ran/failed): $(summary "$W1_LOG")"
		echo "writer 2 (ran/failed): $(summary "$W2_LOG")"
		echo "PE2's PWs received $((rx1 - rx0)) frames meanwhile"
	} | tee "$TMPD/summary"
	[ "$(awk '{ print $1 }' "$W1_LOG" | sort -u | wc -l)" = 8 ] &&
		[ "$(awk '{ print $1 }' "$W2_LOG" | sort -u | wc -l)" = 5 ] ||
		{ echo "a kind of operation never ran"; return 1; }
	! cat "$W1_LOG" "$W2_LOG" | grep -v '^switchover ' | grep -qv ' 0$' ||
		{ echo "an operation failed"; return 1; }
	[ "$rx1" -gt "$rx0" ]
}

# Everything the writers may have left changed, back as it was.
restore()
{
	local line

	ip -n "$PE1" link set core0 up
	ip -n "$PE1" route replace "$PW_PEER1/32" encap mpls $LSP_TO_PE2 \
		via $P_PE1_4 dev core0
	ip -n "$PE1" link del acx 2> /dev/null
	while read -r line; do
		# shellcheck disable=SC2086
		"$PWCTL" -n "$PE1" $line > /dev/null 2>&1
	done <<-EOF
	switch del peer 192.0.2.98 vc-id 400 peer 192.0.2.97 vc-id 401
	pw del peer 192.0.2.99 vc-id 300
	pw del peer 192.0.2.99 vc-id 301
	pw del peer 192.0.2.98 vc-id 400
	pw del peer 192.0.2.97 vc-id 401
	vrrp del dev core0 vrid 7
	EOF
	# the secondary down and up again drops a manual switchover to it
	pwc "$PE1" ac set dev ac0 state active &&
	pwc "$PE1" pw set peer "$PW_PEER1" vc-id $SEC admin down &&
	pwc "$PE1" pw set peer "$PW_PEER1" vc-id $SEC admin up &&
	pwc "$PE1" pw set peer "$PW_PEER1" vc-id $PW_VC admin up &&
	pwc "$PE2" pw set peer "$PW_PEER2" vc-id $PW_VC admin up &&
	pwc "$PE2" link set dev core0 mpls-input on || return 1
	counts "$PE1" | tee "$TMPD/c1"
	counts "$PE2" | tee "$TMPD/c2"
	[ "$(cat "$TMPD/c1")" = "$START1" ] &&
		[ "$(cat "$TMPD/c2")" = "$START2" ] &&
		! ip netns list | grep -q "^churn-$$-"
}

# pw_sum NS PEER KEY: KEY summed over the primary and the secondary.
pw_sum()
{
	"$PWCTL" -n "$1" -j -s pw show | jq --arg p "$2" --arg k "$3" \
		"[.[] | select(.peer == \$p and (.vc_id == $PW_VC or
		  .vc_id == $SEC)) | .stats[\$k]] | add"
}

# chain: PE1's PWs sent, PE2's received, CE2 got (frames).
chain()
{
	echo "$(pw_sum "$PE1" "$PW_PEER1" tx_packets)" \
	     "$(pw_sum "$PE2" "$PW_PEER2" rx_packets)" \
	     "$(dev_stat "$CE2" eth0 rx_packets)"
}

chain_delta()
{
	local -a a b

	read -r -a a <<< "$1"
	read -r -a b <<< "$2"
	echo "$((b[0] - a[0])) $((b[1] - a[1])) $((b[2] - a[2]))"
}

burst_arrived()
{
	local d

	read -r -a d <<< "$(chain_delta "$1" "$(chain)")"
	[ "${d[2]}" -ge "$BURST" ]
}

# A burst of BURST frames from CE1: counted the same at each step.
consistent()
{
	local before d f12

	f12="$(mac_hex $CE2_MAC)$(mac_hex $CE1_MAC)88b5$(hex_bytes 46)"
	sleep 1
	before=$(chain) || return 1
	ip netns exec "$CE1" "$FF" --dev eth0 --frame "$f12" --count $BURST \
		> /dev/null || return 1
	slowwait 20 burst_arrived "$before"
	sleep 0.5
	read -r -a d <<< "$(chain_delta "$before" "$(chain)")"
	echo "PE1's PWs sent ${d[0]}, PE2's received ${d[1]}, CE2 got ${d[2]}" \
	     "(CE1 sent $BURST)"
	[ "${d[0]}" = "${d[1]}" ] && [ "${d[1]}" = "${d[2]}" ] &&
		[ "${d[2]}" -ge "$BURST" ]
}

reload()
{
	timeout 120 rmmod mpls_pw || { echo "rmmod failed"; return 1; }
	insmod "$MPLS_PW_KO" || { echo "insmod failed"; return 1; }
	[ "$("$PWCTL" -n "$PE1" -j pw show)" = "[]" ]
}

# ---------------------------------------------------------------- main --

if ! setup > "$TMPD/setup.log" 2>&1; then
	diag "$(cat "$TMPD/setup.log")"
	ktap_bail "topology setup failed"
fi

check "two writers change everything for $DURATION s under a flood" churn
diag "$(cat "$TMPD/summary" 2> /dev/null)"
check "kernel log clean after the churn" kmsg_clean
check "put back, the PEs hold what they held before, no netns left" restore
check "the PW pair forwards again" wait_pw_pair_active
check "a burst from CE1: PE1's PWs sent, PE2's received, CE2 got the same" \
	consistent
check "the module unloads and loads" reload
sleep 12	# a device reference left shows 10 s after its netns went
check "kernel log clean at the end" kmsg_clean
check "no netns of the churn left" eval '! ip netns list | grep -q churn-'
ktap_finish
