#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Ethernet pseudowire forwarding between two mpls_pw PEs, with the kernel's
# own MPLS router (mpls_router, an independent implementation) as the P
# node that pops or swaps the tunnel label.
#
#  CE1            PE1                      P                    PE2           CE2
#  eth0 ---- ac0      core0 ------- pe1       pe2 ------- core0      ac0 ---- eth0
#           (AC)  198.51.100.1/30   .2/30     .5/30   198.51.100.6/30 (AC)
#                 2001:db8:1::1/64  1::2/64   2::1/64 2001:db8:2::2/64
#           lo 203.0.113.1              mpls_router         lo 203.0.113.2
#              2001:db8:ff::1           label 100 -> PE2       2001:db8:ff::2
#                                       label 101 -> PE1
#  CE1: 192.0.2.1/24 2001:db8:c::1/64         CE2: 192.0.2.2/24 2001:db8:c::2/64
#
#  PW vc-id 100: PE1 receives on label 1000, PE2 on label 2000.
#
#  case  core  tunnel                          P does                   CW
#  A     IPv4  explicit: via P label 100/101   pop (PHP)                no
#  B     IPv4  explicit                        swap to explicit null 0  yes
#  C     IPv4  route: encap mpls 100/101       pop                      no
#  D     IPv6  explicit                        pop                      no
#  E     IPv6  route                           swap to explicit null 2  yes
#  F     IPv4  explicit without a label        swaps the PW label       no
#  G     as F, but PE2 is tc act_mpls (the kernel's EoMPLS recipe)      no
#  H     IPv4  explicit: TCP with GSO, MTU drops                        yes
#
# Checked: IPv4 and IPv6 pings between the CEs, both directions; what
# pwctl shows; the encapsulation on the wire; PW counters equal to the
# frames sent; a lossless in-order UDP stream; a TCP transfer with the
# veths' default offloads (GSO frames reach the AC) arriving intact; a
# frame over the core MTU dropped and counted, nothing corrupted delivered.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_mpls_pw
require_mpls_router
require_cmd ping socat sha256sum ss

ktap_plan 26
kmsg_mark forwarding

DROPS=(drop_no_route drop_mtu drop_nomem drop_down drop_standby drop_bad_cw
       drop_runt drop_not_bos drop_truncated drop_no_pw drop_ach)

setup()
{
	topo_create && p_lsp inet php
}

# pw_case JQ_COND PW_PAIR_ADD_ARG...: replace the PW pair, wait until both
# ends forward, and check PE1's "pwctl -j pw show" entry against JQ_COND.
pw_case()
{
	local cond=$1 j

	shift
	pw_pair_del
	pw_pair_add "$@" || return 1
	wait_pw_pair_active || return 1
	j=$(pw_jq "$PE1" "$PW_PEER1" "$PW_VC" .) || return 1
	jq -e "$cond" <<< "$j" > /dev/null && return 0
	echo "PE1 shows: $j"
	echo "expected:  $cond"
	return 1
}

# wire_check NS DEV JQ_COND [CE1 PING OPTION...]: capture the first MPLS
# frame carrying a CE1 -> CE2 frame (it contains CE2's MAC address) on DEV
# in NS while CE1 pings CE2, and check it against JQ_COND.
wire_check()
{
	local ns=$1 dev=$2 cond=$3 cap=$TMPD/wire.json

	shift 3
	sniff_start "$ns" "$dev" "$cap" --ethertype 0x8847 --dir in \
		--contains "$(mac_hex "$CE2_MAC")" --count 1 --timeout 30 ||
		return 1
	ping_ok "$CE1" "$CE2_IP4" "$@" || return 1
	if ! sniff_wait; then
		echo "no MPLS frame with CE2's MAC address seen on $dev"
		return 1
	fi
	jq -e --arg mac "$(mac_hex "$CE2_MAC")" "$cond" "$cap" > /dev/null &&
		return 0
	echo "captured: $(cat "$cap")"
	echo "expected: $cond"
	return 1
}

