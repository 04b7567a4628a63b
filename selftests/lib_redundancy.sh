#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The PW redundancy topology of SPEC section 8, shared by redundancy.sh,
# independent.sh, events.sh and bench.sh (sourced after lib.sh):
#
#                            P1 (mpls_router)
#                 core1 --- pe1      pe2 --- core0  PE2  ac0 ---- eth2
#  CE1            .1/30     .2/30   .5/30    .6/30  lo .2          \
#  eth0 ---- ac0  PE1      198.51.100.0/30, .4/30                  br0  CE2
#           (AC)  lo 203.0.113.1                                   /    (bridge,
#                 core2 --- pe1      pe3 --- core0  PE3  ac0 ---- eth3  stp off)
#                 .9/30     .10/30  .13/30   .14/30 lo .3
#                            P2 (mpls_router)
#
#  CE1 eth0 192.0.2.1/24                     CE2 br0 192.0.2.2/24
#
#  LSPs (PE routes "encap mpls", P routers pop: PHP)
#    PE1 -> PE2: 203.0.113.2/32 encap mpls 100 via P1     P1: 100 -> PE2
#    PE2 -> PE1: 203.0.113.1/32 encap mpls 101 via P1     P1: 101 -> PE1
#    PE1 -> PE3: 203.0.113.3/32 encap mpls 200 via P2     P2: 200 -> PE3
#    PE3 -> PE1: 203.0.113.1/32 encap mpls 201 via P2     P2: 201 -> PE1
#  PWs, control word on, resolved through those routes:
#    vc-id 100 PE1 (primary, label 1000) <-> PE2 (label 2000)
#    vc-id 200 PE1 (secondary, label 1001) <-> PE3 (label 3000)
#
# Every link is a veth pair; core links have an MTU of 1600 so that a full
# 1514-byte frame fits under its labels and control word. IPv6 is off on
# every node (nothing here needs it, and its chatter would disturb counts).

R_CE1_MAC=02:00:00:00:c1:01
R_CE2_MAC=02:00:00:00:c2:01
R_CE1_IP=192.0.2.1
R_CE2_IP=192.0.2.2
R_PE1_LO=203.0.113.1
R_PE2_LO=203.0.113.2
R_PE3_LO=203.0.113.3
R_PE1_C1=198.51.100.1
R_P1_PE1=198.51.100.2
R_P1_PE2=198.51.100.5
R_PE2_C=198.51.100.6
R_PE1_C2=198.51.100.9
R_P2_PE1=198.51.100.10
R_P2_PE3=198.51.100.13
R_PE3_C=198.51.100.14
R_LSP_PE2=100
R_LSP_PE1_P1=101
R_LSP_PE3=200
R_LSP_PE1_P2=201
R_VC_PRI=100
R_VC_SEC=200
R_LBL_PE1_PRI=1000
R_LBL_PE1_SEC=1001
R_LBL_PE2=2000
R_LBL_PE3=3000
R_CORE_MTU=1600
CE1="" PE1="" P1="" P2="" PE2="" PE3="" CE2=""

