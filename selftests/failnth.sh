#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Allocation failures on every path that creates or changes something
# (nlfuzz --fail-nth, nlfuzz/failnth.c): each request of every command
# (ac add / set / del, pw add / set / del with primary, secondary and
# bypass roles, the control word, status signalling, tagged mode, an IPv6
# peer, switch add / del, vrrp set / del, link set mpls-input, net set) is
# sent with its n-th fault injection point failing
# (/proc/thread-self/fail-nth), n = 1, 2, ... until it passes them all.
# Each refusal carries an errno and leaves the configuration dump as it
# was; a fault the kernel does without (kmemleak's metadata, an rtnetlink
# event, the ack) leaves the change made whole; the last try does what the
# model of the configuration says. Then a netns is created with each
# allocation failing in turn (every pernet init, the module's among them),
# and the module is loaded with each allocation of finit_module() failing
# in turn (and left loaded). Nothing may leak (the runner's kmemleak scan)
# or reach the kernel log.
#
# Only the debug kernel has fault injection (CONFIG_FAULT_INJECTION,
# FAILSLAB, FAIL_PAGE_ALLOC, FAULT_INJECTION_DEBUG_FS); elsewhere this
# script is skipped.
#
#   FZ (one netns, all of it the test's)
#  +----------------------------------------------------------------+
#  |  ac0 .. ac3  ===  ce0 .. ce3    veth pairs: ACs (either end)   |
#  |  core0       ===  p0            a veth pair: tunnel devices    |
#  |  vl0 (VLAN 100 on ce3)          an AC for tagged mode          |
#  +----------------------------------------------------------------+
#
# The fault injection knobs (debugfs failslab/ and fail_page_alloc/) are
# set for the run and put back at exit: GFP_KERNEL allocations fail too
# (ignore-gfp-wait N, ignore-gfp-highmem N), without a report each
# (verbose 0: a stack dump per fault would be a "Call Trace:" in the log);
# single pages never fail (fail_page_alloc's min-order 1, its default: a
# percpu chunk that fails to populate dumps a stack). The stack filter
# (reject-start, reject-end) keeps one function's faults out: for the
# requests the slab's refill, ___slab_alloc (a page for a new slab, its
# memcg vector: faults the slab does without, there at one try and not at
# the next, which would move the counter past an allocation of the
# module's), then for netns creation and module load vmalloc, through
# __vmalloc_node_range_noprof (its failures dump a stack whatever verbose
# says).

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_root
[ -e /proc/self/fail-nth ] ||
	ktap_skip_all "no /proc/self/fail-nth: this kernel has no CONFIG_FAULT_INJECTION (the debug kernel has)"
FS=/sys/kernel/debug/failslab
FP=/sys/kernel/debug/fail_page_alloc
{ [ -d "$FS" ] && [ -d "$FP" ]; } ||
	ktap_skip_all "no $FS or $FP: this kernel lacks CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC or CONFIG_FAULT_INJECTION_DEBUG_FS"
[ -e "$FS/reject-start" ] ||
	ktap_skip_all "no $FS/reject-start: this kernel lacks CONFIG_FAULT_INJECTION_STACKTRACE_FILTER"
require_mpls_pw

NLFUZZ=$SELFTEST_DIR/nlfuzz/nlfuzz
REQ_OUT=$TMPD/requests.out
NS_OUT=$TMPD/netns.out
NS_MOD_OUT=$TMPD/netns-mpls_pw.out
KO_OUT=$TMPD/ko.out
FZ=""
DEVS=()

ktap_plan 7
kmsg_mark failnth

# fi_put FILE VALUE: a fault injection knob.
fi_put()
{
	echo_cmd "echo $2 > $1"
	echo "$2" > "$1"
}

# fi_keep FILE VALUE: fi_put, the old value put back at exit.
fi_keep()
{
	local old

	old=$(cat "$1") || return 1
	defer fi_put "$1" "$old"
	fi_put "$1" "$2"
}