# Exactly the frames of 10 pings cross the PW, in each direction and at
# each end, with their bytes; the AC and CE netdev counters agree.
counters()
{
	local b1 b2 a1 a2 ac_b ac_a ce_b ce_a rc=0
	local frame=98		# Ethernet 14 + IPv4 20 + ICMP 8 + 56

	neigh_pin || return 1
	b1=$(pw_stats "$PE1" "$PW_PEER1" "$PW_VC") || return 1
	b2=$(pw_stats "$PE2" "$PW_PEER2" "$PW_VC") || return 1
	ac_b=$(dev_stat "$PE1" ac0 rx_packets)
	ce_b=$(dev_stat "$CE2" eth0 rx_packets)
	nsx "$CE1" ping -n -q -c 10 -i 0.1 -w 20 "$CE2_IP4" || rc=1
	a1=$(pw_stats "$PE1" "$PW_PEER1" "$PW_VC") || return 1
	a2=$(pw_stats "$PE2" "$PW_PEER2" "$PW_VC") || return 1
	ac_a=$(dev_stat "$PE1" ac0 rx_packets)
	ce_a=$(dev_stat "$CE2" eth0 rx_packets)
	neigh_unpin

	expect_eq "PE1 tx_packets" 10 "$(jdelta "$b1" "$a1" tx_packets)" || rc=1
	expect_eq "PE1 tx_bytes" $((10 * frame)) \
		"$(jdelta "$b1" "$a1" tx_bytes)" || rc=1
	expect_eq "PE2 rx_packets" 10 "$(jdelta "$b2" "$a2" rx_packets)" || rc=1
	expect_eq "PE2 rx_bytes" $((10 * frame)) \
		"$(jdelta "$b2" "$a2" rx_bytes)" || rc=1
	expect_eq "PE2 tx_packets" 10 "$(jdelta "$b2" "$a2" tx_packets)" || rc=1
	expect_eq "PE2 tx_bytes" $((10 * frame)) \
		"$(jdelta "$b2" "$a2" tx_bytes)" || rc=1
	expect_eq "PE1 rx_packets" 10 "$(jdelta "$b1" "$a1" rx_packets)" || rc=1
	expect_eq "PE1 rx_bytes" $((10 * frame)) \
		"$(jdelta "$b1" "$a1" rx_bytes)" || rc=1
	expect_eq "frames into PE1's AC" 10 $((ac_a - ac_b)) || rc=1
	expect_eq "frames CE2 received" 10 $((ce_a - ce_b)) || rc=1
	expect_eq "PE1 drops" 0 "$(jdelta "$b1" "$a1" "${DROPS[@]}")" || rc=1
	expect_eq "PE2 drops" 0 "$(jdelta "$b2" "$a2" "${DROPS[@]}")" || rc=1
	[ "$rc" = 0 ] || echo "PE1 before: $b1" "PE1 after: $a1" \
		"PE2 before: $b2" "PE2 after: $a2"
	return "$rc"
}

# 400 sequence-numbered datagrams CE1 -> CE2: none lost, duplicated or
# reordered.
stream()
{
	local out=$TMPD/stream.json rx

	rm -f "$out.ready"
	bg_start rx ip netns exec "$CE2" "$PYTHON" -S "$HELPERS/stream.py" recv \
		--bind "$CE2_IP4" --idle 3 --duration 120 --ready "$out.ready" \
		> "$out"
	wait_file 20 "$out.ready" || return 1
	nsx "$CE1" "$PYTHON" -S "$HELPERS/stream.py" send --dst "$CE2_IP4" \
		--rate 200 --count 400 || return 1
	wait "$rx"
	jq -e '.streams["1"] | .unique == 400 and .lost == 0 and
	       .dups == 0 and .reordered == 0' "$out" > /dev/null && return 0
	echo "receiver: $(cat "$out")"
	return 1
}

