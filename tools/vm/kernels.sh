#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh - print the kernel matrix: for each series (6.1 = bookworm,
# 6.12 = bookworm-backports) the newest kernel that has an image in /boot
# and headers in /lib/modules/KVER/build. MPLS_PW_SERIES overrides the list
# of series.

set -eu

series=${MPLS_PW_SERIES:-6.1 6.12}

for s in $series; do
	for b in /lib/modules/"$s".*/build; do
		[ -d "$b" ] || continue
		k=${b%/build}
		k=${k#/lib/modules/}
		[ -f "/boot/vmlinuz-$k" ] && echo "$k"
	done | sort -V | tail -n 1
done
