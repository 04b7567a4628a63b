#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": one Ethernet pseudowire between two mpls_pw PEs across the
# kernel's own MPLS router, built and shown step by step: the topology,
# the configuration, "pwctl pw show" on both PEs, CE1 pinging CE2 through
# the PW, what the core sees, the counters. Run it in the test VM (make
# demo does); the seed's dual-homed scenario (SPEC section 8) comes with
# the redundancy features.
#
# Exit status: 0 when CE1 reached CE2 through the PW, 1 when not, 4 when
# the module or pwctl is missing.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

if [ ! -d /sys/module/mpls_pw ]; then
	echo "demo: the mpls_pw module is not loaded (make demo runs this in the VM)"
	exit $KSFT_SKIP
fi
if ! command -v "$PWCTL" > /dev/null; then
	echo "demo: pwctl is not in PATH"
	exit $KSFT_SKIP
fi
modprobe -qa veth mpls_router mpls_iptunnel 2> /dev/null

declare -A NODE

say()
{
	printf '\n==> %s\n' "$*"
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

cat <<'EOF'
mpls_pw demo: an Ethernet pseudowire (RFC 4448, control word RFC 4385)

  CE1            PE1                      P                    PE2           CE2
  eth0 ---- ac0      core0 ------- pe1       pe2 ------- core0      ac0 ---- eth0
           (AC)  198.51.100.1/30   .2/30     .5/30   198.51.100.6/30 (AC)
           lo 203.0.113.1              mpls_router         lo 203.0.113.2
                                       100 -> PE2 (pop)
                                       101 -> PE1 (pop)
  192.0.2.1/24  ===== PW vc-id 100: labels 1000 (into PE1), 2000 (into PE2) =====  192.0.2.2/24

Every node is a network namespace, every link a veth pair. The CEs sit in
one IPv4 subnet: to them the PW is a piece of wire.
EOF

say "Creating the five namespaces and their links"
topo_create > "$TMPD/topo.log" 2>&1 ||
	fail "could not build the topology: $(cat "$TMPD/topo.log")"
NODE=([CE1]=$CE1 [PE1]=$PE1 [P]=$P [PE2]=$PE2 [CE2]=$CE2)
for n in CE1 PE1 P PE2 CE2; do
	on "$n" ip -br addr show | grep -v '^lo *UNKNOWN *$'
done

say "P is the kernel's MPLS router: it pops the tunnel label towards each PE"
p_lsp inet php || fail "could not set P's label routes"
on P sysctl net.mpls.platform_labels
on P ip -f mpls route show

say "PE1: ac0 becomes the attachment circuit, the PW goes to PE2's loopback"
on PE1 pwctl ac add dev ac0 || fail "pwctl ac add failed on PE1"
on PE1 pwctl pw add peer "$PE2_LO4" vc-id "$PW_VC" \
	local-label "$PW_LABEL_PE1" remote-label "$PW_LABEL_PE2" dev ac0 \
	control-word tunnel via "$P_PE1_4" dev core0 label "$LSP_TO_PE2" ||
	fail "pwctl pw add failed on PE1"

say "PE2: the mirror image"
on PE2 pwctl ac add dev ac0 || fail "pwctl ac add failed on PE2"
on PE2 pwctl pw add peer "$PE1_LO4" vc-id "$PW_VC" \
	local-label "$PW_LABEL_PE2" remote-label "$PW_LABEL_PE1" dev ac0 \
	control-word tunnel via "$P_PE2_4" dev core0 label "$LSP_TO_PE1" ||
	fail "pwctl pw add failed on PE2"
PW_PEER1=$PE2_LO4 PW_PEER2=$PE1_LO4

say "Both ends of the PW come up"
wait_pw_pair_active > /dev/null || echo "(the PW is not active yet)"
on PE1 pwctl pw show
on PE2 pwctl pw show
on PE1 pwctl ac show

say "CE1 pings CE2 (IPv4, then IPv6) through the PW"
rc=0
on CE1 ping -c 5 -i 0.5 -w 20 "$CE2_IP4" || rc=1
on CE1 ping -c 3 -i 0.5 -w 20 "$CE2_IP6" || rc=1

if command -v tcpdump > /dev/null; then
	say "On P's link to PE1: [100][2000 S][CW][CE frame] in, [1000 S][CW][frame] out (101 popped)"
	ip netns exec "$P" tcpdump -l -c 2 -nei pe1 mpls \
		> "$TMPD/tcpdump" 2> /dev/null &
	tcpdump_pid=$!
	defer bg_stop "$tcpdump_pid"
	sleep 1		# let tcpdump open its socket
	ip netns exec "$CE1" ping -c 2 -i 0.5 -w 10 "$CE2_IP4" > /dev/null
	slowwait 10 test "$(wc -l < "$TMPD/tcpdump")" -ge 2
	bg_stop "$tcpdump_pid"
	printf 'P# tcpdump -c 2 -nei pe1 mpls\n'
	cat "$TMPD/tcpdump"
fi

say "Counters: every frame the CEs exchanged, in and out of the PW"
on PE1 pwctl -s pw show
on PE2 pwctl -s pw show
on PE1 pwctl stats show

if [ "$rc" = 0 ]; then
	say "Done: CE1 and CE2 talk through the pseudowire."
else
	say "CE1 could not reach CE2 through the pseudowire."
fi
exit $rc