# G: PE2 is the kernel's tc EoMPLS recipe (act_mpls mac_push / pop protocol
# teb, act_vlan push_eth / pop_eth); PE1 is mpls_pw with a tunnel without
# labels; P label-switches the PW labels.
tc_interop()
{
	local p_mac pe2_mac

	pw_pair_del
	p_pw_switch || return 1
	pwc "$PE1" ac add dev ac0 || return 1
	pwc "$PE1" pw add peer "$PE2_LO4" vc-id "$PW_VC" \
		local-label "$PW_LABEL_PE1" remote-label "$PW_LABEL_PE2" dev ac0 \
		tunnel via "$P_PE1_4" dev core0 || return 1
	PW_PEER1=$PE2_LO4
	slowwait 10 pw_fwd_is "$PE1" "$PW_PEER1" active || {
		pw_show_all "$PE1"
		return 1
	}
	p_mac=$(dev_mac "$P" pe2)
	pe2_mac=$(dev_mac "$PE2" core0)
	if ! run tc -n "$PE2" qdisc add dev ac0 ingress ||
	   ! run tc -n "$PE2" filter add dev ac0 ingress matchall \
		action mpls mac_push label "$PW_LABEL_PE1" ttl 64 \
		action vlan push_eth dst_mac "$p_mac" src_mac "$pe2_mac" \
		action mirred egress redirect dev core0 ||
	   ! run tc -n "$PE2" qdisc add dev core0 ingress ||
	   ! run tc -n "$PE2" filter add dev core0 ingress protocol mpls_uc \
		flower mpls_label "$PW_LABEL_PE2" \
		action vlan pop_eth \
		action mpls pop protocol teb \
		action mirred egress redirect dev ac0; then
		skip_because "tc act_mpls mac_push / act_vlan push_eth unavailable"
		return
	fi
	ping_ok "$CE1" "$CE2_IP4" && ping_ok "$CE1" "$CE2_IP6"
}

tc_interop_cleanup()
{
	tc -n "$PE2" qdisc del dev ac0 ingress 2> /dev/null
	tc -n "$PE2" qdisc del dev core0 ingress 2> /dev/null
	ip -n "$P" -f mpls route del $PW_LABEL_PE1 2> /dev/null
	ip -n "$P" -f mpls route del $PW_LABEL_PE2 2> /dev/null
	pw_pair_del
}

# H: 4 MiB CE1 -> CE2 over TCP, offloads as veth has them by default
# (TSO/GSO on), so GSO frames reach the AC; the data arrives intact.
tcp_transfer()
{
	local rx ac_p ac_b ac_p2 ac_b2 b1 a1

	head -c 4194304 /dev/urandom > "$TMPD/tx" || return 1
	if command -v ethtool > /dev/null; then
		diag "CE1 eth0: $(ip netns exec "$CE1" ethtool -k eth0 |
			grep -E '^(tcp-segmentation|generic-segmentation)' |
			tr '\n\t' '  ')"
	fi
	b1=$(pw_stats "$PE1" "$PW_PEER1" "$PW_VC") || return 1
	ac_p=$(dev_stat "$PE1" ac0 rx_packets)
	ac_b=$(dev_stat "$PE1" ac0 rx_bytes)
	bg_start rx ip netns exec "$CE2" socat -u \
		TCP-LISTEN:5002,bind="$CE2_IP4",reuseaddr CREATE:"$TMPD/rx"
	slowwait 20 eval "ip netns exec '$CE2' ss -Htln | grep -q ':5002 '" ||
		{ echo "socat did not listen"; return 1; }
	nsx "$CE1" timeout 300 socat -u OPEN:"$TMPD/tx" TCP:"$CE2_IP4":5002 ||
		{ echo "the sender failed"; return 1; }
	wait "$rx" || { echo "the receiver failed"; return 1; }
	a1=$(pw_stats "$PE1" "$PW_PEER1" "$PW_VC")
	ac_p2=$(dev_stat "$PE1" ac0 rx_packets)
	ac_b2=$(dev_stat "$PE1" ac0 rx_bytes)
	if [ $((ac_p2 - ac_p)) -gt 0 ]; then
		diag "frames into PE1's AC: $((ac_p2 - ac_p)), average" \
		     "$(( (ac_b2 - ac_b) / (ac_p2 - ac_p) )) bytes" \
		     "(above 1514: GSO frames reached the AC)"
	fi
	diag "PE1 PW drops during the transfer:" \
	     "$(jdelta "$b1" "$a1" "${DROPS[@]}")"
	cmp -s "$TMPD/tx" "$TMPD/rx" && return 0
	echo "received $(stat -c %s "$TMPD/rx") of 4194304 bytes," \
	     "sha256 $(sha256sum < "$TMPD/rx") vs $(sha256sum < "$TMPD/tx")"
	return 1
}

