#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_all.sh [TEST...] - run the mpls_pw selftests (inside the test VM:
# tools/vm/run.sh -- selftests/run_all.sh).
#
# Runs every selftests/*.sh except the libraries (lib*.sh), run_all.sh,
# demo.sh and bench.sh, and on a kernel without fault injection
# failnth.sh (or only the TESTs named), each with a time limit
# (MPLS_PW_TEST_TIMEOUT seconds, default 600), MPLS_PW_TEST_JOBS of them
# at a time (default 1; those that unload the module first, alone). A
# script of the suite that is not executable is a failure, not left out.
# Prints a KTAP report with each script as a subtest (in order, its output
# whole once it ended) and its time, then "# totals: pass:N fail:N skip:N"
# counted from the individual result lines of all scripts. Exits 1 if
# anything failed.
#
# What fails besides a failing check:
#  - a skipped check, and a script that skips as a whole ("1..0 # SKIP",
#    exit 4): skipped checks are counted under "skip" and, unless
#    MPLS_PW_SKIP_OK=1 (a developer running one script by hand, without
#    the module or a tool), under "fail" as well;
#  - fewer results than the script's plan ("1..N") promised, more than it
#    promised, or no plan at all;
#  - a script that exits non-zero (other than 4, skip) without a failing
#    line, or is killed at its time limit;
#  - with kmemleak (/sys/kernel/debug/kmemleak, the debug kernel) and one
#    script at a time: an unreferenced object found after the script ends
#    (the leak list is cleared before each script, scanned twice after
#    it); the report is printed as the script's diagnostics.

set -eu

dir=$(cd "$(dirname "$0")" && pwd)
limit=${MPLS_PW_TEST_TIMEOUT:-600}
skip_ok=${MPLS_PW_SKIP_OK:-0}
kmemleak=/sys/kernel/debug/kmemleak
# Scripts may run side by side, each in namespaces of its own (TCG keeps
# one CPU busy per script); the $exclusive ones unload the module: they
# run alone. One at a time by default: under QEMU's multi-threaded TCG a
# static key flipped by one script (ping's timestamps, a clsact qdisc)
# while another's traffic runs the patched code can oops on the int3 of
# the kernel's text patching (seen once on 6.12, in netif_rx_internal).
jobs=${MPLS_PW_TEST_JOBS:-1}
exclusive="lifecycle.sh nlfuzz.sh failnth.sh teardown.sh churn.sh"
# Scripts that need /proc/self/fail-nth (CONFIG_FAULT_INJECTION): the
# stock kernels have none, so the suite leaves them out there.
fault_injection="failnth.sh"
tests=()
work=
pass=0
fail=0
skip=0
c_pass=0
c_fail=0
c_skip=0
c_why=
c_took=0

# list_tests: the suite, one name a line; a script that is not executable
# is listed too (launch reports it as a failure).
list_tests() {
	local f

	for f in "$dir"/*.sh; do
		case "${f##*/}" in
		lib*.sh|run_all.sh|demo.sh|bench.sh) continue ;;
		esac
		[[ " $fault_injection " == *" ${f##*/} "* ]] &&
			[ ! -e /proc/self/fail-nth ] && continue
		echo "${f##*/}"
	done
}

# count_results RAW RC: the script's own results into c_pass, c_fail and
# c_skip (skips counted as failures too unless $skip_ok), and in c_why
# what made the script fail besides its failing lines.
count_results() {
	local raw=$1 rc=$2 p f s planned n

	p=$(grep -Eic '^ok [0-9]+' "$raw" || true)
	s=$(grep -Eic '^(not )?ok [0-9]+.*#[[:space:]]*skip' "$raw" || true)
	f=$(grep -Eic '^not ok [0-9]+' "$raw" || true)
	f=$((f - $(grep -Eic '^not ok [0-9]+.*#[[:space:]]*skip' "$raw" || true)))
	p=$((p - $(grep -Eic '^ok [0-9]+.*#[[:space:]]*skip' "$raw" || true)))
	planned=$(sed -nE 's/^1\.\.([0-9]+).*/\1/p' "$raw" | head -n 1)
	n=$((p + f + s))
	c_why=
	if [ -z "$planned" ]; then
		c_why+=" no plan;"
		f=$((f + 1))
	elif [ "$planned" = 0 ]; then
		# "1..0 # SKIP why": the whole script skipped
		c_why+=" skipped whole: $(sed -nE \
			's/^1\.\.0[[:space:]]*#[[:space:]]*(SKIP[[:space:]]*)?//Ip' \
			"$raw" | head -n 1);"
		s=$((s + 1))
	elif [ "$n" -lt "$planned" ]; then
		c_why+=" $((planned - n)) of $planned planned checks not run;"
		f=$((f + planned - n))
	elif [ "$n" -gt "$planned" ]; then
		c_why+=" $n results for $planned planned;"
		f=$((f + 1))
	fi
	case "$rc" in
	0|4) ;;
	124) c_why+=" killed after $limit s;" ;;
	137) if [ "$c_took" -ge "$limit" ]; then
		c_why+=" killed after $limit s;"
	     else
		c_why+=" exit 137 (SIGKILL);"
	     fi ;;
	1)   [ "$f" -gt 0 ] || c_why+=" exit 1 without a failing line;" ;;
	*)   c_why+=" exit $rc;" ;;
	esac
	case "$rc" in
	0|4) ;;
	*) [ "$f" -gt 0 ] || f=1 ;;
	esac
	if [ "$s" -gt 0 ] && [ "$skip_ok" != 1 ]; then
		c_why+=" $s skipped, counted as failed;"
		f=$((f + s))
	fi
	c_pass=$p c_fail=$f c_skip=$s
}

