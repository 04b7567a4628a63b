#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers of the mpls_pw selftests, sourced by each test script:
#
#   KTAP        ktap_plan, check, ktap_pass/fail/skip, ktap_finish,
#               ktap_skip_all, diag
#   commands    run (echoes the command when VERBOSE=1), must
#   cleanup     defer CMD... (run in reverse order at exit),
#               defer_scope_push / defer_scope_pop, bg_start
#   waiting     slowwait SECONDS CMD... (poll every 0.1 s until a deadline)
#   netns       setup_ns VAR... (unique names, deleted at exit)
#   pwctl JSON  pw_jq, pw_stats, ac_jq, ns_stats, jdelta, dev_stat
#   kernel log  kmsg_mark, kmsg_write, kmsg_clean (tools/vm/log-patterns)
#   topology    topo_create: the reference CE1 -- PE1 -- P -- PE2 -- CE2,
#               p_lsp, pw_pair_add, pw_pair_del, ping_ok, neigh_pin
#
# The scripts run as root inside the test VM, with the mpls_pw module
# loaded and pwctl in PATH; without them they report SKIP (exit 4).

SELFTEST_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
HELPERS=$SELFTEST_DIR/helpers
: "${VERBOSE:=0}"
: "${PWCTL:=pwctl}"
: "${PYTHON:=python3}"

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

# ------------------------------------------------------------------ KTAP --

KTAP_PLAN=0
KTAP_N=0
KTAP_NPASS=0
KTAP_NFAIL=0
KTAP_NSKIP=0
KTAP_T=

# ktap_time: how long the check just reported took, as a diagnostic line
# (where a slow run spends its time).
ktap_time()
{
	local t=${EPOCHREALTIME//[.,]/}

	t=$((t / 1000))
	if [ -n "$KTAP_T" ]; then
		printf '#   %d.%01d s\n' $(((t - KTAP_T) / 1000)) \
			$(((t - KTAP_T) % 1000 / 100))
	fi
	KTAP_T=$t
}

diag()
{
	local line

	while IFS= read -r line; do
		echo "# $line"
	done <<< "$*"
}

ktap_skip_all()
{
	echo "TAP version 13"
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

ktap_plan()
{
	KTAP_PLAN=$1
	echo "TAP version 13"
	echo "1..$KTAP_PLAN"
	KTAP_T=
	ktap_time
}

ktap_pass()
{
	KTAP_N=$((KTAP_N + 1))
	KTAP_NPASS=$((KTAP_NPASS + 1))
	echo "ok $KTAP_N $1"
	ktap_time
}

ktap_fail()
{
	KTAP_N=$((KTAP_N + 1))
	KTAP_NFAIL=$((KTAP_NFAIL + 1))
	echo "not ok $KTAP_N $1"
	ktap_time
}

# ktap_skip DESC WHY
ktap_skip()
{
	KTAP_N=$((KTAP_N + 1))
	KTAP_NSKIP=$((KTAP_NSKIP + 1))
	echo "ok $KTAP_N $1 # SKIP $2"
	ktap_time
}

# check DESC CMD...: one test result from CMD's exit status. CMD runs in
# this shell (it may set variables); its output is shown only when it
# fails, or as it runs with VERBOSE=1. CMD may exit with $KSFT_SKIP and
# print the reason as the last line of its output to report a skip.
check()
{
	local desc=$1 log rc

	shift
	log=$TMPD/check.log
	if [ "$VERBOSE" = 1 ]; then
		"$@" > >(tee "$log" | sed -u '/^#/!s/^/# /') 2>&1
		rc=$?
		sleep 0.05	# let the tee catch up before the result line
	else
		"$@" > "$log" 2>&1
		rc=$?
	fi
	case $rc in
	0)
		ktap_pass "$desc"
		;;
	"$KSFT_SKIP")
		ktap_skip "$desc" "$(tail -n 1 "$log")"
		;;
	*)
		[ "$VERBOSE" = 1 ] || diag "$(cat "$log")"
		ktap_fail "$desc"
		;;
	esac
	return $rc
}

