#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Objects going away under the module's feet, with PWs live and traffic
# running both ways (sequence-numbered UDP streams CE1 <-> CE2): the AC
# netdev, the tunnel's netdev, the route a PW resolves through (withdrawn,
# then changed while cached), a PE's whole netns, and the module itself
# (rmmod with configuration in several netns, then insmod and rebuild).
# After each: the module's state is what it should be, and the kernel log
# has no warning, BUG, oops, lockdep or RCU report, and no netdev left
# waiting for its references.
#
#  CE1            PE1                      P                    PE2           CE2
#  eth0 ---- ac0      core0 ------- pe1       pe2 ------- core0      ac0 ---- eth0
#           (AC)  198.51.100.1/30   .2/30     .5/30   198.51.100.6/30 (AC)
#           lo 203.0.113.1              mpls_router         lo 203.0.113.2
#                                       100 -> PE2, 101 -> PE1
#                                       (102 -> PE2 for the route change)
#  CE1: 192.0.2.1/24 ==== PW vc-id 100 (labels 1000 / 2000) ==== CE2: 192.0.2.2/24
#
#  For rmmod, three more namespaces X1..X3 each hold an AC and two PWs.
#
# Each scenario builds a fresh topology and tears it down at its end.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_mpls_pw
require_mpls_router
require_cmd ping timeout

ktap_plan 20

# scenario TUNNEL: a fresh topology, the PW (explicit or fib tunnel), a
# ping, and streams both ways that keep running until the scope ends.
scenario()
{
	topo_create && p_lsp inet php && pw_pair_add 4 "$1" &&
		wait_pw_pair_active && ping_ok "$CE1" "$CE2_IP4" || return 1
	streams
	flowing "$PE1" "$PW_PEER1" && flowing "$PE2" "$PW_PEER2"
}

# streams: CE1 and CE2 stream to each other (pids in TX1, TX2) until the
# scope ends.
streams()
{
	bg_start TX1 ip netns exec "$CE1" "$PYTHON" -S "$HELPERS/stream.py" send \
		--dst "$CE2_IP4" --rate 300 --duration 900 > /dev/null 2>&1
	bg_start TX2 ip netns exec "$CE2" "$PYTHON" -S "$HELPERS/stream.py" send \
		--dst "$CE1_IP4" --rate 300 --duration 900 --id 2 \
		> /dev/null 2>&1
}

# moved NS PEER BEFORE N KEY...: the PW's KEY counters rose by N or more.
moved()
{
	local ns=$1 peer=$2 before=$3 n=$4 after

	shift 4
	after=$(pw_stats "$ns" "$peer" "$PW_VC") || return 1
	[ "$(jdelta "$before" "$after" "$@")" -ge "$n" ]
}

# flowing NS PEER: 50 frames each way through the PW within 30 s.
flowing()
{
	local b

	b=$(pw_stats "$1" "$2" "$PW_VC") || return 1
	slowwait 30 moved "$1" "$2" "$b" 50 tx_packets &&
		slowwait 30 moved "$1" "$2" "$b" 50 rx_packets && return 0
	echo "no traffic through the PW in $1:"
	pw_show_all "$1"
	return 1
}

# drop_snap NS PEER: every drop counter of the PW and of its AC ac0, as
# one JSON object: {"pw.drop_down": N, ..., "ac.drop_no_pw": N, ...}.
drop_snap()
{
	local pw ac

	pw=$(pw_stats "$1" "$2" "$PW_VC") || return 1
	ac=$(ac_jq "$1" ac0 '.stats // {}') || return 1
	jq -n -c --argjson pw "$pw" --argjson ac "$ac" '
		def drops(p): to_entries[] | select(.key | startswith("drop_")) |
			{key: (p + .key), value};
		[($pw | drops("pw.")), ($ac | drops("ac."))] | from_entries'
}

# drops_moved BEFORE AFTER: the drop counters that moved, and by how much.
drops_moved()
{
	jq -n -c --argjson a "$1" --argjson b "$2" \
		'$b | with_entries(.value -= ($a[.key] // 0)) |
		 with_entries(select(.value != 0))'
}

# drops_are BEFORE KEY N: since BEFORE, PE1's drop counter KEY moved by
# exactly N and no other drop counter of its PW or AC moved.
drops_are()
{
	local now

	now=$(drop_snap "$PE1" "$PW_PEER1") || return 1
	[ "$(drops_moved "$1" "$now")" = "{\"$2\":$3}" ]
}

# pe1_quiet: PE1's drop counters stay the same for half a second.
pe1_quiet()
{
	local a b

	a=$(drop_snap "$PE1" "$PW_PEER1") || return 1
	sleep 0.5
	b=$(drop_snap "$PE1" "$PW_PEER1") || return 1
	[ "$a" = "$b" ]
}

