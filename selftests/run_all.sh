#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_all.sh [TEST...] - run the mpls_pw selftests (inside the test VM:
# tools/vm/run.sh -- selftests/run_all.sh).
#
# Runs every executable selftests/*.sh except lib.sh, run_all.sh, demo.sh
# and bench.sh (or only the TESTs named), each with a time limit
# (MPLS_PW_TEST_TIMEOUT seconds, default 600). Prints a KTAP report with
# each script as a subtest and its time, then "# totals: pass:N fail:N
# skip:N" counted from the individual result lines of all scripts. A
# script that exits non-zero (other than 4, skip) without a failing line,
# or stops before its plan is complete, adds failures. Exits 1 if anything
# failed.

set -eu

dir=$(cd "$(dirname "$0")" && pwd)
limit=${MPLS_PW_TEST_TIMEOUT:-600}
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

run_one() {
	local n=$1 t=$2 raw rc start=$SECONDS

	raw=$(mktemp)
	echo "# selftests: mpls_pw: $t"
	{
		rc=0
		(cd "$dir" && exec timeout -k 10 "$limit" "./$t") < /dev/null 2>&1 ||
			rc=$?
		echo "$rc" > "$raw.rc"
	} | tee "$raw" | sed -u 's/^/# /'
	rc=$(cat "$raw.rc")
	count_results "$raw" "$rc"
	rm -f "$raw" "$raw.rc"

	case "$rc" in
	0)   echo "ok $n selftests: mpls_pw: $t" ;;
	4)   echo "ok $n selftests: mpls_pw: $t # SKIP" ;;
	124) echo "not ok $n selftests: mpls_pw: $t # TIMEOUT $limit seconds" ;;
	*)   echo "not ok $n selftests: mpls_pw: $t # exit=$rc" ;;
	esac
	echo "# $t: pass:$c_pass fail:$c_fail skip:$c_skip ($((SECONDS - start)) s)"
}

main() {
	local tests=() t n=0

	if [ $# -gt 0 ]; then
		for t in "$@"; do
			t=${t##*/}
			tests+=("${t%.sh}.sh")
		done
	else
		mapfile -t tests < <(list_tests)
	fi

	echo "TAP version 13"
	echo "1..${#tests[@]}"
	for t in "${tests[@]}"; do
		n=$((n + 1))
		if [ ! -x "$dir/$t" ]; then
			echo "not ok $n selftests: mpls_pw: $t # not found"
			fail=$((fail + 1))
			continue
		fi
		run_one "$n" "$t"
	done
	echo "# totals: pass:$pass fail:$fail skip:$skip"
	[ "$fail" -eq 0 ]
}

main "$@"
