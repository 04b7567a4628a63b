#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# logcheck.sh [-q] FILE... - fail if a guest kernel log shows a problem:
# oops, BUG, WARNING, KASAN/UBSAN/KFENCE report, lockdep splat, RCU stall,
# hung task, kmemleak report, debugobjects or refcount tracker report,
# general protection fault, panic, or any other stack dump: a line that
# matches a pattern of tools/vm/log-patterns (the list selftests/lib.sh's
# kmsg_clean uses too) and none of its exceptions. Prints the offending
# lines (unless -q) and exits 1.
#
# logcheck.sh --patterns BAD ALLOW: write the patterns (one ERE a line)
# and the exceptions to the files BAD and ALLOW, for grep -f.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
patterns=$here/log-patterns

# split_patterns BAD ALLOW
split_patterns() {
	[ -r "$patterns" ] || { echo "logcheck: no $patterns" >&2; exit 2; }
	grep -Ev '^(#|!|[[:space:]]*$)' "$patterns" > "$1"
	sed -n 's/^!//p' "$patterns" > "$2"
	[ -s "$1" ] || { echo "logcheck: no patterns in $patterns" >&2; exit 2; }
}

if [ "${1:-}" = --patterns ]; then
	split_patterns "$2" "$3"
	exit 0
fi

quiet=
if [ "${1:-}" = -q ]; then
	quiet=1
	shift
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
split_patterns "$tmp/bad" "$tmp/allow"

status=0
for f in "$@"; do
	[ -f "$f" ] || continue
	# line numbers first, so that the exceptions see "N:line" (they are
	# not anchored at the start of a line)
	grep -Ean -f "$tmp/bad" -- "$f" | grep -Eav -f "$tmp/allow" \
		> "$tmp/hits" || true
	[ -s "$tmp/hits" ] || continue
	status=1
	[ -n "$quiet" ] || sed "s|^|$f:|" "$tmp/hits" | head -n 40
done
exit "$status"
