#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Random frames at a PE (framefuzz/, C, built on the host by "make
# framefuzz"), on its MPLS side and on its AC side. First one known frame
# of each class moves exactly the counter the design names for it; then
# the fuzzer's frames: label stacks with explicit nulls, flow labels,
# reserved labels and the S bit anywhere, control words with every first
# nibble, associated channel messages (RFC 4385, RFC 6478 PW status with
# random channel types, lengths, TLVs and bits), runts and jumbos, paged
# skbs; on the ACs untagged, 802.1Q and QinQ frames, runts, ARP and ND
# with random bodies. Afterwards every frame that came in is counted
# exactly once: delivered, relayed, or under one drop counter; the paged
# skbs did reach the PE; the PE still forwards; the kernel log is clean.
#
#   INJ (framefuzz --side mpls)      PE (mpls_pw)                 CE (framefuzz --side ac)
#   c0 ======================== core0  MPLS input on,   MTU 9000
#   c1 ======================== core1  MPLS input off,  MTU 9000
#                                      (core0 and core1 share one MAC)
#                                ac1 MTU 1500 ================== e1
#                                ac2 MTU 9000 ================== e2
#                                ac3 state standby ============= e3
#                                ac4 ========================== e4
#
#   PW (peer 203.0.113.2)  local label  AC, role        options
#   vc-id 1                1001         ac1 primary     control word, status signalling
#   vc-id 2                1002         ac1 secondary   -
#   vc-id 3                1003         ac2 primary     tagged vlan 100; ac2 dual-sends ARP / ND
#   vc-id 4                1004         ac3 primary     control word, status signalling
#   vc-id 5                1005         ac3 bypass      control word
#   vc-id 6                1006         switch with 7   control word, status signalling
#   vc-id 7                1007         switch with 6   control word
#   vc-id 8                1008         ac4 primary     admin down
#
# Every PW's tunnel is "via 198.51.100.2 dev core0" without labels (c0's
# MAC pinned in the neighbour table), so a relayed frame is never longer
# than it came in: relays (S-PE, standby AC) drop nothing on the way out.
#
# The sums. MPLS side: frames in (rx_packets of core0 and core1) =
# the PWs' rx_packets (delivered or relayed) + ach_rx + their receive
# drops + the netns' drop_truncated, not_ours and drop_input + the frames
# for another MAC, which the design consumes uncounted (the fuzzer counts
# those it sent). AC side: frames in (rx_packets of ac1..ac4) = the ACs'
# drops + the PWs' tx_packets and send drops + the tagged runts that the
# core's skb_vlan_untag() frees before any rx_handler (counted by nobody;
# the fuzzer counts those it sent).
#
# Paged skbs: framefuzz sends frames of a page or more with a virtio-net
# header whose hdr_len (14 to 200 bytes) is all that goes in the skb head
# (PACKET_VNET_HDR, packet_alloc_skb()); a veth hands the skb on as it is.
# A hist trigger on net:netif_rx_entry (data_len > 0, by device) counts
# the non-linear skbs core0 and core1 received: it must equal the paged
# frames the fuzzer sent.
#
# MPLS_PW_FRAMEFUZZ_COUNT frames on the MPLS side (default 100000; 1000000
# with MPLS_PW_FULL=1, as "make check-debug" runs), a quarter of that on
# the AC side; MPLS_PW_FRAMEFUZZ_SEED gives a run's seed back (it is in
# the fuzz checks' names; "framefuzz --seed S --skip N --count 1 --hex"
# prints frame N of a run).

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_mpls_pw

if [ "${MPLS_PW_FULL:-0}" = 1 ]; then
	COUNT=${MPLS_PW_FRAMEFUZZ_COUNT:-1000000}
else
	COUNT=${MPLS_PW_FRAMEFUZZ_COUNT:-100000}
fi
AC_COUNT=$((COUNT / 4))
SEED=${MPLS_PW_FRAMEFUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}

