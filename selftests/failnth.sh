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
# model of the configuration says. The same requests then run again in a
# netns of their own with faults only under the module's code, where each
# command that allocates must be refused with ENOMEM at least once. Then a
# netns is created with each allocation failing in turn (every pernet
# init, the module's among them; then the module's alone), and the module
# is loaded with each allocation of finit_module() failing in turn, then
# each of its init's alone (and left loaded). Nothing may leak (the
# runner's kmemleak scan) or reach the kernel log.
#
# Only the debug kernel has fault injection (CONFIG_FAULT_INJECTION,
# FAILSLAB, FAIL_PAGE_ALLOC, FAULT_INJECTION_DEBUG_FS); elsewhere this
# script is skipped.
#
#   FZ, FZM (two netns, all of them the test's, alike)
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
# percpu chunk that fails to populate dumps a stack).
#
# The stack filter (reject-start, reject-end) keeps faults out, with one
# range per knob. Failslab's, set once for every pass, keeps out three
# functions and what the kernel lays out between them (on 6.12 the rest
# of mm/percpu.c, the user memory code, mm/vmalloc.c, the page allocator,
# the start of mm/slub.c: krealloc() and the slab allocations of page
# faults and mmap never fail either; fi_reject checks that no entry point
# of the slab lies in there):
#   pcpu_create_chunk   a new percpu chunk: when it fails, the percpu
#                       allocation that wanted it warns with a stack dump
#                       (unless __GFP_NOWARN, which the module's counters
#                       and dst caches, netns creation's MIBs do not pass)
#   __vmalloc_node_range_noprof
#                       vmalloc: its failures dump a stack too (module
#                       load, pernet inits)
#   ___slab_alloc       the slab's refill, its memcg vector: faults the
#                       slab does without, there at one try and not at the
#                       next, which would move the counter past an
#                       allocation of the module's
# Fail_page_alloc's keeps out the slab's refill (its pages) for the
# requests and for the passes under the module's code, vmalloc's pages for
# netns creation and module load.

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
REQ_MOD_OUT=$TMPD/requests-mpls_pw.out
NS_OUT=$TMPD/netns.out
NS_MOD_OUT=$TMPD/netns-mpls_pw.out
KO_OUT=$TMPD/ko.out
KO_INIT_OUT=$TMPD/ko-init.out
FZ=""
FZM=""
DEVS=()

ktap_plan 9
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

# The allocators' entry points, frames of every fault's stack that a reject
# range must not hold (all the faults would go): the slab's for $FS, the
# page allocator's for $FP.
SLAB_ENTRIES="should_failslab __kmalloc_cache_noprof __kmalloc_cache_node_noprof
	__kmalloc_noprof __kmalloc_node_noprof __kmalloc_node_track_caller_noprof
	kmem_cache_alloc_noprof kmem_cache_alloc_node_noprof
	kmem_cache_alloc_lru_noprof kmemdup_noprof __kvmalloc_node_noprof"
PAGE_ENTRIES="should_fail_alloc_page __alloc_pages_noprof"

# fi_span FUNCTION...: "START END" from the lowest FUNCTION's start to the
# highest one's end.
fi_span()
{
	local f r lo="" hi=""

	for f in "$@"; do
		read -r -a r < <(sym_range "$f")
		if [ "${#r[@]}" != 2 ]; then
			echo "no $f in /proc/kallsyms" >&2
			return 1
		fi
		# kernel addresses: negative as 64-bit integers, in order
		if [ -z "$lo" ] || ((r[0] < lo)); then
			lo=${r[0]}
		fi
		if [ -z "$hi" ] || ((r[1] > hi)); then
			hi=${r[1]}
		fi
	done
	echo "$lo $hi"
}

# fi_reject DIR FUNCTION...: no fault of DIR ($FS or $FP) with one of the
# FUNCTIONs on the stack. A knob has a single reject range: for several
# FUNCTIONs it spans them and all that the kernel lays out between them,
# which must then hold none of DIR's entry points.
fi_reject()
{
	local dir=$1 range f a entries=$SLAB_ENTRIES

	shift
	read -r -a range < <(fi_span "$@") || return 1
	[ "$dir" = "$FP" ] && entries=$PAGE_ENTRIES
	for f in $entries; do
		read -r a _ < <(sym_range "$f")
		if [ -n "$a" ] && ((a >= range[0] && a < range[1])); then
			echo "$f lies between $* (${range[*]}): $dir cannot reject them"
			return 1
		fi
	done
	fi_put "$dir/reject-start" "${range[0]}" &&
		fi_put "$dir/reject-end" "${range[1]}"
}

# fi_require START END: only faults with a return address in [START, END)
# on the stack (fi_require 0 18446744073709551615: any).
fi_require()
{
	fi_put "$FS/require-start" "$1" && fi_put "$FS/require-end" "$2" &&
		fi_put "$FP/require-start" "$1" && fi_put "$FP/require-end" "$2"
}

