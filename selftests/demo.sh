#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": the seed's scenario, narrated. CE2 is dual-homed to PE2 and
# PE3 (E-Trunk decides which PE's AC is active), PE1 has a PW to each in
# independent mode, and a bypass PW joins PE2 and PE3. Two faults:
#
#   (b) a network-side fault, PE1's link to P1: only the network side
#       switches (PE1 moves to the PW to PE3, PE3 relays over the bypass
#       PW), the ACs keep their state;
#   (c) an AC-side fault, E-Trunk makes PE3 active: PE1 follows the status
#       PE2 and PE3 signal, without being told;
#
# each shown with "pwctl ac show" / "pwctl pw show" and CE1 pinging CE2
# through it, then undone. Run it in the test VM (make demo does).
#
# Exit status: 0 when CE1 reached CE2 in every step, 1 when not, 4 when
# the module or pwctl is missing.

source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"
source "$SELFTEST_DIR/lib_seed.sh"

if [ ! -d /sys/module/mpls_pw ]; then
	echo "demo: the mpls_pw module is not loaded (make demo runs this in the VM)"
	exit $KSFT_SKIP
fi
if ! command -v "$PWCTL" > /dev/null; then
	echo "demo: pwctl is not in PATH"
	exit $KSFT_SKIP
fi
modprobe -qa veth bridge mpls_router mpls_iptunnel 2> /dev/null

declare -A NODE
RC=0

say()
{
	printf '\n==> %s\n' "$*"
}

note()
{
	printf '    %s\n' "$@"
}

# on NODE CMD...: show "NODE# CMD" and run it in NODE's namespace.
on()
{
	local node=$1

	shift
	printf '%s# %s\n' "$node" "$*"
	ip netns exec "${NODE[$node]}" "$@"
}

fail()
{
	echo "demo: $*"
	exit $KSFT_FAIL
}

# state NODE...: what each PE shows: its AC, then its PWs.
state()
{
	local n

	for n in "$@"; do
		on "$n" pwctl ac show
		on "$n" pwctl pw show
	done
}

# ping_ce [COUNT]: CE1 pings CE2; a failure is remembered.
ping_ce()
{
	on CE1 ping -c "${1:-3}" -i 0.3 -w 15 "$R_CE2_IP" || {
		echo "    (CE1 could not reach CE2 here)"
		RC=1
	}
}

# ping_through_start: a ping every 0.1 s in the background, to see what a
# fault costs; ping_through_stop prints its summary.
PING_PID=
ping_through_start()
{
	ip netns exec "$CE1" ping -i 0.1 -W 1 "$R_CE2_IP" \
		> "$TMPD/ping.out" 2>&1 &
	PING_PID=$!
	defer bg_stop "$PING_PID"
}

ping_through_stop()
{
	kill -INT "$PING_PID" 2> /dev/null
	wait "$PING_PID" 2> /dev/null
	echo "CE1# ping -i 0.1 $R_CE2_IP   (running through the fault)"
	grep -E 'transmitted|rtt' "$TMPD/ping.out" | sed 's/^/    /'
}

# wait_for WHAT CMD...: poll CMD (15 s at most), then say how long it took.
wait_for()
{
	local what=$1 t0

	shift
	t0=$(now_ms)
	if slowwait 15 "$@"; then
		note "($what after $(( $(now_ms) - t0 )) ms)"
	else
		note "($what did not happen within 15 s)"
		RC=1
	fi
}

cat <<'EOF'
mpls_pw demo: the seed's independent PW redundancy with a bypass PW

                             P1 (mpls_router)
                  core1 --- pe1      pe2 --- core0  PE2 ac0 ---- eth2
   CE1            service PW vc-id 100 (primary)    |AC active     \
   eth0 ---- ac0  PE1                               | bypass PW     br0  CE2
            (AC)  independent                       | vc-id 23     /
                  core2 --- pe1      pe3 --- core0  PE3 ac0 ---- eth3
                  service PW vc-id 200 (secondary)   AC standby
                             P2 (mpls_router)
   192.0.2.1/24                                              192.0.2.2/24

Every node is a network namespace, every link a veth pair, P1 and P2 are
the kernel's own MPLS router. E-Trunk's decision (which of PE2 and PE3
serves CE2) is modelled with "pwctl ac set ... state". Every PW carries a
control word and signals its status in band (RFC 6478), refreshed every
second: a PE that hears nothing for 3.5 s takes the PW as down.
EOF

say "Building the seven namespaces, their links and the LSPs"
seed_topo_create > "$TMPD/topo.log" 2>&1 ||
	fail "could not build the topology: $(cat "$TMPD/topo.log")"
NODE=([CE1]=$CE1 [PE1]=$PE1 [P1]=$P1 [P2]=$P2 [PE2]=$PE2 [PE3]=$PE3
      [CE2]=$CE2)
