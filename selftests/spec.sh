#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# spec.sh - the netlink spec, the uapi header and the kernel's policies
# describe the same family.
#
#   Documentation/netlink/mpls_pw.yaml  (the family, ynl spec format)
#   uapi/linux/mpls_pw.h                (the contract, by hand)
#   kmod/netlink.c                      (policies and ops table, by hand)
#
# tools/nlspec-check.py compares the three. This runs it on the tree, then
# on copies with one deliberate drift each, which it must catch: a check
# that cannot fail proves nothing. Needs python3 and its yaml module, no
# module and no root, so it runs on the host as well as in the VM.
#
# shellcheck disable=SC2317 # check functions are called through check()

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

TREE=$(cd "$SELFTEST_DIR/.." && pwd)
CHECKER=$TREE/tools/nlspec-check.py
SPEC=$TREE/Documentation/netlink/mpls_pw.yaml
HDR=$TREE/uapi/linux/mpls_pw.h
POL=$TREE/kmod/netlink.c

# The tree as it is: every drift is a failure, warnings are shown.
tree_agrees()
{
	"$PYTHON" "$CHECKER" --spec "$SPEC" --header "$HDR" --policy "$POL" \
		> "$TMPD/tree.out" 2>&1
	local rc=$?

	cat "$TMPD/tree.out"
	return "$rc"
}

# mutate KIND DIR: apply one drift to the copies in DIR. Exits 3 when the
# pattern it edits is not there (the sources changed under the test).
mutate()
{
	"$PYTHON" - "$@" <<'EOF'
import re
import sys

import yaml

kind, d = sys.argv[1], sys.argv[2]
files = {'h': d + '/mpls_pw.h', 'c': d + '/netlink.c',
         'y': d + '/mpls_pw.yaml'}


def sub(f, pattern, repl, flags=0):
    text = open(files[f]).read()
    new, n = re.subn(pattern, repl, text, count=1, flags=flags)
    if not n:
        print(f"mutation {kind}: no match for {pattern!r}")
        sys.exit(3)
    open(files[f], 'w').write(new)


def spec_edit(fn):
    y = yaml.safe_load(open(files['y']))
    if not fn(y):
        print(f"mutation {kind}: nothing to edit in the spec")
        sys.exit(3)
    yaml.safe_dump(y, open(files['y'], 'w'), sort_keys=False)


def first_ranged(y):
    for s in y['attribute-sets']:
        for a in s['attributes']:
            if 'min' in a.get('checks', {}) or 'max' in a.get('checks', {}):
                return a
    return None


def drop_checks(y):
    a = first_ranged(y)
    if a:
        del a['checks']
    return a


def bump_const(y):
    for d in y['definitions']:
        if d['type'] == 'const' and isinstance(d['value'], int):
            d['value'] += 1
            return True
    return False


def drop_doc(y):
    for s in y['attribute-sets']:
        for a in s['attributes']:
            if 'type' in a and a.pop('doc', None):
                return True
    return False


if kind == 'header-attr':
    sub('h', r'(\n\tMPLS_PW_PW_A_PAD,)',
        r'\n\tMPLS_PW_PW_A_DRIFT,\t/* u8 bool, in/out */\1')
elif kind == 'header-enum':
    sub('h', r'MPLS_PW_ROLE_SECONDARY,', 'MPLS_PW_ROLE_DRIFT,')
    sub('h', r'MPLS_PW_ROLE_BYPASS,', 'MPLS_PW_ROLE_SECONDARY,')
    sub('h', r'MPLS_PW_ROLE_DRIFT,', 'MPLS_PW_ROLE_BYPASS,')
elif kind == 'policy-range':
    sub('c', r'(NLA_POLICY_(?:MIN|MAX|RANGE)\(NLA_U\d+,\s*)([^,)]+)',
        r'\1(\2) + 1')
elif kind == 'policy-read-only':
    sub('c', r'(\]\s*=\s*)PW_NLA_READ_ONLY\b', r'\1{ .type = NLA_U32 }')
elif kind == 'ops-flags':
    sub('c', r'\n\s*\.flags\s*=\s*GENL_UNS_ADMIN_PERM,', '')
elif kind == 'spec-const':
    spec_edit(bump_const)
elif kind == 'spec-checks':
    spec_edit(drop_checks)
elif kind == 'spec-doc':
    spec_edit(drop_doc)
else:
    print(f"unknown mutation {kind}")
    sys.exit(3)
EOF
}

# drift_caught KIND PATTERN: on fresh copies with drift KIND, the checker
# must fail and say PATTERN.
drift_caught()
{
	local kind=$1 pattern=$2 d=$TMPD/$1 rc

	mkdir -p "$d"
	cp "$SPEC" "$HDR" "$POL" "$d/"
	mutate "$kind" "$d" || return 1
	"$PYTHON" "$CHECKER" --spec "$d/mpls_pw.yaml" --header "$d/mpls_pw.h" \
		--policy "$d/netlink.c" > "$d/out" 2>&1
	rc=$?
	if [ "$rc" != 1 ]; then
		cat "$d/out"
		echo "drift $kind: checker exited $rc, expected 1"
		return 1
	fi
	if ! grep -E "^# .*$pattern" "$d/out"; then
		cat "$d/out"
		echo "drift $kind: no diagnostic matching '$pattern'"
		return 1
	fi
}

command -v "$PYTHON" > /dev/null || ktap_skip_all "$PYTHON is not installed"
"$PYTHON" -c 'import yaml' 2> /dev/null ||
	ktap_skip_all "python3 yaml module (python3-yaml) is not installed"

ktap_plan 9

check "spec: YAML spec, uapi header and kernel policies agree" tree_agrees
diag "$(grep '^# warning' "$TMPD/tree.out" | sed 's/^# //')"

check "spec: drift caught: header attribute not in the spec" \
	drift_caught header-attr 'MPLS_PW_PW_A_DRIFT in the header, not in the spec'
check "spec: drift caught: header enum values swapped" \
	drift_caught header-enum 'MPLS_PW_ROLE_.* in the header, [0-9]+ in the spec'
check "spec: drift caught: policy range changed" \
	drift_caught policy-range 'range .* in the kernel'
check "spec: drift caught: read-only attribute accepted by a policy" \
	drift_caught policy-read-only 'accepted by the kernel, Read-only in the spec'
check "spec: drift caught: admin permission dropped from an op" \
	drift_caught ops-flags 'flags .* in the spec, .* in the kernel'
check "spec: drift caught: spec constant changed" \
	drift_caught spec-const 'const .* in the header, .* in the spec'
check "spec: drift caught: spec range check removed" \
	drift_caught spec-checks 'range .* in the spec'
check "spec: drift caught: attribute doc removed" \
	drift_caught spec-doc 'no doc'

ktap_finish