# ce1_dropped_as KEY: with PE1's PW down, CE1's frames are dropped at
# PE1's AC and counted under KEY (and nothing else): the streams stop (the
# one from CE2 may reach PE1 too, its frames counted on the PW), then CE1
# sends 25 frames and PE1 counts exactly as many drops as CE1 sent
# frames, all of them under KEY; then the streams start again.
ce1_dropped_as()
{
	local key=$1 b t0 n rc=0

	ce1_count_drops "$key" || rc=1
	streams
	return "$rc"
}

ce1_count_drops()
{
	local key=$1 b t0 n

	bg_stop "$TX1"
	bg_stop "$TX2"
	slowwait 10 pe1_quiet || { echo "PE1's drop counters do not settle"; return 1; }
	b=$(drop_snap "$PE1" "$PW_PEER1") || return 1
	t0=$(dev_stat "$CE1" eth0 tx_packets) || return 1
	inject "$CE1" eth0 --dst "$CE2_MAC" --ethertype 0x88b5 \
		--inner-hex "$(printf '%092d' 0)" --count 25 > /dev/null || return 1
	n=$(( $(dev_stat "$CE1" eth0 tx_packets) - t0 ))
	slowwait 10 drops_are "$b" "$key" "$n" && return 0
	n=$(( $(dev_stat "$CE1" eth0 tx_packets) - t0 ))
	drops_are "$b" "$key" "$n" && return 0
	echo "CE1 sent $n frames; PE1's drop counters moved by" \
	     "$(drops_moved "$b" "$(drop_snap "$PE1" "$PW_PEER1")")," \
	     "expected {\"$key\":$n}"
	pw_show_all "$PE1"
	return 1
}

# gone NS DEV: DEV no longer exists in NS (its netns was dismantled).
gone()
{
	! ip -n "$1" link show "$2" > /dev/null 2>&1
}

# ------------------------------------------------------------ the AC ----

# The AC's netdev unregistered removes the AC and its PWs (design.md,
# "Netdev events").
del_ac()
{
	if ! run timeout 30 ip -n "$PE1" link del ac0; then
		echo "ip link del ac0 failed or hung (a reference leak?)"
		return 1
	fi
	if ac_jq "$PE1" ac0 . > /dev/null 2>&1; then
		echo "PE1 still lists ac0 as an AC"
		pw_show_all "$PE1"
		return 1
	fi
	if [ "$("$PWCTL" -n "$PE1" -j pw show | jq length)" != 0 ]; then
		echo "PE1 still has its PW after its AC was deleted"
		pw_show_all "$PE1"
		return 1
	fi
	"$PWCTL" -n "$PE1" -s pw show > /dev/null &&
		"$PWCTL" -n "$PE2" -s pw show > /dev/null
}

# ---------------------------------------------------- the tunnel device --

# With its only PW down, the AC has no PW to send on: CE1's frames are
# dropped as drop_no_pw on the AC (design.md, "AC -> PW" step 3).
del_tunnel_dev()
{
	if ! run timeout 30 ip -n "$PE1" link del core0; then
		echo "ip link del core0 failed or hung (a reference leak?)"
		return 1
	fi
	if ! slowwait 5 pw_fwd_is "$PE1" "$PW_PEER1" down; then
		echo "PE1's PW is not down after its tunnel device went"
		pw_show_all "$PE1"
		return 1
	fi
	diag "down reasons: $(pw_jq "$PE1" "$PW_PEER1" "$PW_VC" \
		'.down_reasons | join(",")')"
	ce1_dropped_as ac.drop_no_pw
}

# --------------------------------------------------------------- routes --

# PE2 receives from PE1 again (its PW rx counter moves by 50).
pe2_receives()
{
	local b

	b=$(pw_stats "$PE2" "$PW_PEER2" "$PW_VC") || return 1
	slowwait 30 moved "$PE2" "$PW_PEER2" "$b" 50 rx_packets
}

route_withdrawn()
{
	run ip -n "$PE1" route del "$PE2_LO4/32" || return 1
	if ! slowwait 5 pw_fwd_is "$PE1" "$PW_PEER1" down; then
		echo "PE1's PW is not down after its route was withdrawn"
		pw_show_all "$PE1"
		return 1
	fi
	diag "down reasons: $(pw_jq "$PE1" "$PW_PEER1" "$PW_VC" \
		'.down_reasons | join(",")')"
	ce1_dropped_as ac.drop_no_pw
}

