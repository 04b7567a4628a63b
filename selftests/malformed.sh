#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Frames built by hand (helpers/inject.py, AF_PACKET) and sent from P out
# of pe2 to PE2's core interface, where PE2 has a PW with the control word
# and local label 2000: well-formed ones are delivered to CE2 byte for
# byte; malformed ones (truncated label stack, unknown control word
# nibble, runt inner frame, PW label not bottom of stack, label not ours,
# a thousand fuzzed stacks) are dropped, each counted once under its
# reason, and none reaches CE2. The kernel survives and the PW still
# forwards.
#
#  CE1            PE1                      P                    PE2           CE2
#  eth0 ---- ac0      core0 ------- pe1       pe2 ------- core0      ac0 ---- eth0
#           (AC)  198.51.100.1/30   .2/30     .5/30   198.51.100.6/30 (AC)
#                                                |                         capture
#                                          inject.py ==> [labels][CW][frame]
#  CE1: 192.0.2.1/24 ==== PW vc-id 100, control word ==== CE2: 192.0.2.2/24
#
# Each case sends 3 frames whose inner frame (EtherType 0x88b5) carries a
# tag of its own, and expects its counter to move by exactly 3. One
# inject.py process (--serve) sends the frames of every case.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_mpls_pw
require_mpls_router
require_cmd ping od

ktap_plan 17
kmsg_mark malformed

CAP=$TMPD/ce2.jsonl
PE2_MAC=
S_PW="" S_NS="" S_CE="" S_AC=""
N_PW="" N_NS=""
INJ_PID="" INJ_W="" INJ_R=""

setup()
{
	topo_create && p_lsp inet php &&
		pw_pair_add 4 explicit control-word && wait_pw_pair_active &&
		ping_ok "$CE1" "$CE2_IP4" && neigh_pin || return 1
	PE2_MAC=$(dev_mac "$PE2" core0)
	sniff_start "$CE2" eth0 "$CAP" --ethertype 0x88b5 --count 0 \
		--timeout 3600 --snap 256 && inj_start
}

# inj_start: the injector, in P on pe2 towards PE2's core0, reading
# requests from a FIFO (fd INJ_W) and answering into another (fd INJ_R).
inj_start()
{
	mkfifo "$TMPD/inj.in" "$TMPD/inj.out" || return 1
	# opened read-write, so that neither open waits for the other end
	exec {INJ_W}<> "$TMPD/inj.in" {INJ_R}<> "$TMPD/inj.out"
	defer inj_close
	# (a background command's stdin is /dev/null unless redirected on it)
	bg_start INJ_PID sh -c 'exec "$@" < "$0.in" > "$0.out"' "$TMPD/inj" \
		ip netns exec "$P" "$PYTHON" -S "$HELPERS/inject.py" \
		--serve --dev pe2 --dst "$PE2_MAC"
	inj --count 0 > /dev/null
}

inj_close()
{
	exec {INJ_W}>&- {INJ_R}<&-
}

# inj ARG...: frames from P out of pe2 to PE2's core0 (inject.py's
# options); prints inject.py's answer.
inj()
{
	local ans

	echo_cmd inject.py "$@"
	printf '%q ' "$@" >&"$INJ_W" && echo >&"$INJ_W" || return 1
	if ! IFS= read -r -t 30 ans <&"$INJ_R"; then
		echo "inject.py did not answer"
		return 1
	fi
	echo "$ans"
	jq -e 'has("sent")' <<< "$ans" > /dev/null
}

taghex()
{
	printf %s "$1" | od -An -tx1 | tr -d ' \n'
}

# captured TAG: how many frames carrying TAG reached CE2.
captured()
{
	jq -s --arg t "$(taghex "$1")" \
		'[.[] | select(.payload_hex | startswith($t))] | length' "$CAP"
}

captured_ge()
{
	[ "$(captured "$1")" -ge "$2" ]
}

snap()
{
	S_PW=$(pw_stats "$PE2" "$PW_PEER2" "$PW_VC") &&
	S_NS=$(ns_stats "$PE2") &&
	S_CE=$(dev_stat "$CE2" eth0 rx_packets) &&
	S_AC=$(dev_stat "$PE2" ac0 tx_packets)
}