# r_topo_create: the seven namespaces, links, addresses, LSPs.
r_topo_create()
{
	local ns

	setup_ns CE1 PE1 P1 P2 PE2 PE3 CE2 || return 1
	MUST_FAILED=0
	for ns in "$CE1" "$PE1" "$P1" "$P2" "$PE2" "$PE3" "$CE2"; do
		must nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	must ip -n "$PE1" link add ac0 type veth peer name eth0 netns "$CE1"
	must ip -n "$PE1" link add core1 mtu $R_CORE_MTU type veth \
		peer name pe1 mtu $R_CORE_MTU netns "$P1"
	must ip -n "$PE1" link add core2 mtu $R_CORE_MTU type veth \
		peer name pe1 mtu $R_CORE_MTU netns "$P2"
	must ip -n "$PE2" link add core0 mtu $R_CORE_MTU type veth \
		peer name pe2 mtu $R_CORE_MTU netns "$P1"
	must ip -n "$PE3" link add core0 mtu $R_CORE_MTU type veth \
		peer name pe3 mtu $R_CORE_MTU netns "$P2"
	must ip -n "$PE2" link add ac0 type veth peer name eth2 netns "$CE2"
	must ip -n "$PE3" link add ac0 type veth peer name eth3 netns "$CE2"
	[ "$MUST_FAILED" = 0 ] || return 1
	must mpls_input "$PE1" core1 core2
	must mpls_input "$PE2" core0
	must mpls_input "$PE3" core0

	# CE2: dual-homed through a bridge without STP
	must ip -n "$CE2" link add br0 address $R_CE2_MAC type bridge stp_state 0
	must ip -n "$CE2" link set eth2 master br0
	must ip -n "$CE2" link set eth3 master br0
	must ip -n "$CE1" link set eth0 address $R_CE1_MAC
	must ip -n "$CE1" addr add $R_CE1_IP/24 dev eth0
	must ip -n "$CE2" addr add $R_CE2_IP/24 dev br0

	must ip -n "$PE1" addr add $R_PE1_C1/30 dev core1
	must ip -n "$PE1" addr add $R_PE1_C2/30 dev core2
	must ip -n "$PE1" addr add $R_PE1_LO/32 dev lo
	must ip -n "$PE2" addr add $R_PE2_C/30 dev core0
	must ip -n "$PE2" addr add $R_PE2_LO/32 dev lo
	must ip -n "$PE3" addr add $R_PE3_C/30 dev core0
	must ip -n "$PE3" addr add $R_PE3_LO/32 dev lo
	must ip -n "$P1" addr add $R_P1_PE1/30 dev pe1
	must ip -n "$P1" addr add $R_P1_PE2/30 dev pe2
	must ip -n "$P2" addr add $R_P2_PE1/30 dev pe1
	must ip -n "$P2" addr add $R_P2_PE3/30 dev pe3
	must nsx "$P1" sysctl -qw net.mpls.platform_labels=1000 \
		net.mpls.conf.pe1.input=1 net.mpls.conf.pe2.input=1
	must nsx "$P2" sysctl -qw net.mpls.platform_labels=1000 \
		net.mpls.conf.pe1.input=1 net.mpls.conf.pe3.input=1

	must ip -n "$CE1" link set eth0 up
	must ip -n "$PE1" link set ac0 up
	must ip -n "$PE1" link set core1 up
	must ip -n "$PE1" link set core2 up
	must ip -n "$P1" link set pe1 up
	must ip -n "$P1" link set pe2 up
	must ip -n "$P2" link set pe1 up
	must ip -n "$P2" link set pe3 up
	must ip -n "$PE2" link set core0 up
	must ip -n "$PE2" link set ac0 up
	must ip -n "$PE3" link set core0 up
	must ip -n "$PE3" link set ac0 up
	must ip -n "$CE2" link set eth2 up
	must ip -n "$CE2" link set eth3 up
	must ip -n "$CE2" link set br0 up
	[ "$MUST_FAILED" = 0 ] || return 1

	# P routers pop the LSP label (PHP). Their label space is small on
	# purpose: mpls_router walks all of it when a link changes state,
	# which with 100000 labels costs several ms of a single CPU, and the
	# CE's sender waits for it (it showed in bench.sh's latencies).
	must ip -n "$P1" -f mpls route add $R_LSP_PE2 via inet $R_PE2_C dev pe2
	must ip -n "$P1" -f mpls route add $R_LSP_PE1_P1 via inet $R_PE1_C1 dev pe1
	must ip -n "$P2" -f mpls route add $R_LSP_PE3 via inet $R_PE3_C dev pe3
	must ip -n "$P2" -f mpls route add $R_LSP_PE1_P2 via inet $R_PE1_C2 dev pe1
	must ip -n "$PE2" route add $R_PE1_LO/32 encap mpls $R_LSP_PE1_P1 \
		via $R_P1_PE2 dev core0
	must ip -n "$PE3" route add $R_PE1_LO/32 encap mpls $R_LSP_PE1_P2 \
		via $R_P2_PE3 dev core0
	r_route_pri && r_route_sec && [ "$MUST_FAILED" = 0 ]
}