# fi_set KNOB VALUE: fi_keep for failslab's and fail_page_alloc's KNOB.
fi_set()
{
	fi_keep "$FS/$1" "$2" && fi_keep "$FP/$1" "$2"
}

# sym_range SYMBOL: "START END" of a kernel function (the next symbol's
# address ends it).
sym_range()
{
	awk -v s="$1" '$3 == s { a = $1; next }
		a && $1 != a { print "0x" a, "0x" $1; exit }' /proc/kallsyms
}

# fi_reject FUNCTION: no fault with FUNCTION on the stack.
fi_reject()
{
	local range

	read -r -a range < <(sym_range "$1")
	if [ "${#range[@]}" != 2 ]; then
		echo "no $1 in /proc/kallsyms"
		return 1
	fi
	fi_put "$FS/reject-start" "${range[0]}" &&
		fi_put "$FS/reject-end" "${range[1]}" &&
		fi_put "$FP/reject-start" "${range[0]}" &&
		fi_put "$FP/reject-end" "${range[1]}"
}

# fi_require START END: only faults with a return address in [START, END)
# on the stack (fi_require 0 18446744073709551615: any).
fi_require()
{
	fi_put "$FS/require-start" "$1" && fi_put "$FS/require-end" "$2" &&
		fi_put "$FP/require-start" "$1" && fi_put "$FP/require-end" "$2"
}

# mod_range: "START END" of mpls_pw's memory, its text first.
mod_range()
{
	local addr core

	# name size refcount users state address
	addr=$(awk '$1 == "mpls_pw" { print $6 }' /proc/modules)
	core=$(cat /sys/module/mpls_pw/coresize) || return 1
	[ -n "$addr" ] && [ "$((addr))" != 0 ] || return 1
	printf '%s 0x%x\n' "$addr" $((addr + core))
}

setup()
{
	local i

	if [ ! -x "$NLFUZZ" ]; then
		echo "$NLFUZZ is not built: make nlfuzz (on the host)"
		return 1
	fi
	fi_set ignore-gfp-wait N &&
		fi_keep "$FP/ignore-gfp-highmem" N &&
		fi_keep "$FP/min-order" 1 &&
		fi_set verbose 0 &&
		fi_set stacktrace-depth 32 &&
		fi_set reject-start 0 &&
		fi_set reject-end 0 &&
		fi_set require-start 0 &&
		fi_set require-end 18446744073709551615 &&
		fi_reject ___slab_alloc || return 1

	setup_ns FZ || return 1
	MUST_FAILED=0
	for i in 0 1 2 3; do
		must ip -n "$FZ" link add "ac$i" type veth peer name "ce$i"
		DEVS+=("ac$i" "ce$i")
	done
	must ip -n "$FZ" link add core0 type veth peer name p0
	DEVS+=(core0 p0)
	modprobe -q 8021q 2> /dev/null
	must ip -n "$FZ" link add link ce3 name vl0 type vlan id 100
	DEVS+=(vl0:vlan)
	for i in "${DEVS[@]}"; do
		must ip -n "$FZ" link set "${i%:vlan}" up
	done
	[ "$MUST_FAILED" = 0 ]
}

# figures OUT WHAT [LABEL]: the program's count of fault points, whatever
# the checks say.
figures()
{
	[ -s "$1" ] && grep -E "^# $2" "$1" | sed "s/^# /# fail-nth: ${3:-}/"
	return 0
}

# run_requests: the requests, their KTAP into $REQ_OUT; the checks below
# read it.
run_requests()
{
	local args=() d

	for d in "${DEVS[@]}"; do
		args+=(--dev "$d")
	done
	echo_cmd ip netns exec "$FZ" "$NLFUZZ" --fail-nth "${args[@]}"
	ip netns exec "$FZ" "$NLFUZZ" --fail-nth "${args[@]}" > "$REQ_OUT" 2>&1
	figures "$REQ_OUT" '((ac|pw|switch|vrrp|link|net) [a-z]+ \(|all:|most)'
}