# mod_text: "START END" of mpls_pw's code, from its lowest text symbol in
# /proc/kallsyms to the end of its highest, whose size the module file's
# symbol table gives. /proc/modules' address and coresize will not do: on
# 6.12 the text, data and read-only data are allocations of their own, and
# coresize counts them all, so that range runs on past the text into
# whatever was allocated after it. Without the size (no nm, no module
# file) the range ends with the page the last function starts in: the
# text is allocated in whole pages (STRICT_MODULE_RWX), so nothing else's
# code is in that page, but a last function running into the next one
# has its tail left out.
mod_text()
{
	local lo hi name size ko=${MPLS_PW_KO:-}

	read -r lo hi name < <(awk '$4 == "[mpls_pw]" && $2 ~ /^[tT]$/ {
			a = $1 ""
			if (lo == "" || a < lo) lo = a
			if (a > hi) { hi = a; name = $3 }
		} END { if (lo != "") print lo, hi, name }' /proc/kallsyms)
	[ -n "$lo" ] && [ "$((0x$lo))" != 0 ] || return 1
	[ -n "$ko" ] || ko=$(modinfo -n mpls_pw 2> /dev/null)
	size=$(nm -S --defined-only "$ko" 2> /dev/null |
		awk -v s="$name" '$4 == s && $3 ~ /^[tT]$/ { print $2; exit }')
	if [ -n "$size" ]; then
		printf '0x%s 0x%x\n' "$lo" $((0x$hi + 0x$size))
	else
		printf '0x%s 0x%x\n' "$lo" $(((0x$hi | 0xfff) + 1))
	fi
}

# fi_require_mod: only faults under mpls_pw's code.
fi_require_mod()
{
	local range

	read -r -a range < <(mod_text)
	if [ "${#range[@]}" != 2 ]; then
		echo "no text symbols of mpls_pw in /proc/kallsyms"
		return 1
	fi
	fi_require "${range[@]}"
}

# topo NS: the ACs' veth pairs, the core veth and the VLAN device in NS.
topo()
{
	local i

	for i in 0 1 2 3; do
		must ip -n "$1" link add "ac$i" type veth peer name "ce$i"
	done
	must ip -n "$1" link add core0 type veth peer name p0
	must ip -n "$1" link add link ce3 name vl0 type vlan id 100
	for i in "${DEVS[@]}"; do
		must ip -n "$1" link set "${i%:vlan}" up
	done
}

# The knobs, then FZ for the requests, FZM for them again with faults
# under the module's code alone. Failslab's reject range is set here for
# every pass; fail_page_alloc's changes from one pass to the next.
setup()
{
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
		fi_reject "$FS" pcpu_create_chunk __vmalloc_node_range_noprof \
			___slab_alloc &&
		fi_reject "$FP" ___slab_alloc || return 1

	setup_ns FZ FZM || return 1
	DEVS=(ac0 ce0 ac1 ce1 ac2 ce2 ac3 ce3 core0 p0 vl0:vlan)
	modprobe -q 8021q 2> /dev/null
	MUST_FAILED=0
	topo "$FZ"
	topo "$FZM"
	[ "$MUST_FAILED" = 0 ]
}

# figures OUT WHAT [LABEL]: the program's count of fault points, whatever
# the checks say.
figures()
{
	[ -s "$1" ] && grep -E "^# $2" "$1" | sed "s/^# /# fail-nth: ${3:-}/"
	return 0
}

REQ_FIGURES='((ac|pw|switch|vrrp|link|net) [a-z]+ \(|all:|most)'

# run_requests NS OUT [ARG...]: the requests in NS, their KTAP into OUT.
run_requests()
{
	local ns=$1 out=$2 args=() d

	shift 2
	for d in "${DEVS[@]}"; do
		args+=(--dev "$d")
	done
	echo_cmd ip netns exec "$ns" "$NLFUZZ" --fail-nth "${args[@]}" "$@"
	ip netns exec "$ns" "$NLFUZZ" --fail-nth "${args[@]}" "$@" > "$out" 2>&1
}

# The requests again, in a netns of their own, with faults only under the
# module's code. The checks on the first pass hold as well for faults in
# the netlink core alone (its socket buffers, genetlink's attribute
# table): here each command that allocates in the module (nlfuzz's
# cmds[].allocs) must have been refused for want of memory, the
# configuration unchanged (result 5, and 2).
module_requests()
{
	fi_require_mod || return 1
	run_requests "$FZM" "$REQ_MOD_OUT" --module
	fi_require 0 18446744073709551615 || return 1
	tool_results "$REQ_MOD_OUT" 1 2 3 4 5
}

