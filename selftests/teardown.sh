#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown races, repeated under a frame flood: a PE's netns deleted, an
# AC device and a tunnel device unregistered, each ROUNDS times, and the
# module unloaded with PWS PWs configured across four netns, RELOADS
# times. Two framefuzz processes send as fast as they can while each
# object goes: PW frames (label 1001) into the PE's core device, and CE
# frames into its AC. Afterwards: nothing is left behind (no device of a
# deleted netns, no PW of a deleted device), the module reloads and
# forwards, and the kernel log has no "waiting for ... to become free",
# refcount, lockdep, KASAN or RCU report.
#
#   INJ  cN ------ core0 (coreN)  PE  ac0 (acN) ------ eN  CE
#                  MPLS input, PW peer 203.0.113.2 vc-id N,
#                  local label 1001 (1000 + N), AC acN primary
#
# ROUNDS 10 and PWS 1000 / RELOADS 2 by default; with MPLS_PW_FULL=1 ("make
# check-debug") 100 and 10000 / 20.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_mpls_pw

if [ "${MPLS_PW_FULL:-0}" = 1 ]; then
	ROUNDS=100 PWS=10000 RELOADS=20
else
	ROUNDS=10 PWS=1000 RELOADS=2
fi
PEER=203.0.113.2
NH=198.51.100.2
PE_MAC=02:00:00:00:00:10
INJ_MAC=02:00:00:00:00:20
CE_MAC=02:00:00:00:c2:01
FAR_MAC=02:00:00:00:c1:01
INJ="" CE="" PE="" XNS=()
FLOOD_PW="" FLOOD_CE=""

ktap_plan 8
kmsg_mark teardown

# ---------------------------------------------------------------- setup --

setup()
{
	need_framefuzz && need_ko || return 1
	setup_ns INJ CE PE && ipv6_off "$INJ" "$CE"
}

# link_pair NS N: in NS, the core device CORE (to INJ's cN) and the AC
# device AC (to CE's eN), up, with the next hop's MAC pinned.
link_pair()
{
	local ns=$1 n=$2 core=$3 ac=$4

	ip -n "$ns" -batch - <<-EOF
	link add $core address $PE_MAC type veth peer name c$n address $INJ_MAC netns $INJ
	link add $ac type veth peer name e$n netns $CE
	link set $core up
	link set $ac up
	addr add 198.51.100.1/30 dev $core
	neigh replace $NH lladdr $INJ_MAC dev $core nud permanent
	EOF
	[ $? = 0 ] || return 1
	ip -n "$INJ" link set "c$n" up && ip -n "$CE" link set "e$n" up
}

# pw_up NS N CORE AC: an AC and its primary PW vc-id N over CORE, active.
pw_up()
{
	local ns=$1 n=$2 core=$3 ac=$4

	"$PWCTL" -n "$ns" -batch - <<-EOF || return 1
	link set dev $core mpls-input on
	ac add dev $ac
	pw add peer $PEER vc-id $n local-label $((1000 + n)) remote-label 2001 no-control-word tunnel via $NH dev $core dev $ac primary
	EOF
	slowwait 20 pw_jq "$ns" $PEER "$n" '.fwd == "active"' && return 0
	pw_show_all "$ns"
	return 1
}

# flood N: framefuzz sends, as fast as it can, PW frames for vc-id N into
# the PE from INJ's cN and CE frames into its AC from CE's eN, until
# flood_stop (or until the device goes).
flood()
{
	local n=$1 pw ce

	ce="$(mac_hex $FAR_MAC)$(mac_hex $CE_MAC)88b5$(hex_bytes 46)"
	pw="$(mac_hex $PE_MAC)$(mac_hex $INJ_MAC)8847$(hex_lse $((1000 + n)) 1 64)"
	pw+="$(mac_hex $CE_MAC)$(mac_hex $FAR_MAC)88b5$(hex_bytes 46)"
	bg_start FLOOD_PW ip netns exec "$INJ" "$FF" --dev "c$n" --frame "$pw" \
		--count 100000000 > /dev/null 2>&1
	bg_start FLOOD_CE ip netns exec "$CE" "$FF" --dev "e$n" --frame "$ce" \
		--count 100000000 > /dev/null 2>&1
}

