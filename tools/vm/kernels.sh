#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh [--debug] - print the kernel matrix: for each series (6.1 =
# bookworm, 6.12 = bookworm-backports) the newest kernel that has an image
# in /boot and headers in /lib/modules/KVER/build. MPLS_PW_SERIES overrides
# the list of series. With --debug, print the debug kernel's release
# instead (tools/vm/debug-kernel.sh), if it is built.

set -eu

if [ "${1:-}" = --debug ]; then
	here=$(cd "$(dirname "$0")" && pwd)
	d=$("$here/debug-kernel.sh" --dir) || exit 0
	cat "$d/release"
	exit 0
fi

series=${MPLS_PW_SERIES:-6.1 6.12}

for s in $series; do
	for b in /lib/modules/"$s".*/build; do
		[ -d "$b" ] || continue
		k=${b%/build}
		k=${k#/lib/modules/}
		[ -f "/boot/vmlinuz-$k" ] && echo "$k"
	done | sort -V | tail -n 1
done