# H: with PE1's core MTU at 1400, a 1500-byte IPv4 packet (DF) from CE1
# does not fit once encapsulated: three of them are dropped and counted as
# drop_mtu, none is sent or delivered; small frames still pass.
mtu_drop()
{
	local b1 a1 ce_b ce_a rc=0

	neigh_pin || return 1
	run ip -n "$PE1" link set core0 mtu 1400 || return 1
	b1=$(pw_stats "$PE1" "$PW_PEER1" "$PW_VC") || return 1
	ce_b=$(dev_stat "$CE2" eth0 rx_packets)
	if nsx "$CE1" ping -n -q -c 3 -i 0.2 -W 1 -M "do" -s 1472 "$CE2_IP4"; then
		echo "1500-byte pings were answered through a 1400-byte core"
		rc=1
	fi
	a1=$(pw_stats "$PE1" "$PW_PEER1" "$PW_VC")
	ce_a=$(dev_stat "$CE2" eth0 rx_packets)
	expect_eq "PE1 drop_mtu" 3 "$(jdelta "$b1" "$a1" drop_mtu)" || rc=1
	expect_eq "PE1 tx_packets" 0 "$(jdelta "$b1" "$a1" tx_packets)" || rc=1
	expect_eq "frames CE2 received" 0 $((ce_a - ce_b)) || rc=1
	ping_ok "$CE1" "$CE2_IP4" || { echo "small pings fail too"; rc=1; }
	run ip -n "$PE1" link set core0 mtu "$CORE_MTU"
	neigh_unpin
	return "$rc"
}

check "topology: CE1 - PE1 - P (mpls_router) - PE2 - CE2" setup ||
	ktap_bail "cannot build the topology"