# tool_results OUT N...: the results N that a KTAP-printing program (the
# fuzzers) wrote to OUT passed; if not, its diagnostics and those results.
tool_results()
{
	local out=$1 n rc=0

	shift
	if [ ! -s "$out" ]; then
		echo "the program did not run: $out is empty"
		return 1
	fi
	for n in "$@"; do
		grep -Eq "^ok $n " "$out" || rc=1
	done
	[ "$rc" = 0 ] && return 0
	grep -E '^#' "$out" | head -n 150
	for n in "$@"; do
		grep -E "^(not )?ok $n " "$out" || echo "result $n missing"
	done
	return 1
}

# scoped DESC CMD...: check, with what CMD defers (background processes,
# cleanups) undone when it ends, passed or not.
scoped()
{
	defer_scope_push
	check "$@"
	defer_scope_pop
}

# skip_because WHY...: in a check function, "skip_because WHY; return"
# reports the check as skipped with that reason.
skip_because()
{
	echo "$*"
	return $KSFT_SKIP
}

# ktap_finish: report what was planned but not run as failures, and exit
# with the kselftest status (1 any failure, 4 all skipped, 0 otherwise).
ktap_finish()
{
	while [ "$KTAP_N" -lt "$KTAP_PLAN" ]; do
		ktap_fail "not run (the script stopped before it)"
	done
	if [ "$KTAP_N" -gt "$KTAP_PLAN" ]; then
		diag "ran $KTAP_N tests, planned $KTAP_PLAN"
		KTAP_NFAIL=$((KTAP_NFAIL + 1))
	fi
	diag "totals: pass:$KTAP_NPASS fail:$KTAP_NFAIL skip:$KTAP_NSKIP"
	[ "$KTAP_NFAIL" -eq 0 ] || exit $KSFT_FAIL
	[ "$KTAP_NPASS" -eq 0 ] && [ "$KTAP_NSKIP" -gt 0 ] && exit $KSFT_SKIP
	exit $KSFT_PASS
}

