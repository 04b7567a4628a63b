#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# logcheck.sh [-q] FILE... - fail if a guest kernel log shows a problem:
# oops, BUG, WARNING, KASAN/UBSAN/KFENCE report, lockdep splat, RCU stall,
# hung task, kmemleak report, general protection fault, panic, or any other
# stack dump. Prints the offending lines (unless -q) and exits 1.

set -eu

pattern='Oops|BUG:|kernel BUG|WARNING:|KASAN|UBSAN|KFENCE|'
pattern+='possible circular locking|possible recursive locking|'
pattern+='inconsistent lock state|suspicious RCU usage|lockdep|'
pattern+='rcu.*detected stall|self-detected stall|stalls on CPUs|'
pattern+='blocked for more than|hung_task|unreferenced object|'
pattern+='general protection fault|Kernel panic|Call Trace:|'
pattern+='refcount_t:|list_(add|del) corruption|double fault|'
pattern+='Unable to handle kernel|stack-protector|soft lockup|hard LOCKUP'

quiet=
if [ "${1:-}" = -q ]; then
	quiet=1
	shift
fi

status=0
for f in "$@"; do
	[ -f "$f" ] || continue
	if [ -n "$quiet" ]; then
		grep -Eaq -- "$pattern" "$f" && status=1
	elif grep -Ean -- "$pattern" "$f" | sed "s|^|$f:|" | head -n 40 | grep .; then
		status=1
	fi
done
exit "$status"