# A: IPv4 core, explicit tunnel, P pops, no control word
check "A: PW active on both PEs, pwctl shows the explicit tunnel, no CW" \
	pw_case ".tunnel.via == \"$P_PE1_4\" and .tunnel.dev == \"core0\" and
		 .tunnel.labels == [$LSP_TO_PE2] and
		 (.control_word // false) == false and
		 .local_label == $PW_LABEL_PE1 and
		 .remote_label == $PW_LABEL_PE2 and .dev == \"ac0\"" \
	4 explicit
check "A: IPv4 ping CE1 -> CE2" ping_ok "$CE1" $CE2_IP4
check "A: IPv4 ping CE2 -> CE1" ping_ok "$CE2" $CE1_IP4
check "A: IPv6 ping CE1 -> CE2" ping_ok "$CE1" $CE2_IP6
check "A: IPv6 ping CE2 -> CE1" ping_ok "$CE2" $CE1_IP6
check "A: on the wire PE1 -> P: [100][2000 S=1 TTL=255][CE frame]" \
	wire_check "$P" pe1 "(.labels | length) == 2 and
		.labels[0].label == $LSP_TO_PE2 and .labels[0].s == 0 and
		.labels[1].label == $PW_LABEL_PE2 and .labels[1].s == 1 and
		.labels[1].ttl == 255 and (.payload_hex | startswith(\$mac))"
check "A: 10 pings: PW and AC counters move by exactly 10 frames each way" \
	counters
check "A: 400-datagram UDP stream: no loss, duplicate or reordering" stream

# B: control word; P swaps the tunnel label to IPv4 explicit null
case_b()
{
	p_lsp inet null && pw_case '.control_word == true' \
		4 explicit control-word
}
check "B: PW with control word active, pwctl shows it" case_b
check "B: at PE2: [0 (explicit null)][2000 S=1][CW 0000][CE frame]" \
	wire_check "$PE2" core0 "(.labels | length) == 2 and
		.labels[0].label == 0 and .labels[0].s == 0 and
		.labels[1].label == $PW_LABEL_PE2 and .labels[1].s == 1 and
		(.payload_hex | .[0:1] == \"0\" and .[8:20] == \$mac)"
check "B: IPv4 ping CE1 -> CE2" ping_ok "$CE1" $CE2_IP4
check "B: IPv6 ping CE1 -> CE2" ping_ok "$CE1" $CE2_IP6

# C: tunnel from the FIB: ip route PEER/32 encap mpls 100 via P
case_c()
{
	p_lsp inet php && pw_case "(has(\"tunnel\") | not) and
		.nexthop.via == \"$P_PE1_4\" and .nexthop.dev == \"core0\" and
		.nexthop.labels == [$LSP_TO_PE2]" 4 fib
}
check "C: route-resolved PW active, next hop and label from the route" case_c
check "C: IPv4 ping CE1 -> CE2" ping_ok "$CE1" $CE2_IP4
check "C: IPv6 ping CE2 -> CE1" ping_ok "$CE2" $CE1_IP6

# D: IPv6 core, IPv6 peers, explicit tunnel
case_d()
{
	p_lsp inet6 php && pw_case ".peer == \"$PE2_LO6\" and
		.tunnel.via == \"$P_PE1_6\" and
		.tunnel.labels == [$LSP_TO_PE2]" 6 explicit
}
check "D: IPv6-core PW active, IPv6 peer and next hop shown" case_d
check "D: IPv4 ping CE1 -> CE2" ping_ok "$CE1" $CE2_IP4
check "D: IPv6 ping CE2 -> CE1" ping_ok "$CE2" $CE1_IP6

# E: IPv6 core, tunnel from an IPv6 encap route, P swaps to IPv6 explicit
# null, control word
case_e()
{
	p_lsp inet6 null && pw_case "(has(\"tunnel\") | not) and
		.nexthop.via == \"$P_PE1_6\" and .control_word == true" \
		6 fib control-word
}
check "E: IPv6 route-resolved PW with CW active" case_e
check "E: IPv6 ping CE1 -> CE2" ping_ok "$CE1" $CE2_IP6

# F: a tunnel without labels: the PW label alone, switched by P
case_f()
{
	p_lsp inet php && p_pw_switch &&
		pw_case '(.tunnel.labels // []) == []' 4 nolabel &&
		ping_ok "$CE1" "$CE2_IP4"
}
check "F: tunnel without labels: IPv4 ping CE1 -> CE2" case_f

# G: interworking with an independent EoMPLS implementation
check "G: mpls_pw PE1 <-> tc act_mpls PE2: IPv4 and IPv6 pings" tc_interop
tc_interop_cleanup

# H: TCP with GSO, and the MTU, with the control word
case_h()
{
	p_lsp inet php &&
		pw_case '.control_word == true' 4 explicit control-word &&
		tcp_transfer
}
check "H: 4 MiB TCP CE1 -> CE2 with GSO on arrives intact" case_h
check "H: 1500-byte frames over a 1400-byte core MTU: drop_mtu, none sent" \
	mtu_drop

check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