# r_route_pri / r_route_sec: PE1's LSP route to PE2 (over P1) and to PE3
# (over P2). An IPv4 route through a device that goes down is flushed, so
# restoring a link means adding its route again, as a routing daemon would.
r_route_pri()
{
	run ip -n "$PE1" route replace $R_PE2_LO/32 encap mpls $R_LSP_PE2 \
		via $R_P1_PE1 dev core1
}

r_route_sec()
{
	run ip -n "$PE1" route replace $R_PE3_LO/32 encap mpls $R_LSP_PE3 \
		via $R_P2_PE1 dev core2
}

# r_link_fail 1|2 / r_link_restore 1|2: PE1's core link to P1 or P2.
r_link_fail()
{
	run ip -n "$PE1" link set "core$1" down
}

r_link_restore()
{
	run ip -n "$PE1" link set "core$1" up || return 1
	if [ "$1" = 1 ]; then r_route_pri; else r_route_sec; fi
}

# r_pws_add MODE [PW OPTION...]: the ACs (PE1 in redundancy MODE, PE2 and
# PE3 in the same mode) and the four PWs, all with the control word and
# the given options. R_AC1_OPTS: extra options of PE1's "ac add".
R_AC1_OPTS=()
r_pws_add()
{
	local mode=$1

	shift
	pwc "$PE1" ac add dev ac0 redundancy "$mode" "${R_AC1_OPTS[@]}" &&
	pwc "$PE1" pw add peer $R_PE2_LO vc-id $R_VC_PRI \
		local-label $R_LBL_PE1_PRI remote-label $R_LBL_PE2 \
		dev ac0 primary control-word "$@" &&
	pwc "$PE1" pw add peer $R_PE3_LO vc-id $R_VC_SEC \
		local-label $R_LBL_PE1_SEC remote-label $R_LBL_PE3 \
		dev ac0 secondary control-word "$@" &&
	pwc "$PE2" ac add dev ac0 redundancy "$mode" &&
	pwc "$PE2" pw add peer $R_PE1_LO vc-id $R_VC_PRI \
		local-label $R_LBL_PE2 remote-label $R_LBL_PE1_PRI \
		dev ac0 control-word "$@" &&
	pwc "$PE3" ac add dev ac0 redundancy "$mode" &&
	pwc "$PE3" pw add peer $R_PE1_LO vc-id $R_VC_SEC \
		local-label $R_LBL_PE3 remote-label $R_LBL_PE1_SEC \
		dev ac0 control-word "$@"
}

# r_pws_del: every AC (and with it every PW) of the three PEs.
r_pws_del()
{
	local ns

	for ns in "$PE1" "$PE2" "$PE3"; do
		"$PWCTL" -n "$ns" ac del dev ac0 > /dev/null 2>&1
	done
	return 0
}

# ---------------------------------------------------------------- state --

# r_active NS: the vc-id of the PW carrying the AC's traffic, or "none".
r_active()
{
	"$PWCTL" -n "$1" -j ac show dev ac0 |
		jq -r '.[0].active_pw.vc_id // "none"'
}

# r_active_is NS VC|none
r_active_is()
{
	[ "$(r_active "$1")" = "$2" ]
}

# r_ac EXPR: EXPR on PE1's AC ("pwctl -j -s ac show", jq -e);
# r_ac_of NS EXPR: on another PE's.
r_ac()
{
	ac_jq "$PE1" ac0 "$1"
}

r_ac_of()
{
	ac_jq "$1" ac0 "$2"
}