on P1 ip -f mpls route show
on P2 ip -f mpls route show
on PE1 ip route show

S="control-word status-signaling on refresh 1"
say "PE1: one AC, a PW to PE2 and a PW to PE3, independent mode"
# shellcheck disable=SC2086
{
on PE1 pwctl ac add dev ac0 redundancy independent &&
on PE1 pwctl pw add peer $R_PE2_LO vc-id 100 local-label 1000 \
	remote-label 2000 dev ac0 primary $S &&
on PE1 pwctl pw add peer $R_PE3_LO vc-id 200 local-label 1001 \
	remote-label 3000 dev ac0 secondary $S
} || fail "PE1's configuration failed"

say "PE2 and PE3: E-Trunk made PE2 active, PE3 standby; the bypass PW joins them"
# shellcheck disable=SC2086
{
on PE2 pwctl ac add dev ac0 redundancy independent state active &&
on PE2 pwctl pw add peer $R_PE1_LO vc-id 100 local-label 2000 \
	remote-label 1000 dev ac0 $S &&
on PE2 pwctl pw add peer $R_PE3_LO vc-id 23 local-label 2023 \
	remote-label 3023 dev ac0 bypass $S tunnel via $S_PE3_BYP dev byp0 &&
on PE3 pwctl ac add dev ac0 redundancy independent state standby &&
on PE3 pwctl pw add peer $R_PE1_LO vc-id 200 local-label 3000 \
	remote-label 1001 dev ac0 $S &&
on PE3 pwctl pw add peer $R_PE2_LO vc-id 23 local-label 3023 \
	remote-label 2023 dev ac0 bypass $S tunnel via $S_PE2_BYP dev byp0
} || fail "PE2's or PE3's configuration failed"

say "(a) Steady state"
seed_ready > /dev/null || { note "(not all PWs are up yet)"; RC=1; }
note "PE3 signals standby (0x20) on its PW: PE1 sends on the PW to PE2." \
     "Both PWs are up at PE1; only the one active at both ends forwards."
state PE1 PE2 PE3
ping_ce 3

say "(b) Network-side fault: PE1's link to P1 goes down"
note "PE1 loses the PW to PE2 at once and moves to the PW to PE3. PE3's" \
     "AC is standby, so PE3 relays what arrives over the bypass PW to PE2," \
     "whose AC stays active. PE2 hears nothing from PE1 any more: after" \
     "3.5 s it takes its service PW as down and sends CE2's frames over" \
     "the bypass PW as well. E-Trunk (the AC side) sees nothing of it."
ping_through_start
sleep 1
on PE1 ip link set core1 down
wait_for "PE1 on the PW to PE3" r_active_is "$PE1" 200
wait_for "PE2 on the bypass PW" r_active_is "$PE2" 23
sleep 1
ping_through_stop
note "The lost pings are PE2's 3.5 s of waiting for the silence: CE2's" \
     "replies went into the dead PW until then."
state PE1 PE2 PE3
ping_ce 5
say "(b) The frames took PW 200 and the bypass PW: PE3's counters"
on PE3 pwctl -s pw show

say "(b) Recovery: the link and its LSP route come back"
on PE1 ip link set core1 up
on PE1 ip route replace $R_PE2_LO/32 encap mpls $R_LSP_PE2 via $R_P1_PE1 dev core1
wait_for "PE1 back on the PW to PE2" r_active_is "$PE1" 100
wait_for "PE2 back on its service PW" r_active_is "$PE2" 100
on PE1 pwctl ac show
ping_ce 3

say "(c) AC-side fault: E-Trunk makes PE3 active and PE2 standby"
note "Only PE2 and PE3 are told. PE2 now signals standby (0x20), PE3" \
     "active: PE1 follows the signalled status to the PW to PE3 by itself."
ping_through_start
sleep 1
on PE3 pwctl ac set dev ac0 state active
on PE2 pwctl ac set dev ac0 state standby
wait_for "PE1 on the PW to PE3" r_active_is "$PE1" 200
sleep 1
ping_through_stop
state PE1 PE2 PE3
ping_ce 5

say "(c) Recovery: E-Trunk back to PE2"
on PE2 pwctl ac set dev ac0 state active
on PE3 pwctl ac set dev ac0 state standby
wait_for "PE1 back on the PW to PE2" r_active_is "$PE1" 100
on PE1 pwctl ac show
ping_ce 3

say "Counters of PE1's PWs over the whole demo"
on PE1 pwctl -s pw show

if [ "$RC" = 0 ]; then
	say "Done: CE1 reached CE2 through both faults and both recoveries."
else
	say "CE1 could not reach CE2 in some step (see above)."
fi
exit $RC