# The route comes back with another LSP label; P no longer knows label 100,
# so traffic reaching PE2 went through label 102.
route_back()
{
	run ip -n "$P" -f mpls route replace 102 via inet "$PE2_CORE4" \
		dev pe2 &&
	run ip -n "$P" -f mpls route del "$LSP_TO_PE2" &&
	run ip -n "$PE1" route add "$PE2_LO4/32" encap mpls 102 \
		via "$P_PE1_4" dev core0 || return 1
	if ! slowwait 10 pw_jq "$PE1" "$PW_PEER1" "$PW_VC" \
		'.fwd == "active" and .nexthop.labels == [102]'; then
		echo "PE1's PW did not come back over label 102"
		pw_show_all "$PE1"
		return 1
	fi
	pe2_receives || { echo "PE2 receives nothing over label 102"; return 1; }
}

# The route changes in place while the PW is up (no down event): the
# cached route must follow. P then forgets label 102.
route_changed()
{
	run ip -n "$P" -f mpls route replace "$LSP_TO_PE2" via inet \
		"$PE2_CORE4" dev pe2 &&
	run ip -n "$PE1" route replace "$PE2_LO4/32" encap mpls "$LSP_TO_PE2" \
		via "$P_PE1_4" dev core0 &&
	run ip -n "$P" -f mpls route del 102 || return 1
	if ! slowwait 10 pw_jq "$PE1" "$PW_PEER1" "$PW_VC" \
		".fwd == \"active\" and .nexthop.labels == [$LSP_TO_PE2]"; then
		echo "PE1's PW does not show the changed route's label"
		pw_show_all "$PE1"
		return 1
	fi
	pe2_receives || {
		echo "PE2 receives nothing: PE1 still uses the old route"
		return 1
	}
}

# ---------------------------------------------------------------- netns --

del_pe2_netns()
{
	local old_pe2=$PE2

	run timeout 30 ip netns del "$PE2" || return 1
	# The netns is dismantled: its veths, and their peers, go.
	if ! slowwait 30 gone "$P" pe2; then
		echo "$old_pe2 was not dismantled within 30 s"
		return 1
	fi
	if ! pw_jq "$PE1" "$PW_PEER1" "$PW_VC" . > /dev/null; then
		echo "PE1 lost its PW when PE2's netns went"
		pw_show_all "$PE1"
		return 1
	fi
}

del_pe1_netns()
{
	run timeout 30 ip netns del "$PE1" || return 1
	slowwait 30 gone "$P" pe1 && slowwait 30 gone "$CE1" eth0 &&
		return 0
	echo "$PE1 was not dismantled within 30 s"
	return 1
}

# ---------------------------------------------------------------- rmmod --

XNS=()

# Three more netns, each with two ACs and a PW on each (IPv4 and IPv6 peer).
more_netns()
{
	local i ns dev

	setup_ns X1 X2 X3 || return 1
	XNS=("$X1" "$X2" "$X3")
	for i in 1 2 3; do
		ns=${XNS[i - 1]}
		MUST_FAILED=0
		must ip -n "$ns" link add ac0 type veth peer name ce0
		must ip -n "$ns" link add ac1 type veth peer name ce1
		must ip -n "$ns" link add core0 type veth peer name p0
		must mpls_input "$ns" core0
		must ip -n "$ns" addr add "$PE1_CORE4/30" dev core0
		must ip -n "$ns" addr add "$PE1_CORE6/64" dev core0 nodad
		for dev in ac0 ce0 ac1 ce1 core0 p0; do
			must ip -n "$ns" link set "$dev" up
		done
		must pwc "$ns" ac add dev ac0
		must pwc "$ns" ac add dev ac1
		must pwc "$ns" pw add peer "$PE2_LO4" vc-id "$i" \
			local-label 1000 remote-label 2000 dev ac0 \
			tunnel via "$P_PE1_4" dev core0 label 100
		must pwc "$ns" pw add peer "$PE2_LO6" vc-id "$i" \
			local-label 1001 remote-label 2001 dev ac1 \
			tunnel via "$P_PE1_6" dev core0 label 100
		[ "$MUST_FAILED" = 0 ] || return 1
	done
}

# Without the module file (MPLS_PW_KO, which tools/vm/run.sh sets) the
# rmmod checks cannot run: they are skipped (a failure in run_all.sh
# unless MPLS_PW_SKIP_OK=1). Once rmmod or insmod failed, the checks that
# need it fail too (RMMOD_FAILED says why), and the kernel log is still
# checked.
RMMOD_NO_KO=
RMMOD_FAILED=