flood_stop()
{
	bg_stop "$FLOOD_PW"
	bg_stop "$FLOOD_CE"
}

# flowing NS N: the PW of vc-id N received and sent frames within 10 s.
flowing()
{
	local b

	b=$(pw_stats "$1" $PEER "$2") || return 1
	slowwait 10 moved "$1" "$2" "$b" && return 0
	echo "no flood through PW $2 of $1"
	return 1
}

moved()
{
	local a=$3 b

	b=$(pw_stats "$1" $PEER "$2") || return 1
	[ "$(jdelta "$a" "$b" rx_packets)" -gt 0 ] &&
		[ "$(jdelta "$a" "$b" tx_packets)" -gt 0 ]
}

# gone NS DEV: DEV is not in NS (any more).
gone()
{
	! ip -n "$1" link show "$2" > /dev/null 2>&1
}

# ---------------------------------------------------------------- rounds --

# ROUNDS times: a PE netns with its PW under the flood, deleted. Its
# devices' peers in INJ and CE go with it.
netns_rounds()
{
	local i ns

	for i in $(seq 1 "$ROUNDS"); do
		ns=pe-td-$$-$i
		ip netns add "$ns" && defer ns_del "$ns" &&
			link_pair "$ns" "$i" core0 ac0 &&
			pw_up "$ns" "$i" core0 ac0 || return 1
		flood "$i"
		flowing "$ns" "$i" || return 1
		ip netns del "$ns" || return 1
		slowwait 30 gone "$INJ" "c$i" && slowwait 30 gone "$CE" "e$i" ||
			{ echo "round $i: the netns' veth peers stay"; return 1; }
		flood_stop
	done
	echo "$ROUNDS netns deleted under the flood"
}

# pe_empty: PE has no AC and no PW.
pe_empty()
{
	[ "$("$PWCTL" -n "$PE" -j ac show)" = "[]" ] &&
		[ "$("$PWCTL" -n "$PE" -j pw show)" = "[]" ]
}

# ROUNDS times in PE: devices coreN and acN, the AC and its PW vc-id N
# under the flood, then GONE N (the device deleted) and AFTER N (what is
# left checked and cleared); PE empty at the end.
device_rounds()
{
	local gone=$1 after=$2 i

	for i in $(seq 1 "$ROUNDS"); do
		link_pair "$PE" "$i" "core$i" "ac$i" &&
			pw_up "$PE" "$i" "core$i" "ac$i" || return 1
		flood "$i"
		flowing "$PE" "$i" || return 1
		"$gone" "$i" || return 1
		flood_stop
		"$after" "$i" || return 1
	done
	pe_empty
}

# An AC device unregistered: the AC and its PW go with it (design.md,
# "Netdev events").
ac_gone()
{
	ip -n "$PE" link del "ac$1"
}

ac_after()
{
	pe_empty || {
		echo "round $1: the AC or PW of a deleted device stays"
		pw_show_all "$PE"
		return 1
	}
	ip -n "$PE" link del "core$1"
}

# A tunnel device unregistered: the PW goes down and stays down.
tunnel_gone()
{
	ip -n "$PE" link del "core$1"
}

tunnel_after()
{
	slowwait 10 pw_jq "$PE" $PEER "$1" '.fwd == "down"' || {
		echo "round $1: the PW over a deleted device is not down"
		pw_show_all "$PE"
		return 1
	}
	pwc "$PE" pw del peer $PEER vc-id "$1" &&
		pwc "$PE" ac del dev "ac$1" && ip -n "$PE" link del "ac$1"
}

# ------------------------------------------------------------------ rmmod --