# ktap_bail REASON: the rest cannot run; finish now.
ktap_bail()
{
	diag "$*"
	ktap_finish
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq()
{
	[ "$2" = "$3" ] && return 0
	echo "$1: expected $2, got $3"
	return 1
}

# ------------------------------------------------------------- commands --

# run CMD...: runs CMD, first echoing it (as a KTAP comment) with VERBOSE=1.
run()
{
	echo_cmd "$@"
	"$@"
}

# echo_cmd CMD...: what run echoes, for a command run otherwise.
echo_cmd()
{
	[ "$VERBOSE" = 1 ] && printf '# + %s\n' "$*" >&2
	return 0
}

# must CMD...: run, and remember a failure in MUST_FAILED (for set-up
# sequences that should report every step that failed, not only the first).
MUST_FAILED=0
must()
{
	run "$@" && return 0
	echo "failed: $*" >&2
	MUST_FAILED=1
	return 1
}

# ---------------------------------------------------------------- defer --

DEFER_STACK=()
DEFER_SCOPES=()

# defer CMD...: run CMD at exit (or at the end of the current scope), in
# reverse order of registration. Its failures are ignored.
defer()
{
	DEFER_STACK+=("$(printf '%q ' "$@")")
}

defer_run_to()
{
	local i

	for ((i = ${#DEFER_STACK[@]} - 1; i >= $1; i--)); do
		[ "$VERBOSE" = 1 ] && echo "# cleanup: ${DEFER_STACK[i]}" >&2
		eval "${DEFER_STACK[i]}" > /dev/null 2>&1
		unset 'DEFER_STACK[i]'
	done
}

defer_scope_push()
{
	DEFER_SCOPES+=("${#DEFER_STACK[@]}")
}

defer_scope_pop()
{
	local base=${DEFER_SCOPES[-1]}

	unset 'DEFER_SCOPES[-1]'
	defer_run_to "$base"
}

__lib_cleanup()
{
	defer_run_to 0
}

trap __lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

TMPD=$(mktemp -d /tmp/mpls_pw-selftest.XXXXXX)
defer rm -rf "$TMPD"

# bg_start VAR CMD...: run CMD in the background, its pid in VAR; it is
# stopped (by that pid) at exit or at the end of the current scope.
# Redirect the call to send CMD's output somewhere.
bg_start()
{
	local __var=$1

	shift
	[ "$VERBOSE" = 1 ] && printf '# + %s &\n' "$*" >&2
	"$@" &
	printf -v "$__var" %s $!
	defer bg_stop $!
}

bg_stop()
{
	kill "$1" 2> /dev/null
	wait "$1" 2> /dev/null
	return 0
}

# --------------------------------------------------------------- waiting --

now_ms()
{
	local t=${EPOCHREALTIME//[.,]/}

	echo $((t / 1000))
}

# slowwait SECONDS CMD...: poll CMD every 0.1 s until it succeeds (0) or
# the deadline passes (1).
slowwait()
{
	local deadline

	deadline=$(( $(now_ms) + $1 * 1000 ))
	shift
	while :; do
		"$@" > /dev/null 2>&1 && return 0
		[ "$(now_ms)" -ge "$deadline" ] && return 1
		sleep 0.1
	done
}

# wait_file SECONDS FILE: a background helper's "ready" file.
wait_file()
{
	slowwait "$1" test -s "$2"
}

# ---------------------------------------------------------- requirements --

require_root()
{
	[ "$(id -u)" = 0 ] || ktap_skip_all "must be run as root"
}

require_cmd()
{
	local c

	for c in "$@"; do
		command -v "$c" > /dev/null ||
			ktap_skip_all "$c is not installed"
	done
}

require_mpls_pw()
{
	require_root
	[ -d /sys/module/mpls_pw ] ||
		ktap_skip_all "the mpls_pw module is not loaded"
	command -v "$PWCTL" > /dev/null || ktap_skip_all "pwctl is not in PATH"
	require_cmd ip jq "$PYTHON"
	modprobe -q veth 2> /dev/null
}

# require_mpls_router: the kernel's own MPLS forwarding (the P router) and
# the "encap mpls" route type.
require_mpls_router()
{
	modprobe -q mpls_router 2> /dev/null
	modprobe -q mpls_iptunnel 2> /dev/null
	[ -d /proc/sys/net/mpls ] ||
		ktap_skip_all "mpls_router (CONFIG_MPLS_ROUTING) is not available"
	[ -d /sys/module/mpls_iptunnel ] ||
		ktap_skip_all "mpls_iptunnel (CONFIG_MPLS_IPTUNNEL) is not available"
}

# ----------------------------------------------------------------- netns --

NS_SUFFIX=$(printf '%x%04x' $$ $RANDOM)
NS_SEQ=0
NS_ALL=()

# setup_ns VAR...: create one network namespace per VAR, named after it
# and unique to this run; VAR is set to the name. Loopback up, no DAD and
# no router solicitations (so no frame is sent that a test did not ask
# for). Deleted at exit.
setup_ns()
{
	local var ns

	for var in "$@"; do
		NS_SEQ=$((NS_SEQ + 1))
		ns="${var,,}-$NS_SUFFIX-$NS_SEQ"
		run ip netns add "$ns" || return 1
		defer ns_del "$ns"
		NS_ALL+=("$ns")
		printf -v "$var" %s "$ns"
		run ip -n "$ns" link set lo up || return 1
		run ip netns exec "$ns" sysctl -qw \
			net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.accept_ra=0 \
			net.ipv6.conf.default.accept_ra=0 \
			net.ipv6.conf.all.router_solicitations=0 \
			net.ipv6.conf.default.router_solicitations=0 ||
			return 1
	done
}

ns_del()
{
	ip netns del "$1" 2> /dev/null
	return 0
}

nsx()
{
	local ns=$1

	shift
	run ip netns exec "$ns" "$@"
}

# pwc NS ARGS...: pwctl in NS.
pwc()
{
	local ns=$1

	shift
	run "$PWCTL" -n "$ns" "$@"
}

# ------------------------------------------------------------ pwctl JSON --

# pw_jq NS PEER VC_ID EXPR: EXPR applied to that PW's entry of
# "pwctl -j -s pw show"; false, null or no such PW is a failure (jq -e).
pw_jq()
{
	"$PWCTL" -n "$1" -j -s pw show |
		jq -e -c -r --arg p "$2" --argjson v "$3" \
			".[] | select(.peer == \$p and .vc_id == \$v) | $4"
}

# pw_stats NS PEER VC_ID: the PW's counters as one JSON object.
pw_stats()
{
	pw_jq "$1" "$2" "$3" '.stats // {}'
}

# ac_jq NS DEV EXPR: EXPR applied to the AC's entry of "pwctl -j -s ac show".
ac_jq()
{
	"$PWCTL" -n "$1" -j -s ac show |
		jq -e -c -r --arg d "$2" ".[] | select(.dev == \$d) | $3"
}

# ns_stats NS: the netns-wide counters.
ns_stats()
{
	"$PWCTL" -n "$1" -j stats show | jq -c .
}

# jdelta BEFORE AFTER KEY...: the sum over KEYs of AFTER.KEY - BEFORE.KEY
# (missing keys count as 0).
jdelta()
{
	local a=$1 b=$2 expr=0 k

	shift 2
	for k in "$@"; do
		expr="$expr + ((\$b.$k // 0) - (\$a.$k // 0))"
	done
	jq -n --argjson a "$a" --argjson b "$b" "$expr"
}

# dev_stat NS DEV COUNTER: a netdev counter (rx_packets, tx_bytes, ...).
dev_stat()
{
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"
}

# pw_show_all NS...: every PW and AC, for a failure's diagnostics.
pw_show_all()
{
	local ns

	for ns in "$@"; do
		echo "== $ns: pwctl -s pw show; pwctl ac show"
		"$PWCTL" -n "$ns" -s pw show 2>&1
		"$PWCTL" -n "$ns" ac show 2>&1
	done
}

# ------------------------------------------------------------ kernel log --

# The patterns are tools/vm/log-patterns, the list the host's check of
# the whole guest log (tools/vm/logcheck.sh) uses too.
: "${MPLS_PW_LOG_PATTERNS:=$SELFTEST_DIR/../tools/vm/log-patterns}"
KMSG_MARK=

# kmsg_write TEXT: a line of ours in the kernel log. It starts with
# "mpls_pw selftest", which the log checks never take for a problem.
kmsg_write()
{
	echo "mpls_pw selftest $*" > /dev/kmsg 2> /dev/null
}

# kmsg_mark [WHAT]: put a mark in the kernel log; kmsg_clean looks after it.
kmsg_mark()
{
	KMSG_MARK="mpls_pw selftest $$ mark $(now_ms) ${1:-}"
	echo "$KMSG_MARK" > /dev/kmsg 2> /dev/null
}

kmsg_since_mark()
{
	dmesg 2> /dev/null | awk -v m="$KMSG_MARK" \
		'index($0, m) { buf = ""; next } { buf = buf $0 "\n" }
		 END { printf "%s", buf }'
}

# kmsg_problems: the lines of stdin that log-patterns takes for a problem.
kmsg_problems()
{
	grep -Ea -f <(grep -Ev '^(#|!|[[:space:]]*$)' "$MPLS_PW_LOG_PATTERNS") |
		grep -Eav -f <(sed -n 's/^!//p' "$MPLS_PW_LOG_PATTERNS")
}

# kmsg_clean: no warning, BUG, oops, lockdep or RCU report, leak or stuck
# netdev in the kernel log since the last mark (tools/vm/log-patterns).
kmsg_clean()
{
	local log bad

	if [ ! -r "$MPLS_PW_LOG_PATTERNS" ]; then
		echo "no kernel log patterns: $MPLS_PW_LOG_PATTERNS"
		return 1
	fi
	log=$(kmsg_since_mark)
	bad=$(kmsg_problems <<< "$log")
	[ -n "$bad" ] || return 0
	echo "kernel log problems since the mark:"
	echo "$bad" | head -n 20
	echo "kernel log since the mark:"
	tail -n 80 <<< "$log"
	return 1
}

# ------------------------------------------------------------- topology --
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

CE1_MAC=02:00:00:00:c1:01
CE2_MAC=02:00:00:00:c2:01
CE1_IP4=192.0.2.1
CE2_IP4=192.0.2.2
CE1_IP6=2001:db8:c::1
CE2_IP6=2001:db8:c::2
PE1_CORE4=198.51.100.1
P_PE1_4=198.51.100.2
P_PE2_4=198.51.100.5
PE2_CORE4=198.51.100.6
PE1_CORE6=2001:db8:1::1
P_PE1_6=2001:db8:1::2
P_PE2_6=2001:db8:2::1
PE2_CORE6=2001:db8:2::2
PE1_LO4=203.0.113.1
PE2_LO4=203.0.113.2
PE1_LO6=2001:db8:ff::1
PE2_LO6=2001:db8:ff::2
LSP_TO_PE2=100
LSP_TO_PE1=101
PW_VC=100
PW_LABEL_PE1=1000
PW_LABEL_PE2=2000
CORE_MTU=1600
CE1="" PE1="" P="" PE2="" CE2=""

# topo_create: the five namespaces, links and addresses above; P
# label-switches (platform labels, input on), its LSP routes are set by
# p_lsp. The core MTU leaves room for the labels and control word under a
# 1500-byte CE MTU.
topo_create()
{
	setup_ns CE1 PE1 P PE2 CE2 || return 1

	MUST_FAILED=0
	must ip -n "$PE1" link add ac0 type veth peer name eth0 netns "$CE1"
	must ip -n "$PE1" link add core0 mtu $CORE_MTU type veth \
		peer name pe1 mtu $CORE_MTU netns "$P"
	must ip -n "$PE2" link add core0 mtu $CORE_MTU type veth \
		peer name pe2 mtu $CORE_MTU netns "$P"
	must ip -n "$PE2" link add ac0 type veth peer name eth0 netns "$CE2"
	[ "$MUST_FAILED" = 0 ] || return 1
	# PW frames are taken from the core links only
	must mpls_input "$PE1" core0
	must mpls_input "$PE2" core0

	must ip -n "$CE1" link set eth0 address $CE1_MAC
	must ip -n "$CE2" link set eth0 address $CE2_MAC
	must ip -n "$CE1" addr add $CE1_IP4/24 dev eth0
	must ip -n "$CE1" addr add $CE1_IP6/64 dev eth0 nodad
	must ip -n "$CE2" addr add $CE2_IP4/24 dev eth0
	must ip -n "$CE2" addr add $CE2_IP6/64 dev eth0 nodad

	# The ACs are layer-2 ports: no addresses, no IPv6 chatter.
	must nsx "$PE1" sysctl -qw net.ipv6.conf.ac0.disable_ipv6=1
	must nsx "$PE2" sysctl -qw net.ipv6.conf.ac0.disable_ipv6=1

	must ip -n "$PE1" addr add $PE1_CORE4/30 dev core0
	must ip -n "$PE1" addr add $PE1_CORE6/64 dev core0 nodad
	must ip -n "$PE1" addr add $PE1_LO4/32 dev lo
	must ip -n "$PE1" addr add $PE1_LO6/128 dev lo
	must ip -n "$PE2" addr add $PE2_CORE4/30 dev core0
	must ip -n "$PE2" addr add $PE2_CORE6/64 dev core0 nodad
	must ip -n "$PE2" addr add $PE2_LO4/32 dev lo
	must ip -n "$PE2" addr add $PE2_LO6/128 dev lo
	must ip -n "$P" addr add $P_PE1_4/30 dev pe1
	must ip -n "$P" addr add $P_PE1_6/64 dev pe1 nodad
	must ip -n "$P" addr add $P_PE2_4/30 dev pe2
	must ip -n "$P" addr add $P_PE2_6/64 dev pe2 nodad
	must nsx "$P" sysctl -qw net.mpls.platform_labels=100000 \
		net.mpls.conf.pe1.input=1 net.mpls.conf.pe2.input=1

	must ip -n "$CE1" link set eth0 up
	must ip -n "$PE1" link set ac0 up
	must ip -n "$PE1" link set core0 up
	must ip -n "$P" link set pe1 up
	must ip -n "$P" link set pe2 up
	must ip -n "$PE2" link set core0 up
	must ip -n "$PE2" link set ac0 up
	must ip -n "$CE2" link set eth0 up
	[ "$MUST_FAILED" = 0 ]
}

# mpls_input NS DEV...: the module takes MPLS (PW frames, status) from
# DEV; off by default, as net.mpls.conf.DEV.input is.
mpls_input()
{
	local ns=$1 dev

	shift
	for dev in "$@"; do
		pwc "$ns" link set dev "$dev" mpls-input on || return 1
	done
}

# p_lsp inet|inet6 php|null: P's routes for the LSP labels: 100 towards PE2
# and 101 towards PE1 over the IPv4 or IPv6 link addresses, popped
# (penultimate hop popping) or swapped to explicit null (0 / 2).
p_lsp()
{
	local fam=$1 mode=$2 to_pe2 to_pe1 as=()

	if [ "$fam" = inet6 ]; then
		to_pe2=$PE2_CORE6 to_pe1=$PE1_CORE6
		[ "$mode" = null ] && as=(as 2)
	else
		to_pe2=$PE2_CORE4 to_pe1=$PE1_CORE4
		[ "$mode" = null ] && as=(as 0)
	fi
	run ip -n "$P" -f mpls route replace $LSP_TO_PE2 "${as[@]}" \
		via "$fam" "$to_pe2" dev pe2 &&
	run ip -n "$P" -f mpls route replace $LSP_TO_PE1 "${as[@]}" \
		via "$fam" "$to_pe1" dev pe1
}

# p_pw_switch: P label-switches the PW labels themselves (for a tunnel
# without labels): 2000 -> PE2 and 1000 -> PE1, label unchanged.
p_pw_switch()
{
	run ip -n "$P" -f mpls route replace $PW_LABEL_PE2 as $PW_LABEL_PE2 \
		via inet $PE2_CORE4 dev pe2 &&
	run ip -n "$P" -f mpls route replace $PW_LABEL_PE1 as $PW_LABEL_PE1 \
		via inet $PE1_CORE4 dev pe1
}

PW_PEER1=	# the PW's peer as configured on PE1 (PE2's loopback)
PW_PEER2=	# and on PE2

# pw_pair_add 4|6 explicit|fib|nolabel [PW OPTION...]: an AC on ac0 of
# both PEs and the PW between them over the IPv4 or IPv6 core:
#   explicit  tunnel via P dev core0 label 100 (101 from PE2)
#   nolabel   tunnel via P dev core0 (no tunnel label, see p_pw_switch)
#   fib       no tunnel: "ip route PEER encap mpls 100 via P dev core0"
pw_pair_add()
{
	local fam=$1 tun=$2 plen=32 via1 via2 t1=() t2=()

	shift 2
	if [ "$fam" = 6 ]; then
		PW_PEER1=$PE2_LO6 PW_PEER2=$PE1_LO6 via1=$P_PE1_6 via2=$P_PE2_6
		plen=128
	else
		PW_PEER1=$PE2_LO4 PW_PEER2=$PE1_LO4 via1=$P_PE1_4 via2=$P_PE2_4
	fi
	case $tun in
	explicit)
		t1=(tunnel via "$via1" dev core0 label "$LSP_TO_PE2")
		t2=(tunnel via "$via2" dev core0 label "$LSP_TO_PE1")
		;;
	nolabel)
		t1=(tunnel via "$via1" dev core0)
		t2=(tunnel via "$via2" dev core0)
		;;
	fib)
		run ip -n "$PE1" route replace "$PW_PEER1/$plen" \
			encap mpls $LSP_TO_PE2 via "$via1" dev core0 || return 1
		run ip -n "$PE2" route replace "$PW_PEER2/$plen" \
			encap mpls $LSP_TO_PE1 via "$via2" dev core0 || return 1
		;;
	*)
		echo "pw_pair_add: bad tunnel \"$tun\""
		return 1
		;;
	esac
	pwc "$PE1" ac add dev ac0 &&
	pwc "$PE1" pw add peer "$PW_PEER1" vc-id $PW_VC \
		local-label $PW_LABEL_PE1 remote-label $PW_LABEL_PE2 \
		dev ac0 "${t1[@]}" "$@" &&
	pwc "$PE2" ac add dev ac0 &&
	pwc "$PE2" pw add peer "$PW_PEER2" vc-id $PW_VC \
		local-label $PW_LABEL_PE2 remote-label $PW_LABEL_PE1 \
		dev ac0 "${t2[@]}" "$@"
}

# pw_pair_del: undo pw_pair_add, whatever it got to.
pw_pair_del()
{
	local ns peer

	for ns in "$PE1" "$PE2"; do
		for peer in $PE1_LO4 $PE2_LO4 $PE1_LO6 $PE2_LO6; do
			"$PWCTL" -n "$ns" pw del peer "$peer" vc-id $PW_VC \
				> /dev/null 2>&1
		done
		"$PWCTL" -n "$ns" ac del dev ac0 > /dev/null 2>&1
		for peer in $PE1_LO4/32 $PE2_LO4/32 $PE1_LO6/128 $PE2_LO6/128
		do
			ip -n "$ns" route del "$peer" > /dev/null 2>&1
		done
	done
	return 0
}

# pw_fwd_is NS PEER STATE: the PW vc-id 100 to PEER is in forwarding state
# STATE (active, standby, down).
pw_fwd_is()
{
	pw_jq "$1" "$2" $PW_VC ".fwd == \"$3\""
}

# wait_pw_pair_active: both ends of the pair are up and selected.
wait_pw_pair_active()
{
	slowwait 10 pw_fwd_is "$PE1" "$PW_PEER1" active &&
		slowwait 10 pw_fwd_is "$PE2" "$PW_PEER2" active && return 0
	echo "the PW did not become active on both PEs:"
	pw_show_all "$PE1" "$PE2"
	return 1
}

# ping_ok NS DST [PING OPTION...]: three echo replies within 15 s.
ping_ok()
{
	local ns=$1 dst=$2

	shift 2
	nsx "$ns" ping -n -q -c 3 -i 0.2 -w 15 "$@" "$dst"
}

# neigh_pin / neigh_unpin: permanent ARP and ND entries on the CEs, so a
# counting window sees no neighbour traffic.
neigh_pin()
{
	run ip -n "$CE1" neigh replace $CE2_IP4 lladdr $CE2_MAC dev eth0 \
		nud permanent &&
	run ip -n "$CE2" neigh replace $CE1_IP4 lladdr $CE1_MAC dev eth0 \
		nud permanent &&
	run ip -n "$CE1" neigh replace $CE2_IP6 lladdr $CE2_MAC dev eth0 \
		nud permanent &&
	run ip -n "$CE2" neigh replace $CE1_IP6 lladdr $CE1_MAC dev eth0 \
		nud permanent
}

neigh_unpin()
{
	ip -n "$CE1" neigh del $CE2_IP4 dev eth0 2> /dev/null
	ip -n "$CE2" neigh del $CE1_IP4 dev eth0 2> /dev/null
	ip -n "$CE1" neigh del $CE2_IP6 dev eth0 2> /dev/null
	ip -n "$CE2" neigh del $CE1_IP6 dev eth0 2> /dev/null
	return 0
}

# mac_hex MAC: "02:00:00:00:c2:01" -> "0200000000c201"... for --contains.
mac_hex()
{
	echo "${1//:/}"
}

# need_framefuzz: the frame fuzzer is built ($FF); need_ko: MPLS_PW_KO
# names the module file (for rmmod / insmod). Each says why not.
FF=$SELFTEST_DIR/framefuzz/framefuzz
need_framefuzz()
{
	[ -x "$FF" ] && return 0
	echo "$FF is not built: make framefuzz (on the host)"
	return 1
}

need_ko()
{
	[ -n "${MPLS_PW_KO:-}" ] && [ -r "$MPLS_PW_KO" ] && return 0
	echo "MPLS_PW_KO does not name the module file"
	return 1
}

# may_reload: rmmod / insmod may run here (the module file is known, no
# other script runs beside this one); else the skip's reason, status 4.
may_reload()
{
	if [ -z "${MPLS_PW_KO:-}" ] || [ ! -r "$MPLS_PW_KO" ]; then
		skip_because "MPLS_PW_KO does not name the module file"
		return
	fi
	[ "${MPLS_PW_TEST_JOBS:-1}" = 1 ] && return 0
	skip_because "MPLS_PW_TEST_JOBS=$MPLS_PW_TEST_JOBS: rmmod would pull the module from under the other scripts"
}

# ipv6_off NS...: no IPv6 in NS, so nothing is sent there unasked.
ipv6_off()
{
	local ns

	for ns in "$@"; do
		run ip netns exec "$ns" sysctl -qw \
			net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || return 1
	done
}

# monitor_start NS OUT: "pwctl -j monitor" of NS into OUT in the
# background (pid in MON_PID); returns once it receives events: an "ac
# set" of ac0 without options (a "changed" event, nothing else changes).
MON_PID=
monitor_start()
{
	bg_start MON_PID "$PWCTL" -n "$1" -j monitor > "$2"
	slowwait 10 monitor_seen "$1" "$2" && return 0
	echo "pwctl monitor in $1 receives nothing"
	return 1
}

monitor_seen()
{
	"$PWCTL" -n "$1" ac set dev ac0 &&
		grep -q '"event":"changed","object":"ac"' "$2"
}

# memcg_kmem CG: the kernel memory (slab, per-CPU) charged to the cgroup
# v2 CG, in bytes.
memcg_kmem()
{
	awk '$1 == "slab_unreclaimable" || $1 == "percpu" { s += $2 }
	     END { print s + 0 }' "$1/memory.stat"
}

# memcg_create CG: a cgroup v2 CG with the memory controller, removed at
# exit.
memcg_create()
{
	[ -f /sys/fs/cgroup/cgroup.controllers ] &&
		grep -qw memory /sys/fs/cgroup/cgroup.controllers ||
		{ echo "no cgroup v2 memory controller"; return 1; }
	echo +memory > /sys/fs/cgroup/cgroup.subtree_control 2> /dev/null
	mkdir "$1" || return 1
	defer rmdir "$1"
}

# hex_lse LABEL S TTL: one MPLS label stack entry, as hex.
hex_lse()
{
	printf '%08x' $((($1 << 12) | ($2 << 8) | $3))
}

# hex_bytes N: N bytes of 0xab, as hex.
hex_bytes()
{
	local s

	printf -v s '%*s' "$1" ''
	echo "${s// /ab}"
}

# dev_mac NS DEV
dev_mac()
{
	ip netns exec "$1" cat "/sys/class/net/$2/address"
}

# sniff_start NS DEV OUT [sniff.py OPTION...]: capture on DEV in NS (JSON
# lines into OUT) in the background, pid in SNIFF_PID; returns once the
# capture socket is bound. sniff_wait waits for it to finish.
SNIFF_PID=
sniff_start()
{
	local ns=$1 dev=$2 out=$3

	shift 3
	rm -f "$out.ready"
	bg_start SNIFF_PID ip netns exec "$ns" "$PYTHON" -S "$HELPERS/sniff.py" \
		--dev "$dev" --ready "$out.ready" "$@" > "$out"
	wait_file 20 "$out.ready" && return 0
	echo "the capture on $ns/$dev did not start"
	return 1
}

sniff_wait()
{
	wait "$SNIFF_PID"
}

# inject NS DEV [inject.py OPTION...]: send hand-built frames out of DEV.
inject()
{
	local ns=$1 dev=$2

	shift 2
	nsx "$ns" "$PYTHON" -S "$HELPERS/inject.py" --dev "$dev" "$@"
}
