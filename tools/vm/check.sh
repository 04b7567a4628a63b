#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--timeout SEC] [KVER...] - run selftests/run_all.sh in the test
# VM on each kernel of the matrix (default: tools/vm/kernels.sh), then print
# "kernel KVER: N passed, N failed, N skipped" per kernel and, last, the
# sums as "N passed, N failed, N skipped". A kernel whose guest log shows a
# problem, whose run timed out or stopped without totals, or whose runner
# failed without a failing test, gets one failure more. Exits 1 if
# anything failed.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "$here/../.." && pwd)
timeout=1500
summary=()
tpass=0
tfail=0
tskip=0

check_kernel() {
	local k=$1 log=$tree/build/vm-$1.log out=$tree/build/check-$1.out
	local rc totals p f s

	echo "==== kernel $k ===="
	[ -f "$tree/build/$k/mpls_pw.ko" ] ||
		echo "check: warning: build/$k/mpls_pw.ko missing (make modules-matrix)"
	"$here/run.sh" --kernel "$k" --timeout "$timeout" --log "$log" \
		-- selftests/run_all.sh 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}

	totals=$(sed -nE 's/^# totals: pass:([0-9]+) fail:([0-9]+) skip:([0-9]+)$/\1 \2 \3/p' \
		 "$out" | tail -n 1)
	if [ -n "$totals" ]; then
		read -r p f s <<< "$totals"
	else
		echo "check: $k: no totals from the guest"
		p=0 f=1 s=0
	fi
	if ! "$here/logcheck.sh" -q "$log"; then
		echo "check: $k: guest kernel log problem (counted as a failure), see $log"
		f=$((f + 1))
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "check: $k: runner exited $rc (counted as a failure)"
		f=$((f + 1))
	fi
	summary+=("kernel $k: $p passed, $f failed, $s skipped")
	tpass=$((tpass + p))
	tfail=$((tfail + f))
	tskip=$((tskip + s))
}

main() {
	local kvers=() k

	if [ "${1:-}" = --timeout ]; then
		timeout=$2
		shift 2
	fi
	if [ $# -gt 0 ]; then
		kvers=("$@")
	else
		mapfile -t kvers < <("$here/kernels.sh")
	fi
	[ ${#kvers[@]} -gt 0 ] || { echo "check: no kernels (make deps)"; exit 1; }

	for k in "${kvers[@]}"; do
		check_kernel "$k"
	done
	echo "==== summary ===="
	printf '%s\n' "${summary[@]}"
	echo "$tpass passed, $tfail failed, $tskip skipped"
	[ "$tfail" -eq 0 ]
}

main "$@"