PE_MAC=02:00:00:00:00:10
C0_MAC=02:00:00:00:00:20
C1_MAC=02:00:00:00:00:21
CE_MAC=02:00:00:00:c2:01
HOST_MAC=02:00:00:00:99:01
PEER=203.0.113.2
NH=198.51.100.2
INJ="" PE="" CE=""
TRACE=/sys/kernel/tracing/instances/mpls_pw_framefuzz_$$
HIST_TRIGGER='hist:keys=name:vals=hitcount if data_len > 0'

ktap_plan 35
kmsg_mark framefuzz

# ---------------------------------------------------------------- setup --

# pw_add VC [OPTION...]: the PW vc-id VC to $PEER, local label 1000 + VC.
pw_add()
{
	local vc=$1

	shift
	pwc "$PE" pw add peer $PEER vc-id "$vc" local-label $((1000 + vc)) \
		remote-label $((2000 + vc)) tunnel via $NH dev core0 "$@"
}

setup()
{
	local i

	need_framefuzz && setup_ns INJ PE CE || return 1
	# nothing but the fuzzer sends from INJ and CE
	ipv6_off "$INJ" "$CE" || return 1
	MUST_FAILED=0
	must ip -n "$PE" link add core0 mtu 9000 address $PE_MAC type veth \
		peer name c0 mtu 9000 address $C0_MAC netns "$INJ"
	must ip -n "$PE" link add core1 mtu 9000 address $PE_MAC type veth \
		peer name c1 mtu 9000 address $C1_MAC netns "$INJ"
	must ip -n "$PE" link add ac1 type veth peer name e1 netns "$CE"
	must ip -n "$PE" link add ac2 mtu 9000 type veth \
		peer name e2 mtu 9000 netns "$CE"
	must ip -n "$PE" link add ac3 type veth peer name e3 netns "$CE"
	must ip -n "$PE" link add ac4 type veth peer name e4 netns "$CE"
	[ "$MUST_FAILED" = 0 ] || return 1
	for i in 1 2 3 4; do
		must nsx "$PE" sysctl -qw net.ipv6.conf.ac$i.disable_ipv6=1
		must ip -n "$PE" link set ac$i up
		must ip -n "$CE" link set e$i up
	done
	must ip -n "$PE" addr add 198.51.100.1/30 dev core0
	must ip -n "$PE" link set core0 up
	must ip -n "$PE" link set core1 up
	must ip -n "$INJ" link set c0 up
	must ip -n "$INJ" link set c1 up
	must ip -n "$PE" neigh replace $NH lladdr $C0_MAC dev core0 \
		nud permanent
	must mpls_input "$PE" core0
	[ "$MUST_FAILED" = 0 ] || return 1

	pwc "$PE" ac add dev ac1 reroute immediately &&
	pwc "$PE" ac add dev ac2 arp-dual-sending nd-dual-sending &&
	pwc "$PE" ac add dev ac3 state standby &&
	pwc "$PE" ac add dev ac4 &&
	pw_add 1 dev ac1 primary control-word status-signaling on &&
	pw_add 2 dev ac1 secondary no-control-word &&
	pw_add 3 dev ac2 primary no-control-word tagged vlan 100 &&
	pw_add 4 dev ac3 primary control-word status-signaling on &&
	pw_add 5 dev ac3 bypass control-word &&
	pw_add 6 control-word status-signaling on &&
	pw_add 7 control-word &&
	pwc "$PE" switch add peer $PEER vc-id 6 peer $PEER vc-id 7 &&
	pw_add 8 dev ac4 primary no-control-word admin down || return 1

	for i in 1 3 4 6 7; do
		slowwait 20 pw_fwd_vc $i active || {
			echo "PW vc-id $i is not active"
			pw_show_all "$PE"
			return 1
		}
	done
	expect_eq "PW vc-id 2" standby "$(pw_jq "$PE" $PEER 2 .fwd)" &&
	expect_eq "PW vc-id 8" down "$(pw_jq "$PE" $PEER 8 .fwd)" ||
		{ pw_show_all "$PE"; return 1; }
}

