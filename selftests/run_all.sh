#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_all.sh [TEST...] - run the mpls_pw selftests (inside the test VM:
# tools/vm/run.sh -- selftests/run_all.sh).
#
# Runs every executable selftests/*.sh except lib.sh, run_all.sh, demo.sh
# and bench.sh (or only the TESTs named), each with a time limit
# (MPLS_PW_TEST_TIMEOUT seconds, default 600), MPLS_PW_TEST_JOBS of them
# at a time (default 1; lifecycle.sh first, alone). Prints a KTAP
# report with each script as a subtest (in order, its output whole once it
# ended) and its time, then "# totals: pass:N fail:N skip:N" counted from
# the individual result lines of all scripts. A script that exits non-zero
# (other than 4, skip) without a failing line, or stops before its plan is
# complete, adds failures. Exits 1 if anything failed.

set -eu

dir=$(cd "$(dirname "$0")" && pwd)
limit=${MPLS_PW_TEST_TIMEOUT:-600}
# Scripts may run side by side, each in namespaces of its own (TCG keeps
# one CPU busy per script); lifecycle.sh unloads the module: it runs
# alone. One at a time by default: under QEMU's multi-threaded TCG a
# static key flipped by one script (ping's timestamps, a clsact qdisc)
# while another's traffic runs the patched code can oops on the int3 of
# the kernel's text patching (seen once on 6.12, in netif_rx_internal).
jobs=${MPLS_PW_TEST_JOBS:-1}
exclusive="lifecycle.sh"
tests=()
work=
pass=0
fail=0
skip=0
c_pass=0
c_fail=0
c_skip=0

list_tests() {
	local f

	for f in "$dir"/*.sh; do
		case "${f##*/}" in
		lib.sh|run_all.sh|demo.sh|bench.sh) continue ;;
		esac
		[ -x "$f" ] && echo "${f##*/}"
	done
}

# count_results RAW RC: the script's own results into c_pass, c_fail and
# c_skip, added to the totals.
count_results() {
	local raw=$1 rc=$2 p f s planned missing

	p=$(grep -Eic '^ok [0-9]+' "$raw" || true)
	s=$(grep -Eic '^(not )?ok [0-9]+.*#[[:space:]]*skip' "$raw" || true)
	f=$(grep -Eic '^not ok [0-9]+' "$raw" || true)
	f=$((f - $(grep -Eic '^not ok [0-9]+.*#[[:space:]]*skip' "$raw" || true)))
	p=$((p - $(grep -Eic '^ok [0-9]+.*#[[:space:]]*skip' "$raw" || true)))
	planned=$(sed -nE 's/^1\.\.([0-9]+).*/\1/p' "$raw" | head -n 1)
	missing=$(( ${planned:-0} - p - f - s ))
	if [ "$missing" -gt 0 ]; then
		if [ "$rc" = 4 ]; then
			s=$((s + missing))
		else
			f=$((f + missing))
		fi
	fi
	case "$rc" in
	0) [ $((p + f + s)) -gt 0 ] || p=1 ;;
	4) [ $((p + f + s)) -gt 0 ] || s=1 ;;
	*) [ "$f" -gt 0 ] || f=1 ;;
	esac
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
	c_pass=$p c_fail=$f c_skip=$s
}

# run_one N TEST: the script's report block in $work/N.block, its counts
# ("pass fail skip") in $work/N.counts; $work/N.done when both are there.
run_one() {
	local n=$1 t=$2 raw rc start=$SECONDS

	raw=$work/$n.raw
	{
		echo "# selftests: mpls_pw: $t"
		rc=0
		(cd "$dir" && exec timeout -k 10 "$limit" "./$t") < /dev/null \
			> "$raw" 2>&1 || rc=$?
		sed 's/^/# /' "$raw"
		count_results "$raw" "$rc"
		case "$rc" in
		0)   echo "ok $n selftests: mpls_pw: $t" ;;
		4)   echo "ok $n selftests: mpls_pw: $t # SKIP" ;;
		124) echo "not ok $n selftests: mpls_pw: $t # TIMEOUT $limit seconds" ;;
		*)   echo "not ok $n selftests: mpls_pw: $t # exit=$rc" ;;
		esac
		echo "# $t: pass:$c_pass fail:$c_fail skip:$c_skip ($((SECONDS - start)) s)"
	} > "$work/$n.block"
	echo "$c_pass $c_fail $c_skip" > "$work/$n.counts"
	touch "$work/$n.done"
}

# Start the scripts: the exclusive ones first, alone, then the others up
# to $jobs at a time.
launch() {
	local n t

	for n in "${!tests[@]}"; do
		t=${tests[$n]}
		if [ ! -x "$dir/$t" ]; then
			echo "not ok $((n + 1)) selftests: mpls_pw: $t # not found" \
				> "$work/$((n + 1)).block"
			echo "0 1 0" > "$work/$((n + 1)).counts"
			touch "$work/$((n + 1)).done"
		elif [[ " $exclusive " == *" $t "* ]]; then
			run_one "$((n + 1))" "$t"
		fi
	done
	for n in "${!tests[@]}"; do
		t=${tests[$n]}
		[ -x "$dir/$t" ] && [[ " $exclusive " != *" $t "* ]] || continue
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n || true
		done
		run_one "$((n + 1))" "$t" &
	done
	wait
}

main() {
	local t n p f s lpid

	if [ $# -gt 0 ]; then
		for t in "$@"; do
			t=${t##*/}
			tests+=("${t%.sh}.sh")
		done
	else
		mapfile -t tests < <(list_tests)
	fi

	work=$(mktemp -d)
	echo "TAP version 13"
	echo "1..${#tests[@]}"
	launch &
	lpid=$!
	# the reports in order, each as soon as it and those before it are done
	for n in $(seq 1 ${#tests[@]}); do
		while [ ! -e "$work/$n.done" ] && kill -0 "$lpid" 2> /dev/null; do
			sleep 1
		done
		if [ ! -e "$work/$n.done" ]; then
			echo "not ok $n selftests: mpls_pw: ${tests[$((n - 1))]} # not run"
			fail=$((fail + 1))
			continue
		fi
		cat "$work/$n.block"
		read -r p f s < "$work/$n.counts"
		pass=$((pass + p))
		fail=$((fail + f))
		skip=$((skip + s))
	done
	wait
	rm -rf "$work"
	echo "# totals: pass:$pass fail:$fail skip:$skip"
	[ "$fail" -eq 0 ]
}

main "$@"