# Every pernet init of the kernel, the module's among them (and its exit
# when an init after it fails), in a netns that lives as long as its
# child. Then only the faults under the module's code: netns creation
# passes many points that come and go from one try to the next (slab
# refills, workers, uevents), which may move the counter past one of the
# module's; under the module's code alone they are few and stay put.
netns_test()
{
	local range

	fi_reject __vmalloc_node_range_noprof || return 1
	echo_cmd ip netns exec "$FZ" "$NLFUZZ" --fail-nth --netns
	ip netns exec "$FZ" "$NLFUZZ" --fail-nth --netns > "$NS_OUT" 2>&1 &&
		tool_results "$NS_OUT" 1 || return 1

	read -r -a range < <(mod_range)
	if [ "${#range[@]}" != 2 ]; then
		echo "no address of mpls_pw in /proc/modules"
		return 1
	fi
	fi_reject ___slab_alloc && fi_require "${range[@]}" || return 1
	echo_cmd ip netns exec "$FZ" "$NLFUZZ" --fail-nth --netns
	ip netns exec "$FZ" "$NLFUZZ" --fail-nth --netns > "$NS_MOD_OUT" 2>&1
	fi_require 0 18446744073709551615 || return 1
	tool_results "$NS_MOD_OUT" 1
}

# Unloaded, then finit_module() until it loads; the module is left
# loaded. Not with other scripts running beside this one: they would lose
# it.
ko_test()
{
	local rc

	may_reload || return
	fi_reject __vmalloc_node_range_noprof || return 1
	run timeout 120 rmmod mpls_pw || return 1
	if ! slowwait 10 test ! -d /sys/module/mpls_pw; then
		echo "/sys/module/mpls_pw still exists after rmmod"
		return 1
	fi
	echo_cmd "$NLFUZZ" --fail-nth --ko "$MPLS_PW_KO"
	"$NLFUZZ" --fail-nth --ko "$MPLS_PW_KO" > "$KO_OUT" 2>&1
	rc=$?
	if [ ! -d /sys/module/mpls_pw ]; then
		echo "mpls_pw is not loaded after the test"
		tool_results "$KO_OUT" 1
		run insmod "$MPLS_PW_KO"
		return 1
	fi
	# it works: an AC in the netns the module came back to
	pwc "$FZ" ac add dev ac0 &&
		ac_jq "$FZ" ac0 '.dev == "ac0"' > /dev/null || return 1
	[ "$rc" = 0 ] && tool_results "$KO_OUT" 1
}

check "setup: allocations fail on fail-nth, quietly; a netns with ACs, a core veth, a VLAN device" \
	setup || ktap_bail "no fault injection or no topology"
run_requests
check "every command: each injected failure answered; a request that still succeeded made its change whole" \
	tool_results "$REQ_OUT" 1
check "every command: the configuration unchanged after each refused request" \
	tool_results "$REQ_OUT" 2
MAX_N=$(sed -n 's/^.*ok 3 .*n up to \([0-9]*\).*/\1/p' "$REQ_OUT")
check "every command reached success as the model said (n up to ${MAX_N:-?})" \
	tool_results "$REQ_OUT" 3 4
check "netns creation with each allocation failing (all, then the module's), then it works" \
	netns_test
figures "$NS_OUT" 'netns creation'
figures "$NS_MOD_OUT" 'netns creation' 'under mpls_pw: '
check "module load with each allocation failing, then it works" ko_test
figures "$KO_OUT" 'module load'
check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

# every request's own figures, for whoever wants them
if [ -n "${MPLS_PW_ARTIFACTS:-}" ] && [ -d "$MPLS_PW_ARTIFACTS" ]; then
	for f in "$REQ_OUT" "$NS_OUT" "$NS_MOD_OUT" "$KO_OUT"; do
		[ -s "$f" ] && cp "$f" "$MPLS_PW_ARTIFACTS/failnth-${f##*/}"
	done
fi

ktap_finish