pw_fwd_vc()
{
	pw_jq "$PE" $PEER "$1" ".fwd == \"$2\""
}

# ------------------------------------------------------------- counters --

# snap_all: every counter of the PE as one flat JSON object: "pwVC.KEY"
# for the PWs, "acN.KEY" for the ACs, "ns.KEY" for the netns, "DEV.rx" /
# "DEV.tx" for the packets of its devices.
snap_all()
{
	{
		"$PWCTL" -n "$PE" -j -s pw show &&
		"$PWCTL" -n "$PE" -j -s ac show &&
		"$PWCTL" -n "$PE" -j stats show &&
		ip -n "$PE" -j -s link show
	} | jq -s -c '[
		(.[0][] | .vc_id as $v | (.stats // {}) | to_entries[] |
		 {key: "pw\($v).\(.key)", value}),
		(.[1][] | .dev as $d | (.stats // {}) | to_entries[] |
		 {key: "\($d).\(.key)", value}),
		(.[2] | to_entries[] | {key: "ns.\(.key)", value}),
		(.[3][] | select(.ifname | test("^(core|ac)[0-9]$")) |
		 {key: "\(.ifname).rx", value: .stats64.rx.packets},
		 {key: "\(.ifname).tx", value: .stats64.tx.packets})] |
		from_entries'
}

# moved BEFORE AFTER: the counters that moved, bytes and the status
# messages the PE sends on its own (ach_tx; core0's tx) left out.
moved()
{
	jq -n -c --argjson a "$1" --argjson b "$2" '$b |
		with_entries(.value -= ($a[.key] // 0)) |
		with_entries(select(.value != 0 and (.key |
			test("_bytes$|[.]ach_tx$|^core0[.]tx$") | not)))'
}

# sum DELTA REGEX: the sum of DELTA's counters whose key matches REGEX.
sum()
{
	jq -n --argjson d "$1" --arg re "$2" \
		'[$d | to_entries[] | select(.key | test($re)) | .value] | add // 0'
}

# ---------------------------------------------------------- known frames --

# MPLS frame to the PE: Ethernet header, then HEX...
to_pe()
{
	local IFS=

	echo "$(mac_hex $PE_MAC)$(mac_hex $C0_MAC)8847$*"
}

# An inner Ethernet frame to the CE of N bytes in all (at least 14).
inner()
{
	echo "$(mac_hex $CE_MAC)$(mac_hex $HOST_MAC)88b5$(hex_bytes $(($1 - 14)))"
}

# sample WANT NS DEV HEX [HEAD]: the frame HEX sent once out of DEV in NS
# moves exactly the counters of WANT (a JSON object), and no other.
sample()
{
	local want=$1 ns=$2 dev=$3 hex=$4 head=${5:-0} a b got

	a=$(snap_all) || return 1
	echo_cmd framefuzz --dev "$dev" --frame "${hex:0:64}..." --head "$head" \
		--count 1
	ip netns exec "$ns" "$FF" --dev "$dev" --frame "$hex" --head "$head" \
		--count 1 \
		> "$TMPD/sample.out" 2>&1 ||
		{ cat "$TMPD/sample.out"; return 1; }
	slowwait 5 sample_seen "$a" "$want"
	b=$(snap_all) || return 1
	got=$(moved "$a" "$b")
	jq -e -n --argjson w "$want" --argjson g "$got" '$w == $g' \
		> /dev/null && return 0
	echo "counters moved: $got"
	echo "expected:       $want"
	return 1
}

sample_seen()
{
	local got

	got=$(moved "$1" "$(snap_all)") &&
	jq -e -n --argjson w "$2" --argjson g "$got" \
		'$w | to_entries | all(.value <= ($g[.key] // 0))' > /dev/null
}

# mpls_sample DESC COUNTER... -- HEX...: a known frame from c0
mpls_sample()
{
	local desc=$1 want

	shift
	want=$(want_json core0.rx "$@")
	check "$desc" sample "$want" "$INJ" c0 "$(to_pe "${FRAME[@]}")" "$HEAD"
}

# want_json KEY...: {"KEY": 1, ...}
want_json()
{
	printf '%s\n' "$@" | jq -R -n -c '[inputs | {key: ., value: 1}] |
		from_entries'
}

# ----------------------------------------------------------------- fuzz --

trace_start()
{
	mkdir "$TRACE" 2> /dev/null || return 1
	defer rmdir "$TRACE"
	echo "$HIST_TRIGGER" > "$TRACE/events/net/netif_rx_entry/trigger" ||
		return 1
	defer sh -c "echo '!$HIST_TRIGGER' > $TRACE/events/net/netif_rx_entry/trigger"
}

# paged_rx: the non-linear skbs core0 and core1 received so far.
paged_rx()
{
	awk '/name: *core[01] / { for (i = 1; i < NF; i++)
		if ($i == "hitcount:") n += $(i + 1) } END { print n + 0 }' \
		"$TRACE/events/net/netif_rx_entry/hist"
}

FZ_OUT=
FZ_A=
FZ_B=
PAGED0=

# fuzz SIDE NS COUNT ARG...: COUNT frames, the summary in FZ_OUT, the
# counters before and after in FZ_A and FZ_B.
fuzz()
{
	local side=$1 ns=$2 count=$3 secs i

	shift 3
	FZ_A=$(snap_all) || return 1
	echo_cmd framefuzz --side "$side" --seed "$SEED" --count "$count" "$@"
	ip netns exec "$ns" "$FF" --side "$side" --seed "$SEED" \
		--count "$count" "$@" > "$TMPD/fuzz.out" ||
		{ cat "$TMPD/fuzz.out"; return 1; }
	FZ_OUT=$(tail -n 1 "$TMPD/fuzz.out")
	# every frame is handled in the sender's softirq: settled when two
	# snapshots agree
	FZ_B=$(snap_all)
	for i in 1 2 3 4 5 6 7 8 9 10; do
		sleep 0.5
		secs=$(snap_all)
		[ "$(moved "$FZ_B" "$secs")" = "{}" ] && break
		FZ_B=$secs
	done
	jq -c . <<< "$FZ_OUT"
	echo "$(jq .sent <<< "$FZ_OUT") frames in $(jq .seconds <<< \
		"$FZ_OUT") s: $(jq .fps <<< "$FZ_OUT") frames/s"
	expect_eq "frames refused by the socket" 0 \
		"$(jq .refused <<< "$FZ_OUT")"
}

# fuzz_diag: what the last fuzz sent, how fast, and how it was counted.
fuzz_diag()
{
	[ -n "$FZ_OUT" ] || return 0
	diag "$(jq -c '{seed, sent, seconds, fps, uncounted, devs}' <<< "$FZ_OUT")"
	diag "$(jq -c .props <<< "$FZ_OUT")"
	[ -n "$FZ_B" ] && diag "counters moved: $(moved "$FZ_A" "$FZ_B")"
	return 0
}

show_delta()
{
	echo "counters moved: $(moved "$FZ_A" "$FZ_B")"
}

RX_DROPS='drop_down|drop_standby|drop_mtu|drop_not_bos|drop_ach|drop_bad_cw|drop_runt|drop_ttl|drop_nomem'

mpls_sum()
{
	local d in counted uncounted sent rc=0

	d=$(moved "$FZ_A" "$FZ_B")
	in=$(sum "$d" '^core[01][.]rx$')
	sent=$(jq .sent <<< "$FZ_OUT")
	uncounted=$(jq .uncounted <<< "$FZ_OUT")
	counted=$(sum "$d" "^pw[0-9]+[.](rx_packets|ach_rx|$RX_DROPS)\$|^ns[.](drop_truncated|not_ours|drop_input)\$")
	echo "in $in (sent $sent), counted $counted, for another MAC (not counted by design) $uncounted"
	expect_eq "frames in (core0, core1 rx_packets) = frames sent" \
		"$sent" "$in" || rc=1
	expect_eq "frames counted + not for us" "$in" \
		$((counted + uncounted)) || rc=1
	[ "$rc" = 0 ] || show_delta
	return "$rc"
}

# delivered frames left by their AC; relayed ones by their PW.
mpls_out()
{
	local d rc=0

	d=$(moved "$FZ_A" "$FZ_B")
	expect_eq "frames out of ac1, ac2, ac4 = rx_packets of PWs 1, 2, 3, 8" \
		"$(sum "$d" '^pw[1238][.]rx_packets$')" \
		"$(sum "$d" '^ac[124][.]tx$')" || rc=1
	expect_eq "frames sent on PWs 4-7 = relayed (their rx_packets)" \
		"$(sum "$d" '^pw[4-7][.]rx_packets$')" \
		"$(sum "$d" '^pw[4-7][.]tx_packets$')" || rc=1
	expect_eq "out of ac3 (standby)" 0 "$(sum "$d" '^ac3[.]tx$')" || rc=1
	expect_eq "AC counters and send-only drops" 0 \
		"$(sum "$d" '^ac[0-9][.]drop_|[.]drop_no_route$|^pw[1238][.]tx_packets$')" ||
		rc=1
	[ "$rc" = 0 ] || show_delta
	return "$rc"
}

no_nomem()
{
	local d

	d=$(moved "$FZ_A" "$FZ_B")
	expect_eq "drop_nomem" 0 "$(sum "$d" '[.]drop_nomem$')" && return 0
	show_delta
	return 1
}

paged()
{
	local n want

	want=$(jq .props.paged <<< "$FZ_OUT")
	n=$(($(paged_rx) - PAGED0))
	echo "$want paged frames sent, core0 and core1 received $n non-linear skbs"
	[ "$want" -gt 0 ] || { echo "no paged frame sent"; return 1; }
	expect_eq "non-linear skbs received" "$want" "$n"
}

ac_sum()
{
	local d in counted uncounted sent rc=0

	d=$(moved "$FZ_A" "$FZ_B")
	in=$(sum "$d" '^ac[1-4][.]rx$')
	sent=$(jq .sent <<< "$FZ_OUT")
	uncounted=$(jq .uncounted <<< "$FZ_OUT")
	counted=$(sum "$d" '^ac[1-4][.](drop_standby|drop_no_pw|drop_nomem)$|^pw[0-9]+[.](tx_packets|drop_no_route|drop_down|drop_mtu|drop_nomem)$')
	echo "in $in (sent $sent), counted $counted, tagged runts freed by the core (no counter) $uncounted"
	expect_eq "frames in (ac1..ac4 rx_packets) = frames sent" \
		"$sent" "$in" || rc=1
	expect_eq "frames counted + tagged runts" "$in" \
		$((counted + uncounted)) || rc=1
	expect_eq "frames received on PWs" 0 \
		"$(sum "$d" "^pw[0-9]+[.](rx_packets|ach_rx|drop_not_bos|drop_ach|drop_bad_cw|drop_runt|drop_ttl|drop_standby)\$|^ns[.]")" ||
		rc=1
	[ "$rc" = 0 ] || show_delta
	return "$rc"
}

# after the fuzz: PW 1's far end forgotten (signalling off and on), it is
# active again and delivers.
still_forwards()
{
	pwc "$PE" pw set peer $PEER vc-id 1 status-signaling off &&
	pwc "$PE" pw set peer $PEER vc-id 1 status-signaling on &&
	slowwait 20 pw_fwd_vc 1 active || { pw_show_all "$PE"; return 1; }
	sample "$(want_json core0.rx pw1.rx_packets ac1.tx)" "$INJ" c0 \
		"$(to_pe "$(hex_lse 1001 1 64)" 00000000 "$(inner 60)")"
}

# ---------------------------------------------------------------- tests --

check "setup: PE with 8 PWs (control word or not, tagged, switched, standby AC, status signalling)" \
	setup || ktap_bail "cannot set up"

# a status message from the far end: all clear, no refresh (so that the
# PWs with signalling never go silent before the fuzz)
STATUS_OK=1000002700000800096a000400000000
HEAD=0
for vc in 4 6; do
	sample "$(want_json core0.rx pw$vc.ach_rx)" "$INJ" c0 \
		"$(to_pe "$(hex_lse $((1000 + vc)) 1 64)" "$STATUS_OK")" \
		> /dev/null 2>&1
done

# MPLS side, one frame each (design.md, "PW -> AC")
FRAME=("$(hex_lse 1001 1 64)" 00000000 "$(inner 60)")
mpls_sample "data [1001 S][CW 0][frame]: delivered to ac1" \
	pw1.rx_packets ac1.tx
FRAME=("$(hex_lse 1001 1 64)" "$STATUS_OK")
mpls_sample "PW status [1001 S][ACH 0x0027][status 0, refresh 0]: ach_rx" \
	pw1.ach_rx
FRAME=("$(hex_lse 0 0 64)" "$(hex_lse 1003 1 64)" "$(inner 5000)")
HEAD=14
mpls_sample "paged skb, 14 bytes in its head: [0][1003 S][5000-byte frame] delivered to ac2" \
	pw3.rx_packets ac2.tx
HEAD=0
FRAME=("$(hex_lse 1006 1 64)" 00000000 "$(inner 60)")
mpls_sample "S-PE: [1006 S][CW][frame]: relayed on PW 7" \
	pw6.rx_packets pw7.tx_packets
FRAME=("$(hex_lse 1004 1 64)" 00000000 "$(inner 60)")
mpls_sample "standby AC: [1004 S][CW][frame]: relayed on the bypass PW 5" \
	pw4.rx_packets pw5.tx_packets
FRAME=("$(hex_lse 0 0 64)" "$(hex_lse 1001 0 64)")
mpls_sample "truncated [0][1001], no S: drop_truncated (netns)" \
	ns.drop_truncated
FRAME=("$(hex_lse 3000 1 64)" 00000000 "$(inner 60)")
mpls_sample "label not ours [3000 S]: not_ours (netns)" ns.not_ours
check "PW label from core1 (MPLS input off): drop_input (netns)" \
	sample "$(want_json core1.rx ns.drop_input)" "$INJ" c1 \
	"$(mac_hex $PE_MAC)$(mac_hex $C1_MAC)8847$(hex_lse 1001 1 64)00000000$(inner 60)"
FRAME=("$(hex_lse 1001 0 64)" "$(hex_lse 5000 0 64)" "$(hex_lse 6000 1 64)" 00000000 "$(inner 60)")
mpls_sample "[1001][5000][6000 S]: drop_not_bos" pw1.drop_not_bos
FRAME=("$(hex_lse 1001 0 64)" "$(hex_lse 7 1 64)" 00000000 "$(inner 60)")
mpls_sample "reserved flow label [1001][7 S]: drop_not_bos" pw1.drop_not_bos
FRAME=("$(hex_lse 1001 1 64)" 20000000 "$(inner 60)")
mpls_sample "control word nibble 2: drop_bad_cw" pw1.drop_bad_cw
FRAME=("$(hex_lse 1001 1 64)" 10007ffe 0000080000000000)
mpls_sample "ACH channel 0x7ffe: drop_ach" pw1.drop_ach
FRAME=("$(hex_lse 1001 1 64)" 1000002700000800096a000800000000)
mpls_sample "PW status TLV of length 8: drop_ach" pw1.drop_ach
FRAME=("$(hex_lse 1002 1 64)" 1000002700000800096a000400000020)
mpls_sample "ACH on a PW without control word: an inner frame, to the standby PW 2: drop_standby" \
	pw2.drop_standby
FRAME=("$(hex_lse 1001 1 64)" 00000000 "$(inner 60)")
FRAME[2]=${FRAME[2]:0:26}
mpls_sample "13-byte inner frame after the CW: drop_runt" pw1.drop_runt
FRAME=("$(hex_lse 1003 1 64)" "$(mac_hex $CE_MAC)$(mac_hex $HOST_MAC)81000064")
mpls_sample "tagged PW: 16-byte inner frame, its VLAN tag cut: drop_runt" \
	pw3.drop_runt
FRAME=("$(hex_lse 1008 1 64)" "$(inner 60)")
mpls_sample "admin down PW 8: drop_down" pw8.drop_down
FRAME=("$(hex_lse 1001 1 64)" 00000000 "$(inner 1600)")
mpls_sample "1600-byte inner frame to ac1 (MTU 1500): drop_mtu" pw1.drop_mtu
FRAME=("$(hex_lse 1006 1 1)" 00000000 "$(inner 60)")
mpls_sample "S-PE relay, TTL 1: drop_ttl" pw6.drop_ttl

# AC side (design.md, "AC -> PW")
check "AC side: a frame on ac1: sent on PW 1" \
	sample "$(want_json ac1.rx pw1.tx_packets)" "$CE" e1 "$(inner 60)"
check "AC side: a frame on ac3 (standby): drop_standby (AC)" \
	sample "$(want_json ac3.rx ac3.drop_standby)" "$CE" e3 "$(inner 60)"
check "AC side: a frame on ac4 (its PW admin down): drop_no_pw (AC)" \
	sample "$(want_json ac4.rx ac4.drop_no_pw)" "$CE" e4 "$(inner 60)"
check "AC side: a 9014-byte frame on ac2 (core MTU 9000): drop_mtu on PW 3" \
	sample "$(want_json ac2.rx pw3.drop_mtu)" "$CE" e2 "$(inner 9014)"

# the fuzz
LABELS=(--label 1001:cw --label 1002 --label 1003 --label 1004:cw
	--label 1005:cw --label 1006:cw --label 1007:cw --label 1008)
if check "paged skbs counted: hist trigger on net:netif_rx_entry" trace_start
then
	PAGED0=$(paged_rx)
fi
check "MPLS side: $COUNT random frames, seed $SEED" \
	fuzz mpls "$INJ" "$COUNT" --dev c0:15 --dev c1:1 --dst $PE_MAC \
	--inner-dst $CE_MAC "${LABELS[@]}"
fuzz_diag
check "MPLS side: frames in = delivered + relayed + status taken + drops + not for us, exactly" \
	mpls_sum
check "MPLS side: delivered frames left by their AC, relayed ones by their PW, nothing sent from an AC" \
	mpls_out
check "MPLS side: no drop_nomem (a malformed frame is not an allocation failure)" \
	no_nomem
check "MPLS side: the paged frames reached core0 / core1 as non-linear skbs" \
	paged
check "AC side: $AC_COUNT random frames, seed $SEED" \
	fuzz ac "$CE" "$AC_COUNT" --dev e1 --dev e2 --dev e3 --dev e4
fuzz_diag
check "AC side: frames in = sent on a PW + drops + tagged runts, exactly" \
	ac_sum
check "AC side: no drop_nomem (a malformed frame is not an allocation failure)" \
	no_nomem
check "after the fuzz, PW 1's status reset: it delivers again" still_forwards
check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
