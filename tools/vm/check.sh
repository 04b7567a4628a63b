#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--timeout SEC] [--jobs N] [KVER[=TEST,...]...] - the pwctl host
# tests, then selftests/run_all.sh in the test VM on each KVER: all the
# tests, or only the TESTs named (default KVERs: the stock kernels of
# tools/vm/kernels.sh; "kernels.sh --debug" names the debug kernel). Up to
# N kernels run at a time (default: one per CPU, as TCG runs each VM's
# vCPUs on one host thread; one per two CPUs with MPLS_PW_TCG_THREAD=multi);
# the output streams, each line led by "[KVER] " when kernels run side by
# side. Then "pwctl (host): ..." and "kernel KVER: N passed, N failed, N
# skipped" per kernel and, last, the sums as "N passed, N failed, N
# skipped". A kernel whose guest log shows a problem, whose run timed out
# or stopped without totals, or whose runner failed without a failing
# test, gets one failure more. Exits 1 if anything failed.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "$here/../.." && pwd)
timeout=1500
jobs=
declare -A subset
summary=()
tpass=0
tfail=0
tskip=0

add() {
	summary+=("$1: $2 passed, $3 failed, $4 skipped")
	tpass=$((tpass + $2))
	tfail=$((tfail + $3))
	tskip=$((tskip + $4))
}

# The pwctl tests against a fake genetlink family: no module, no VM.
check_host() {
	local out=$tree/build/check-pwctl.out p f

	echo "==== pwctl (host) ===="
	make -s -C "$tree/tools/pwctl" check > "$out" 2>&1 || true
	cat "$out"
	read -r p f < <(sed -nE 's/^# ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' \
			"$out" | tail -n 1) || true
	if [ -z "${p:-}" ]; then
		echo "check: pwctl host tests: no totals"
		p=0 f=1
	fi
	add "pwctl (host)" "$p" "$f" 0
}

# One kernel's run: output in build/check-KVER.out (and on stdout when
# @stream), the runner's exit status in build/check-KVER.rc.
run_kernel() {
	local k=$1 stream=$2 rc limit tests=()

	[ -z "${subset[$k]:-}" ] || IFS=, read -r -a tests <<< "${subset[$k]}"
	# A script may take most of the run on the debug kernel (safety.sh:
	# 17 minutes; the rest is for boot, kmemleak scans and the kill's
	# grace), 15 minutes on a stock one (lifecycle.sh, the slowest: 4 to 6
	# minutes with another VM beside it).
	case $k in
	*-mpls-pw-debug) limit=$((timeout > 1200 ? timeout - 600 : timeout / 2)) ;;
	*)               limit=${MPLS_PW_TEST_TIMEOUT:-900} ;;
	esac
	"$here/run.sh" --kernel "$k" --timeout "$timeout" \
		--env "MPLS_PW_TEST_TIMEOUT=$limit" \
		--log "$tree/build/vm-$k.log" -- selftests/run_all.sh \
		"${tests[@]}" 2>&1 |
		if [ "$stream" = 1 ]; then
			tee "$tree/build/check-$k.out"
		else
			tee "$tree/build/check-$k.out" |
				sed -u "s/^/[$k] /"
		fi
	rc=${PIPESTATUS[0]}
	echo "$rc" > "$tree/build/check-$k.rc"
}

# Count one kernel's run.
collect_kernel() {
	local k=$1 out=$tree/build/check-$1.out rc totals p f s

	rc=$(cat "$tree/build/check-$k.rc")
	totals=$(sed -nE 's/^# totals: pass:([0-9]+) fail:([0-9]+) skip:([0-9]+)$/\1 \2 \3/p' \
		 "$out" | tail -n 1)
	if [ -n "$totals" ]; then
		read -r p f s <<< "$totals"
	else
		echo "check: $k: no totals from the guest"
		p=0 f=1 s=0
	fi
	if ! "$here/logcheck.sh" -q "$tree/build/vm-$k.log"; then
		echo "check: $k: guest kernel log problem (counted as a failure), see build/vm-$k.log"
		f=$((f + 1))
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "check: $k: runner exited $rc (counted as a failure)"
		f=$((f + 1))
	fi
	# CI shows only the end of the output: name what failed there.
	awk -v k="$k" '
		/^# #   [0-9.]+ s$/ { next }
		/^# # / { d2 = d1; d1 = $0; next }
		/^# not ok |^# ok .*# SKIP/ {
			if (d2 != "") print "check: " k ": " d2
			if (d1 != "") print "check: " k ": " d1
		}
		/^(# )?not ok |^# ok .*# SKIP/ { print "check: " k ": " $0 }
		{ d1 = d2 = "" }' "$out" | head -n 60
	add "kernel $k" "$p" "$f" "$s"
}

main() {
	local kvers=() k

	while [ $# -gt 0 ]; do
		case "$1" in
		--timeout) timeout=$2; shift 2 ;;
		--jobs)    jobs=$2; shift 2 ;;
		*)         break ;;
		esac
	done
	if [ $# -gt 0 ]; then
		for k in "$@"; do
			[ -n "${k%%=*}" ] || { echo "check: no kernel in \"$k\""; exit 1; }
			kvers+=("${k%%=*}")
			[ "$k" = "${k%%=*}" ] || subset[${k%%=*}]=${k#*=}
		done
	else
		mapfile -t kvers < <("$here/kernels.sh")
	fi
	[ ${#kvers[@]} -gt 0 ] || { echo "check: no kernels (make deps)"; exit 1; }
	if [ -z "$jobs" ]; then
		jobs=$(nproc)
		[ "${MPLS_PW_TCG_THREAD:-single}" = single ] ||
			jobs=$((jobs / 2))
		[ "$jobs" -ge 1 ] || jobs=1
	fi

	check_host
	mkdir -p "$tree/build"
	for k in "${kvers[@]}"; do
		[ -f "$tree/build/$k/mpls_pw.ko" ] ||
			echo "check: warning: build/$k/mpls_pw.ko missing (make modules-matrix)"
		rm -f "$tree/build/check-$k.rc"
		if [ "$jobs" = 1 ]; then
			echo "==== kernel $k ===="
			run_kernel "$k" 1
			continue
		fi
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n || true
		done
		echo "check: kernel $k: started $(date -u +%T)"
		run_kernel "$k" 0 &
	done
	wait
	for k in "${kvers[@]}"; do
		collect_kernel "$k"
	done
	echo "==== summary ===="
	printf '%s\n' "${summary[@]}"
	echo "$tpass passed, $tfail failed, $tskip skipped"
	[ "$tfail" -eq 0 ]
}

main "$@"; exit