# Every pernet init of the kernel, the module's among them (and its exit
# when an init after it fails), in a netns that lives as long as its
# child. Then only the faults under the module's code: netns creation
# passes many points that come and go from one try to the next (the
# slab's refill pages, workers, uevents), which may move the counter past
# one of the module's; under the module's code alone they are few and stay
# put.
netns_test()
{
	fi_reject "$FP" __vmalloc_node_range_noprof || return 1
	echo_cmd ip netns exec "$FZ" "$NLFUZZ" --fail-nth --netns
	ip netns exec "$FZ" "$NLFUZZ" --fail-nth --netns > "$NS_OUT" 2>&1 &&
		tool_results "$NS_OUT" 1 || return 1

	fi_reject "$FP" ___slab_alloc && fi_require_mod || return 1
	echo_cmd ip netns exec "$FZ" "$NLFUZZ" --fail-nth --netns
	ip netns exec "$FZ" "$NLFUZZ" --fail-nth --netns > "$NS_MOD_OUT" 2>&1
	fi_require 0 18446744073709551615 || return 1
	tool_results "$NS_MOD_OUT" 1
}

# ko_load OUT: mpls_pw unloaded, then finit_module() until it loads
# (nlfuzz --ko, its KTAP into OUT); then it works. It is loaded again
# whatever happened. rmmod waits for the netns still in cleanup, up to a
# thousand from netns_test.
ko_load()
{
	local rc

	run timeout 300 rmmod mpls_pw || return 1
	if ! slowwait 10 test ! -d /sys/module/mpls_pw; then
		echo "/sys/module/mpls_pw still exists after rmmod"
		return 1
	fi
	echo_cmd "$NLFUZZ" --fail-nth --ko "$MPLS_PW_KO"
	"$NLFUZZ" --fail-nth --ko "$MPLS_PW_KO" > "$1" 2>&1
	rc=$?
	if [ ! -d /sys/module/mpls_pw ]; then
		echo "mpls_pw is not loaded after the test"
		tool_results "$1" 1
		run insmod "$MPLS_PW_KO"
		return 1
	fi
	# it works: an AC in the netns the module came back to
	pwc "$FZ" ac add dev ac0 &&
		ac_jq "$FZ" ac0 '.dev == "ac0"' > /dev/null || return 1
	[ "$rc" = 0 ] && tool_results "$1" 1
}

# The whole load, then the module's init alone. Not with other scripts
# running beside this one: they would lose the module.
ko_test()
{
	may_reload || return
	fi_reject "$FP" __vmalloc_node_range_noprof || return 1
	ko_load "$KO_OUT"
}

# Only the faults under the module's init: load_module() alone passes
# more than enough points for the check above, the init's error path
# never run. Before the load the module's symbols are not in kallsyms;
# do_one_initcall(), which calls the init, is: each refused load must leave
# no module behind, and the last one loads a module that works.
ko_init_test()
{
	local range rc

	may_reload || return
	read -r -a range < <(sym_range do_one_initcall)
	if [ "${#range[@]}" != 2 ]; then
		echo "no do_one_initcall in /proc/kallsyms"
		return 1
	fi
	fi_reject "$FP" ___slab_alloc && fi_require "${range[@]}" || return 1
	ko_load "$KO_INIT_OUT"
	rc=$?
	fi_require 0 18446744073709551615 || return 1
	return "$rc"
}

check "setup: allocations fail on fail-nth, quietly; two netns with ACs, a core veth, a VLAN device" \
	setup || ktap_bail "no fault injection or no topology"
run_requests "$FZ" "$REQ_OUT"
figures "$REQ_OUT" "$REQ_FIGURES"
check "every command: each injected failure answered; a request that still succeeded made its change whole" \
	tool_results "$REQ_OUT" 1
check "every command: the configuration unchanged after each refused request" \
	tool_results "$REQ_OUT" 2
MAX_N=$(sed -n 's/^.*ok 3 .*n up to \([0-9]*\).*/\1/p' "$REQ_OUT")
check "every command reached success as the model said (n up to ${MAX_N:-?})" \
	tool_results "$REQ_OUT" 3 4
check "faults under mpls_pw's code alone: each command that allocates there refused with ENOMEM, nothing changed" \
	module_requests
figures "$REQ_MOD_OUT" "$REQ_FIGURES" 'under mpls_pw: '
check "netns creation with each allocation failing (all, then the module's), then it works" \
	netns_test
figures "$NS_OUT" 'netns creation'
figures "$NS_MOD_OUT" 'netns creation' 'under mpls_pw: '
check "module load with each allocation failing, then it works" ko_test
figures "$KO_OUT" 'module load'
check "module init with each allocation failing: no module left behind, then it works" \
	ko_init_test
figures "$KO_INIT_OUT" 'module load' 'under its init: '
check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

# every request's own figures, for whoever wants them
if [ -n "${MPLS_PW_ARTIFACTS:-}" ] && [ -d "$MPLS_PW_ARTIFACTS" ]; then
	for f in "$REQ_OUT" "$REQ_MOD_OUT" "$NS_OUT" "$NS_MOD_OUT" "$KO_OUT" \
		 "$KO_INIT_OUT"; do
		[ -s "$f" ] && cp "$f" "$MPLS_PW_ARTIFACTS/failnth-${f##*/}"
	done
fi

ktap_finish
