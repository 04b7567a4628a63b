#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The mpls_pw generic netlink family under a fuzzer (nlfuzz/, built on the
# host by "make nlfuzz"): every command with random, missing, repeated,
# nested and wrongly sized attributes, truncated and oversized messages,
# bad flags, dumps of every object read with buffers of 8 KiB and less
# while changes are made between the reads, interleaved with valid
# requests that the fuzzer mirrors in a model of the configuration.
# Afterwards: the configuration equals the model, every refused request
# had an errno and an extack message, refused requests changed nothing,
# the module unloads once the netns is gone, and the kernel log is clean.
#
#   FZ (one netns, all of it the fuzzer's)
#  +----------------------------------------------------------------+
#  |  ac0 .. ac5  ===  ce0 .. ce5    veth pairs: ACs (either end)   |
#  |  core0       ===  p0            a veth pair: tunnel devices    |
#  |  vl0 (VLAN 100 on ce0)          an AC for tagged mode          |
#  |  lo                             not Ethernet: refused as AC    |
#  +----------------------------------------------------------------+
#
# MPLS_PW_NLFUZZ_COUNT requests (default 10000; 100000 with
# MPLS_PW_FULL=1, as "make check-debug" runs), MPLS_PW_NLFUZZ_SEED gives a
# run's seed back (the seed is in the first check's name).

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_mpls_pw

NLFUZZ=$SELFTEST_DIR/nlfuzz/nlfuzz
if [ "${MPLS_PW_FULL:-0}" = 1 ]; then
	COUNT=${MPLS_PW_NLFUZZ_COUNT:-100000}
else
	COUNT=${MPLS_PW_NLFUZZ_COUNT:-10000}
fi
SEED=${MPLS_PW_NLFUZZ_SEED:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}
OUT=$TMPD/nlfuzz.out
FZ=""
DEVS=()

ktap_plan 8
kmsg_mark nlfuzz

setup()
{
	local i

	if [ ! -x "$NLFUZZ" ]; then
		echo "$NLFUZZ is not built: make nlfuzz (on the host)"
		return 1
	fi
	setup_ns FZ || return 1
	MUST_FAILED=0
	DEVS=(lo)
	for i in 0 1 2 3 4 5; do
		must ip -n "$FZ" link add ac$i type veth peer name ce$i
		DEVS+=("ac$i" "ce$i")
	done
	must ip -n "$FZ" link add core0 type veth peer name p0
	DEVS+=(core0 p0)
	modprobe -q 8021q 2> /dev/null
	if run ip -n "$FZ" link add link ce0 name vl0 type vlan id 100; then
		DEVS+=(vl0:vlan)
	else
		echo "no VLAN device (8021q): tagged mode on a VLAN AC not fuzzed"
	fi
	for i in "${DEVS[@]}"; do
		[ "$i" = lo ] || must ip -n "$FZ" link set "${i%:vlan}" up
	done
	[ "$MUST_FAILED" = 0 ]
}

# run_fuzzer: the whole run, its KTAP into $OUT; the checks below read it.
FUZZ_RC=
run_fuzzer()
{
	local args=() d

	for d in "${DEVS[@]}"; do
		args+=(--dev "$d")
	done
	echo_cmd ip netns exec "$FZ" "$NLFUZZ" --seed "$SEED" \
		--count "$COUNT" "${args[@]}"
	ip netns exec "$FZ" "$NLFUZZ" --seed "$SEED" --count "$COUNT" \
		"${args[@]}" > "$OUT" 2>&1
	FUZZ_RC=$?
	# the figures, whatever the checks say
	grep -E '^# [0-9]+ requests in|^# refused|^# fuzzed: |^# model requests' \
		"$OUT" | sed 's/^# /# nlfuzz: /'
	[ -s "$OUT" ]
}

# fuzz_result N...: the fuzzer's own results N passed; its diagnostics
# and those results, and how to reproduce the run, if not.
fuzz_result()
{
	tool_results "$OUT" "$@" && return 0
	echo "exit status $FUZZ_RC; reproduce with: nlfuzz --seed $SEED --count $COUNT (devices: ${DEVS[*]})"
	return 1
}

# The module goes and comes back once the fuzzer's netns is deleted. Not
# with other scripts running beside this one: they would lose it.
rmmod_after()
{
	may_reload || return
	run ip netns del "$FZ" || return 1
	if ! run timeout 120 rmmod mpls_pw; then
		echo "rmmod mpls_pw failed"
		lsmod | grep -E '^mpls_pw' || true
		run insmod "$MPLS_PW_KO"
		return 1
	fi
	if ! slowwait 10 test ! -d /sys/module/mpls_pw; then
		echo "/sys/module/mpls_pw still exists after rmmod"
		return 1
	fi
	run insmod "$MPLS_PW_KO"
}

check "setup: a netns with veth ACs, a core veth, a VLAN device" setup ||
	ktap_bail "no topology to fuzz in"
run_fuzzer
check "nlfuzz: $COUNT requests sent (seed $SEED)" fuzz_result 1
check "nlfuzz: every refused request had an errno and an extack message" \
	fuzz_result 2
check "nlfuzz: the kernel answered as the model said; refused requests changed nothing" \
	fuzz_result 3 4
check "nlfuzz: dumps with buffers of 8 KiB and less, changes between reads" \
	fuzz_result 5
check "nlfuzz: the configuration dump equals the model" fuzz_result 6
check "netns deleted: rmmod mpls_pw, insmod again" rmmod_after
check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