rmmod_setup()
{
	if [ -z "${MPLS_PW_KO:-}" ] || [ ! -r "$MPLS_PW_KO" ]; then
		RMMOD_NO_KO="MPLS_PW_KO does not name the module file"
		skip_because "$RMMOD_NO_KO"
		return
	fi
	scenario explicit && more_netns
}

# rmmod_needed: the rmmod (and insmod) before this check
# worked; else say so (the check fails) or skip without the module file.
rmmod_needed()
{
	if [ -n "$RMMOD_NO_KO" ]; then
		skip_because "$RMMOD_NO_KO"
		return
	fi
	[ -z "$RMMOD_FAILED" ] && return 0
	echo "cannot pass: $RMMOD_FAILED"
	return 1
}

rmmod_live()
{
	rmmod_needed || return
	if ! run timeout 120 rmmod mpls_pw; then
		echo "rmmod mpls_pw failed"
		RMMOD_FAILED="rmmod mpls_pw failed"
		return 1
	fi
	slowwait 10 test ! -d /sys/module/mpls_pw && return 0
	echo "/sys/module/mpls_pw still exists"
	RMMOD_FAILED="the module did not go after rmmod"
	return 1
}

# The AC netdev is free again: a bridge can take it (it needs the
# rx_handler slot the module held).
ac_released()
{
	local rc=0

	rmmod_needed || return
	ip -n "$PE1" link show ac0 > /dev/null || return 1
	if ! run ip -n "$PE1" link add br0 type bridge; then
		echo "no bridge to test the rx_handler with"
		return 1
	fi
	run ip -n "$PE1" link set ac0 master br0 || {
		echo "ac0 cannot join a bridge: its rx_handler is still taken"
		rc=1
	}
	ip -n "$PE1" link set ac0 nomaster 2> /dev/null
	ip -n "$PE1" link del br0
	return "$rc"
}

reinsmod()
{
	local ns

	rmmod_needed || return
	if ! run insmod "$MPLS_PW_KO"; then
		RMMOD_FAILED="insmod $MPLS_PW_KO failed"
		return 1
	fi
	for ns in "$PE1" "$PE2" "${XNS[@]}"; do
		expect_eq "ACs in $ns after insmod" "[]" \
			"$("$PWCTL" -n "$ns" -j ac show | jq -c .)" || return 1
		expect_eq "PWs in $ns after insmod" "[]" \
			"$("$PWCTL" -n "$ns" -j pw show | jq -c .)" || return 1
	done
}

rebuilt()
{
	rmmod_needed || return
	# the core links' MPLS input went with the module
	mpls_input "$PE1" core0 && mpls_input "$PE2" core0 &&
	pw_pair_add 4 explicit && wait_pw_pair_active &&
		ping_ok "$CE1" "$CE2_IP4"
}

# ---------------------------------------------------------------- tests --

defer_scope_push
kmsg_mark "AC deletion"
check "AC: PW forwards, traffic both ways" scenario explicit
check "AC: ip link del ac0 under traffic: AC and its PW gone" del_ac
check "AC: kernel log clean" kmsg_clean
defer_scope_pop

defer_scope_push
kmsg_mark "tunnel device deletion"
check "tunnel dev: PW forwards, traffic both ways" scenario explicit
check "tunnel dev: ip link del core0 under traffic: PW down, drops counted" \
	del_tunnel_dev
check "tunnel dev: kernel log clean" kmsg_clean
defer_scope_pop

defer_scope_push
kmsg_mark "route changes"
check "route: route-resolved PW forwards, traffic both ways" scenario fib
check "route: route withdrawn: PW down, drops counted" route_withdrawn
check "route: route back with label 102: PW active over it, PE2 receives" \
	route_back
check "route: route changed in place to label 100: the cached route follows" \
	route_changed
check "route: kernel log clean" kmsg_clean
defer_scope_pop

defer_scope_push
kmsg_mark "netns deletion"
check "netns: PW forwards, traffic both ways" scenario explicit
check "netns: ip netns del PE2 under traffic: dismantled, PE1 keeps its PW" \
	del_pe2_netns
check "netns: ip netns del PE1 too; kernel log clean" \
	eval 'del_pe1_netns && kmsg_clean'
defer_scope_pop

defer_scope_push
kmsg_mark "rmmod"
check "rmmod: PWs in 5 netns, traffic both ways" rmmod_setup
check "rmmod: rmmod mpls_pw with live configuration under traffic" \
	rmmod_live
check "rmmod: the AC netdev's rx_handler is released" ac_released
check "rmmod: insmod again: no configuration left in any netns" reinsmod
check "rmmod: PW rebuilt, CE1 pings CE2" rebuilt
check "rmmod: kernel log clean" kmsg_clean
defer_scope_pop

ktap_finish