# The far end of PE1's primary and secondary, and PE1 seen from PE2/PE3.
r_pri()	{ pw_jq "$PE1" $R_PE2_LO $R_VC_PRI "$1"; }
r_sec()	{ pw_jq "$PE1" $R_PE3_LO $R_VC_SEC "$1"; }
r_pe2()	{ pw_jq "$PE2" $R_PE1_LO $R_VC_PRI "$1"; }
r_pe3()	{ pw_jq "$PE3" $R_PE1_LO $R_VC_SEC "$1"; }

# r_stats NS: the counters of the PWs of NS (by vc-id) and of its AC, one
# JSON object {"100": {...}, "200": {...}, "ac": {...}}.
r_stats()
{
	local pws ac

	pws=$("$PWCTL" -n "$1" -j -s pw show) || return 1
	ac=$("$PWCTL" -n "$1" -j -s ac show) || return 1
	jq -n -c --argjson p "$pws" --argjson a "$ac" \
		'($p | map({key: (.vc_id | tostring), value: (.stats // {})})
		  | from_entries) + {ac: ($a[0].stats // {})}'
}

# r_delta BEFORE AFTER PATH: AFTER.PATH - BEFORE.PATH (PATH like
# '"100".tx_packets' or 'ac.drop_standby').
r_delta()
{
	jq -n --argjson a "$1" --argjson b "$2" \
		"(\$b.$3 // 0) - (\$a.$3 // 0)"
}

# r_wait_ready: PE1 on the primary, every PW up on both ends and the
# status each end signals received by the other.
r_wait_ready()
{
	slowwait 20 r_active_is "$PE1" $R_VC_PRI &&
	slowwait 20 r_pri '.fwd == "active"' &&
	slowwait 20 r_sec '.fwd == "standby"' &&
	slowwait 20 r_pe2 '.fwd == "active"' && return 0
	echo "not ready:"
	pw_show_all "$PE1" "$PE2" "$PE3"
	return 1
}

# holds_ms MS CMD...: CMD succeeds at every poll (0.2 s) for MS
# milliseconds; says when it first failed. A failure seen by a poll that
# ended after the deadline may be a change after it: not counted.
holds_ms()
{
	local start end t

	start=$(now_ms)
	end=$((start + $1))
	shift
	while :; do
		[ "$(now_ms)" -ge "$end" ] && return 0
		if ! "$@" > /dev/null 2>&1; then
			t=$(now_ms)
			[ "$t" -gt "$end" ] && return 0
			echo "after $((t - start)) ms: \"$*\" no longer holds"
			return 1
		fi
		sleep 0.2
	done
}

# holds SECONDS CMD...
holds()
{
	local s=$1

	shift
	holds_ms $((s * 1000)) "$@"
}

# waited_ms SECONDS CMD...: like slowwait, and prints how long it took
# (ms) on success.
waited_ms()
{
	local start

	start=$(now_ms)
	slowwait "$@" || return 1
	echo $(( $(now_ms) - start ))
}

# r_neigh_pin: static ARP entries on the CEs (no ARP in counting windows).
r_neigh_pin()
{
	run ip -n "$CE1" neigh replace $R_CE2_IP lladdr $R_CE2_MAC dev eth0 \
		nud permanent &&
	run ip -n "$CE2" neigh replace $R_CE1_IP lladdr $R_CE1_MAC dev br0 \
		nud permanent
}

# r_ping NS DST [COUNT]: COUNT (3) echo replies, 0.1 s apart, within 10 s.
r_ping()
{
	nsx "$1" ping -n -q -c "${3:-3}" -i 0.1 -w 10 "$2"
}

# r_no_ping NS DST [COUNT]: COUNT echo requests, none answered.
r_no_ping()
{
	! nsx "$1" ping -n -q -c "${3:-3}" -i 0.1 -W 1 "$2"
}

# r_stream_rx OUT [stream.py recv OPTION...]: a receiver on CE2 in the
# background (pid in R_RX); returns once it listens.
R_RX=
r_stream_rx()
{
	local out=$1

	shift
	rm -f "$out.ready"
	bg_start R_RX ip netns exec "$CE2" "$PYTHON" -S "$HELPERS/stream.py" \
		recv --bind $R_CE2_IP --ready "$out.ready" "$@" > "$out"
	wait_file 20 "$out.ready" && return 0
	echo "the stream receiver did not start"
	return 1
}

# r_stream_tx OUT [stream.py send OPTION...]: a sender on CE1 in the
# background (pid in R_TX).
R_TX=
r_stream_tx()
{
	local out=$1

	shift
	bg_start R_TX ip netns exec "$CE1" "$PYTHON" -S "$HELPERS/stream.py" \
		send --dst $R_CE2_IP "$@" > "$out"
}

# r_monitor NS OUT: monitor_start (lib.sh), the pid in R_MON.
R_MON=
r_monitor()
{
	monitor_start "$@" || return 1
	R_MON=$MON_PID
}

# r_note TEXT...: a figure worth showing even when the check passes
# (check() shows a passing check's output only with VERBOSE=1); r_check
# prints the notes after the result line.
r_note()
{
	echo "$*" >> "$TMPD/notes"
	echo "$*"
}

# r_check DESC CMD...: check, then the notes CMD left.
r_check()
{
	local rc

	check "$@"
	rc=$?
	if [ -s "$TMPD/notes" ] && [ "$VERBOSE" != 1 ]; then
		diag "$(cat "$TMPD/notes")"
	fi
	: > "$TMPD/notes"
	return $rc
}

# show_all: what the three PEs show (a script with other PEs has its own).
show_all()
{
	pw_show_all "$PE1" "$PE2" "$PE3"
}

# shows CMD...: CMD, and on failure everything the three PEs show.
shows()
{
	"$@" && return 0
	show_all
	return 1
}

# carries VC: once the far end of PE1's PW VC forwards too (it may be
# waiting for PE1's status), 10 pings CE1 -> CE2 cross that PW both ways,
# and nothing crosses the other one.
carries()
{
	local vc=$1 other=$R_VC_PRI b a rc=0

	[ "$vc" = "$R_VC_PRI" ] && other=$R_VC_SEC
	if [ "$vc" = "$R_VC_PRI" ]; then
		shows slowwait 10 r_pe2 '.fwd == "active"' || return 1
	else
		shows slowwait 10 r_pe3 '.fwd == "active"' || return 1
	fi
	b=$(r_stats "$PE1") || return 1
	r_ping "$CE1" $R_CE2_IP 10 || rc=1
	a=$(r_stats "$PE1") || return 1
	expect_eq "PE1 PW $vc tx_packets" 10 \
		"$(r_delta "$b" "$a" "\"$vc\".tx_packets")" || rc=1
	expect_eq "PE1 PW $vc rx_packets" 10 \
		"$(r_delta "$b" "$a" "\"$vc\".rx_packets")" || rc=1
	expect_eq "PE1 PW $other tx_packets" 0 \
		"$(r_delta "$b" "$a" "\"$other\".tx_packets")" || rc=1
	expect_eq "PE1 PW $other rx_packets" 0 \
		"$(r_delta "$b" "$a" "\"$other\".rx_packets")" || rc=1
	[ "$rc" = 0 ] || { echo "before: $b"; echo "after:  $a"; show_all; }
	return $rc
}

# r_etrunk PE2_STATE PE3_STATE: what E-Trunk decides, on PE2 and PE3 only;
# the PE that becomes active first, as E-Trunk does it.
r_etrunk()
{
	if [ "$1" = active ]; then
		pwc "$PE2" ac set dev ac0 state "$1" &&
			pwc "$PE3" ac set dev ac0 state "$2"
	else
		pwc "$PE3" ac set dev ac0 state "$2" &&
			pwc "$PE2" ac set dev ac0 state "$1"
	fi
}