# kmemleak_on: per-script leak scans (one script at a time only: with
# several, a leak could not be told whose it is).
kmemleak_on() {
	[ "$jobs" = 1 ] && [ -w "$kmemleak" ]
}

kmemleak_clear() {
	echo clear > "$kmemleak" 2> /dev/null || true
}

# kmemleak_report OUT: scan (twice: an object is reported at the second
# scan that finds it unreferenced) and put the report, if any, in OUT.
kmemleak_report() {
	echo scan > "$kmemleak" 2> /dev/null || true
	sleep "${MPLS_PW_KMEMLEAK_PAUSE:-1}"
	echo scan > "$kmemleak" 2> /dev/null || true
	cat "$kmemleak" > "$1" 2> /dev/null || true
	grep -q 'unreferenced object' "$1"
}

# cpu_ticks: "busy idle" jiffies of all CPUs so far (/proc/stat).
cpu_ticks() {
	awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6; exit }' \
		/proc/stat
}

# idle_since "BUSY IDLE": the share of CPU time idle since then, in % (a
# script that waits on timers is idle; one that keeps TCG busy is not).
idle_since() {
	local b0 i0 b1 i1

	read -r b0 i0 <<< "$1"
	read -r b1 i1 < <(cpu_ticks)
	echo $(( (i1 - i0) * 100 / (b1 - b0 + i1 - i0 + 1) ))
}

# run_one N TEST: the script's report block in $work/N.block, its counts
# ("pass fail skip") in $work/N.counts, its time in $work/N.time;
# $work/N.done when they are there.
run_one() {
	local n=$1 t=$2 raw rc start=$SECONDS leaks ticks

	ticks=$(cpu_ticks)
	raw=$work/$n.raw
	leaks=$work/$n.kmemleak
	! kmemleak_on || kmemleak_clear
	{
		echo "# selftests: mpls_pw: $t"
		rc=0
		(cd "$dir" && exec timeout -k 60 "$limit" "./$t") < /dev/null \
			> "$raw" 2>&1 || rc=$?
		sed 's/^/# /' "$raw"
		c_took=$((SECONDS - start))
		count_results "$raw" "$rc"
		if kmemleak_on && kmemleak_report "$leaks"; then
			echo "# kmemleak after $t: $(grep -c 'unreferenced object' \
				"$leaks") unreferenced objects:"
			sed 's/^/# /' "$leaks"
			c_why+=" kmemleak report;"
			c_fail=$((c_fail + 1))
		fi
		c_why=${c_why%;}
		if [ "$c_fail" = 0 ] && [ "$rc" = 4 ]; then
			# skips allowed (MPLS_PW_SKIP_OK=1)
			echo "ok $n selftests: mpls_pw: $t # SKIP${c_why}"
		elif [ "$c_fail" = 0 ]; then
			echo "ok $n selftests: mpls_pw: $t"
		else
			echo "not ok $n selftests: mpls_pw: $t #${c_why:- failed}"
		fi
		echo "# $t: pass:$c_pass fail:$c_fail skip:$c_skip ($((SECONDS - start)) s, $(idle_since "$ticks")% idle)"
	} > "$work/$n.block"
	echo "$c_pass $c_fail $c_skip" > "$work/$n.counts"
	echo "$((SECONDS - start))" > "$work/$n.time"
	touch "$work/$n.done"
}

# not_run N TEST WHY: a script that cannot run is a failure.
not_run() {
	echo "not ok $1 selftests: mpls_pw: $2 # $3" > "$work/$1.block"
	echo "0 1 0" > "$work/$1.counts"
	touch "$work/$1.done"
}

# Start the scripts: the exclusive ones first, alone, then the others up
# to $jobs at a time.
launch() {
	local n t

	for n in "${!tests[@]}"; do
		t=${tests[$n]}
		if [ ! -e "$dir/$t" ]; then
			not_run "$((n + 1))" "$t" "not found"
		elif [ ! -x "$dir/$t" ]; then
			not_run "$((n + 1))" "$t" \
				"not executable (chmod +x, or name it lib*.sh)"
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
	local t n p f s lpid times=()

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
	if [ "$skip_ok" = 1 ]; then
		echo "# MPLS_PW_SKIP_OK=1: skipped checks do not fail the run"
	else
		echo "# skipped checks count as failures (MPLS_PW_SKIP_OK=1: they do not)"
	fi
	if [ $# = 0 ] && [ ! -e /proc/self/fail-nth ]; then
		echo "# not on this kernel, which has no fault injection" \
		     "(the debug kernel runs them): $fault_injection"
	fi
	if kmemleak_on; then
		# no periodic scan in the background: under TCG one takes
		# minutes of the CPU the tests run on
		echo scan=off > "$kmemleak" 2> /dev/null || true
		echo "# kmemleak: scanned after each script, a report fails it"
	elif [ -w "$kmemleak" ]; then
		echo "# kmemleak: not per script with MPLS_PW_TEST_JOBS=$jobs"
	fi
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
		[ ! -e "$work/$n.time" ] ||
			times+=("$(cat "$work/$n.time") ${tests[$((n - 1))]%.sh}")
	done
	wait
	rm -rf "$work"
	if [ ${#times[@]} -gt 0 ]; then
		echo "# times (s): $(printf '%s\n' "${times[@]}" | sort -rn |
			awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')"
	fi
	if [ "$skip" -gt 0 ] && [ "$skip_ok" != 1 ]; then
		echo "# $skip skipped checks are counted as failed too"
	fi
	echo "# totals: pass:$pass fail:$fail skip:$skip"
	[ "$fail" -eq 0 ]
}

main "$@"; exit