# snap_now: PE2's counters now (N_PW, N_NS), for counted_now.
snap_now()
{
	N_PW=$(pw_stats "$PE2" "$PW_PEER2" "$PW_VC") &&
	N_NS=$(ns_stats "$PE2")
}

# counted_now KEY...: how much the KEY counters of PE2 (its PW's and the
# netns-wide ones) moved from snap to snap_now.
counted_now()
{
	jq -n --argjson a "$S_PW" --argjson b "$N_PW" --argjson c "$S_NS" \
		--argjson d "$N_NS" --args '
		[$ARGS.positional[] as $k |
		 ($b[$k] // 0) - ($a[$k] // 0) + ($d[$k] // 0) - ($c[$k] // 0)] |
		add // 0' "$@"
}

# counted KEY...: how much the KEY counters moved since snap.
counted()
{
	snap_now || return 1
	counted_now "$@"
}

counted_ge()
{
	local n=$1

	shift
	[ "$(counted "$@")" -ge "$n" ]
}

show_counters()
{
	echo "PE2 PW counters before: $S_PW"
	echo "PE2 PW counters now:    $(pw_stats "$PE2" "$PW_PEER2" "$PW_VC")"
	echo "PE2 netns before: $S_NS"
	echo "PE2 netns now:    $(ns_stats "$PE2")"
}

# delivered TAG SKIP INJECT_ARG...: 3 frames reach CE2, each exactly the
# injected frame minus its first SKIP bytes (Ethernet, labels, CW).
delivered()
{
	local tag=$1 skip=$2 out want got rc=0

	shift 2
	snap || return 1
	out=$(inj --count 3 --tag "$tag" "$@") || return 1
	if ! slowwait 10 captured_ge "$tag" 3; then
		echo "$(captured "$tag") of 3 frames reached CE2"
		show_counters
		return 1
	fi
	want=$(jq -r .hex <<< "$out")
	want=${want:$((2 * skip))}
	got=$(jq -r -s --arg t "$(taghex "$tag")" \
		'[.[] | select(.payload_hex | startswith($t))][0].hex' "$CAP")
	expect_eq "frames at CE2" 3 "$(captured "$tag")" || rc=1
	expect_eq "the frame at CE2" "$want" "$got" || rc=1
	snap_now || return 1
	expect_eq "PE2 PW rx_packets" 3 "$(counted_now rx_packets)" || rc=1
	[ "$rc" = 0 ] || show_counters
	return "$rc"
}

# dropped TAG KEY INJECT_ARG...: the KEY counter (PW or netns) moves by
# exactly 3; nothing reaches CE2 or leaves PE2's AC.
dropped()
{
	local tag=$1 keys rc=0 ce ac

	IFS=+ read -r -a keys <<< "$2"
	shift 2
	snap || return 1
	inj --count 3 --tag "$tag" "$@" > /dev/null || return 1
	if ! slowwait 10 counted_ge 3 "${keys[@]}"; then
		echo "${keys[*]} moved by $(counted "${keys[@]}"), expected 3"
		show_counters
		return 1
	fi
	ce=$(dev_stat "$CE2" eth0 rx_packets)
	ac=$(dev_stat "$PE2" ac0 tx_packets)
	snap_now || return 1
	expect_eq "${keys[*]}" 3 "$(counted_now "${keys[@]}")" || rc=1
	expect_eq "PE2 PW rx_packets" 0 "$(counted_now rx_packets)" || rc=1
	expect_eq "frames out of PE2's AC" 0 $((ac - S_AC)) || rc=1
	expect_eq "frames CE2 received" 0 $((ce - S_CE)) || rc=1
	expect_eq "tagged frames at CE2" 0 "$(captured "$tag")" || rc=1
	[ "$rc" = 0 ] || show_counters
	return "$rc"
}

# 1000 random frames that can never be a valid frame for this PW (see
# inject.py): none reaches CE2; how they were counted is reported.
fuzz()
{
	local ce ac n all

	all=(drop_truncated not_ours drop_bad_cw drop_runt drop_not_bos drop_ach
	     drop_down drop_standby drop_mtu drop_nomem)
	snap || return 1
	inj --fuzz 1000 --seed 42 --fuzz-label "$PW_LABEL_PE2" > /dev/null ||
		return 1
	# Once as many drops as frames are counted, or things settle.
	slowwait 20 counted_ge 1000 "${all[@]}"
	n=$(counted "${all[@]}")
	diag "1000 fuzzed frames, $n counted as drops or not ours:" \
	     "$(jq -c -n --argjson a "$S_NS" --argjson b "$(ns_stats "$PE2")" \
		'$b | with_entries(.value -= ($a[.key] // 0)) |
		 with_entries(select(.value != 0))')" \
	     "$(jq -c -n --argjson a "$S_PW" \
		--argjson b "$(pw_stats "$PE2" "$PW_PEER2" "$PW_VC")" \
		'$b | with_entries(.value -= ($a[.key] // 0)) |
		 with_entries(select(.value != 0))')"
	ce=$(dev_stat "$CE2" eth0 rx_packets)
	ac=$(dev_stat "$PE2" ac0 tx_packets)
	expect_eq "frames out of PE2's AC" 0 $((ac - S_AC)) &&
	expect_eq "frames CE2 received" 0 $((ce - S_CE)) &&
	expect_eq "PE2 PW rx_packets" 0 "$(counted rx_packets)"
}

INNER=(--inner-dst "$CE2_MAC")
PWL=$PW_LABEL_PE2

check "setup: PW with control word CE1 - PE1 - P - PE2 - CE2, capture on CE2" \
	setup || ktap_bail "cannot set up"

# well-formed: the injector and the capture work, and so do the accepted
# stack variants
check "well-formed [2000 S][CW 0][frame]: delivered byte for byte" \
	delivered ok-plain 22 --label "$PWL:s" --cw 0 "${INNER[@]}"
check "explicit null on top [0][2000 S][CW][frame]: delivered" \
	delivered ok-null 26 --label 0 --label "$PWL:s" --cw 0 "${INNER[@]}"
check "flow label below (RFC 6391) [2000][12345 S][CW][frame]: delivered" \
	delivered ok-flow 26 --label "$PWL" --label 12345:s --cw 0 \
	"${INNER[@]}"

# malformed
check "truncated: [2000] without S, nothing after: drop_truncated" \
	dropped bad-trunc1 drop_truncated --label "$PWL"
check "truncated: 2 bytes after the Ethernet header: drop_truncated" \
	dropped bad-trunc2 drop_truncated --inner-hex 0007
check "truncated: 16 explicit nulls without S: drop_truncated" \
	dropped bad-trunc3 drop_truncated \
	--label 0 --label 0 --label 0 --label 0 --label 0 --label 0 \
	--label 0 --label 0 --label 0 --label 0 --label 0 --label 0 \
	--label 0 --label 0 --label 0 --label 0
check "control word first nibble 2: drop_bad_cw" \
	dropped bad-cw drop_bad_cw --label "$PWL:s" --cw 0x20000000 \
	"${INNER[@]}"
# an associated channel message of a type we do not take: drop_ach
# (design.md, "PW -> AC" step 7), not drop_bad_cw
check "associated channel (nibble 1), unknown channel type: drop_ach" \
	dropped bad-ach drop_ach --label "$PWL:s" \
	--cw 0x10007ffe "${INNER[@]}"
check "runt: 10-byte inner frame: drop_runt" \
	dropped bad-runt1 drop_runt --label "$PWL:s" --cw 0 \
	--inner-hex 02000000c20102000000
check "runt: 13-byte inner frame: drop_runt" \
	dropped bad-runt2 drop_runt --label "$PWL:s" --cw 0 \
	--inner-hex 02000000c20102000000990188
check "runt: CW and nothing else: drop_runt" \
	dropped bad-runt3 drop_runt --label "$PWL:s" --cw 0
check "PW label not bottom of stack, two labels below: drop_not_bos" \
	dropped bad-bos drop_not_bos --label "$PWL" --label 5000 \
	--label 6000:s --cw 0 "${INNER[@]}"
check "label not ours [3000 S]: not_ours, left alone" \
	dropped bad-label not_ours --label 3000:s --cw 0 "${INNER[@]}"

check "1000 fuzzed label stacks: none delivered" fuzz

check "after all that, the PW still forwards: IPv4 ping CE1 -> CE2" \
	ping_ok "$CE1" "$CE2_IP4"
check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