# PWS PWs across four netns X1..X4 (PWS / 4 each, over a dummy device),
# and in PE the PW of vc-id 1 under the flood.
many_pws()
{
	local ns i j per=$((PWS / 4))

	for i in 1 2 3 4; do
		setup_ns X || return 1
		ns=$X
		XNS+=("$ns")
		ip -n "$ns" link add d0 type dummy && ip -n "$ns" link set d0 up ||
			return 1
		for j in $(seq 1 "$per"); do
			echo "pw add peer 192.0.2.$i vc-id $j" \
			     "local-label $((16 + j)) remote-label 100" \
			     "tunnel via 192.0.2.254 dev d0"
		done > "$TMPD/batch"
		"$PWCTL" -n "$ns" -batch "$TMPD/batch" || return 1
		[ "$("$PWCTL" -n "$ns" -j net show | jq .pws)" = "$per" ] ||
			return 1
	done
	link_pair "$PE" 1 core1 ac1 && pw_up "$PE" 1 core1 ac1
}

# one_reload I: rmmod under the flood, then insmod; no PW is left anywhere
# and the PW of PE comes back once configured again.
one_reload()
{
	local ns

	flood 1
	flowing "$PE" 1 || return 1
	if ! timeout 120 rmmod mpls_pw; then
		echo "reload $1: rmmod mpls_pw failed"
		return 1
	fi
	flood_stop
	slowwait 10 test ! -d /sys/module/mpls_pw ||
		{ echo "reload $1: the module stays"; return 1; }
	insmod "$MPLS_PW_KO" || { echo "reload $1: insmod failed"; return 1; }
	for ns in "${XNS[@]}" "$PE"; do
		[ "$("$PWCTL" -n "$ns" -j net show | jq .pws)" = 0 ] ||
			{ echo "reload $1: PWs in $ns after insmod"; return 1; }
	done
	pw_up "$PE" 1 core1 ac1
}

reloads()
{
	local i

	for i in $(seq 1 "$RELOADS"); do
		one_reload "$i" || return 1
		[ "$i" = "$RELOADS" ] || many_pws_again || return 1
	done
	echo "$RELOADS reloads with $PWS PWs in 4 netns"
}

many_pws_again()
{
	local ns

	for ns in "${XNS[@]}"; do
		"$PWCTL" -n "$ns" -batch "$TMPD/batch.$ns" || return 1
	done
}

# keep each netns' batch for the next reloads
save_batches()
{
	local ns i=0

	for ns in "${XNS[@]}"; do
		i=$((i + 1))
		sed "s/peer 192.0.2.[0-9]* /peer 192.0.2.$i /" "$TMPD/batch" \
			> "$TMPD/batch.$ns"
	done
}

forwards_after()
{
	flood 1
	flowing "$PE" 1
	flood_stop
}

# ---------------------------------------------------------------- main --

if ! setup > "$TMPD/setup.log" 2>&1; then
	diag "$(cat "$TMPD/setup.log")"
	ktap_bail "setup failed"
fi

# scoped: a flood a failed round leaves is stopped at the check's end
scoped "netns deleted under a frame flood, $ROUNDS times" netns_rounds
scoped "AC device unregistered under a frame flood, $ROUNDS times" \
	device_rounds ac_gone ac_after
scoped "tunnel device unregistered under a frame flood, $ROUNDS times" \
	device_rounds tunnel_gone tunnel_after
check "$PWS PWs in 4 netns and a PW under the flood" \
	eval 'many_pws && save_batches'
scoped "rmmod with $PWS PWs under the flood, insmod, $RELOADS times" reloads
scoped "after the reloads the PW forwards the flood" forwards_after
check "the module unloads once more" \
	eval 'timeout 120 rmmod mpls_pw && insmod "$MPLS_PW_KO"'
# a reference left on a device shows 10 s after its netns went
sleep 12
check "kernel log: no stuck device, splat or leak" kmsg_clean
ktap_finish
