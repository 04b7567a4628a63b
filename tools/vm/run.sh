#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [OPTIONS] -- CMD... - run CMD in a QEMU guest booted on a Debian
# kernel, with the host root shared read-only over virtio-9p under a tmpfs
# overlay, the kernel's own modules usable and build/KVER/mpls_pw.ko loaded.
#
#   --kernel KVER    kernel to boot (default: the newest in /boot): one in
#                    /boot, or the debug kernel (tools/vm/debug-kernel.sh)
#   --icount         deterministic timing: -icount shift=3 -smp 1 (TCG)
#   --timeout SEC    kill the guest after SEC seconds (default 1200)
#   --log FILE       where the guest's kernel log goes
#                    (default build/vm-KVER.log)
#   --accel A        kvm, tcg or auto (default: auto, KVM only if a probe
#                    boot under KVM works within a time limit)
#   --mem SIZE       guest memory (default 1G, 2G for the debug kernel)
#   --env NAME=VAL   set NAME in the guest (MPLS_PW_* are passed anyway)
#   --append ARGS    more kernel parameters (after the default ones)
#
# CMD runs in the work tree with tools/pwctl in PATH and MPLS_PW_KO set to
# the loaded module's path; its output reaches stdout. Files it writes to
# $MPLS_PW_ARTIFACTS end up in build/vm-artifacts-KVER/. The exit status is
# CMD's, or 1 on timeout or if the kernel log shows an oops, BUG, WARNING,
# KASAN/UBSAN report, lockdep splat, RCU stall, hung task or leak.
# MPLS_PW_VM_SMP (default 2) and MPLS_PW_VM_CPU (TCG, default
# max,la57=off) set the guest's CPUs; MPLS_PW_JQ=jq keeps jq in the guest
# (default: gojq, see guest-init.sh).

set -eu

here=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "$here/../.." && pwd)
vmdir=$tree/build/vm

kver=
icount=
timeout=1200
logfile=
accel=auto
mem=
envs=()
append_extra=
# The kernel image and its modules directory; debug=1 for the debug kernel.
image=
moddir=
debug=
qpid=
tpid=
out=
rc=
# TCG runs all vCPUs on one host thread: with a thread per vCPU it races
# with the guest kernel patching its own text (a 6.12 guest died at boot of
# an int3 oops), and one thread costs little (forwarding.sh on 6.1: 626 s,
# 662 s with thread=multi, on a busy 2-core host). MPLS_PW_TCG_THREAD=multi
# brings the threads back, with one more boot for a guest that dies before
# it loaded mpls_pw.
tcg_thread=${MPLS_PW_TCG_THREAD:-single}

usage() {
	sed -n '4,28s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

msg() {
	echo "vm: $*" >&2
}

die() {
	msg "$@"
	exit 1
}

newest_kernel() {
	local k v

	for v in /boot/vmlinuz-*; do
		k=${v#/boot/vmlinuz-}
		[ -d "/lib/modules/$k/kernel" ] && echo "$k"
	done | sort -V | tail -n 1
}

# Quote each argument for a POSIX shell.
shquote() {
	local a q="'\\''"

	for a in "$@"; do
		printf "'%s' " "${a//\'/$q}"
	done
}

# A Debian kernel from /boot, or the debug kernel from its cache.
find_kernel() {
	local d

	if [ -f "/boot/vmlinuz-$kver" ] && [ -d "/lib/modules/$kver/kernel" ]; then
		image=/boot/vmlinuz-$kver
		moddir=/lib/modules/$kver
		return 0
	fi
	if d=$("$here/debug-kernel.sh" --dir 2>/dev/null) &&
	   [ "$(cat "$d/release")" = "$kver" ]; then
		image=$d/bzImage
		moddir=$d/mod/lib/modules/$kver
		debug=1
		return 0
	fi
	[ "$kver" != "$("$here/debug-kernel.sh" --release 2>/dev/null)" ] ||
		die "debug kernel $kver not built (run: make debug-kernel)"
	die "no kernel $kver: neither /boot/vmlinuz-$kver with" \
	    "/lib/modules/$kver nor the debug kernel"
}

initramfs() {
	local img=$vmdir/initramfs-$kver.cpio f

	mkdir -p "$vmdir"
	for f in "$here/mkinitramfs.sh" "$here/initramfs-init" \
		 "$moddir/modules.dep" /bin/busybox; do
		if [ ! -f "$img" ] || [ "$f" -nt "$img" ]; then
			"$here/mkinitramfs.sh" "$kver" "$img" "$moddir" >&2
			break
		fi
	done
	echo "$img"
}

# KVM is used only if a guest actually boots under it: on some hosts
# /dev/kvm exists but guests hang. The answer is kept per host boot.
kvm_works() {
	local cache=$vmdir/kvm-probe boot_id

	[ -w /dev/kvm ] || return 1
	boot_id=$(cat /proc/sys/kernel/random/boot_id)
	if [ ! -f "$cache" ] || [ "$(head -n 1 "$cache")" != "$boot_id" ]; then
		msg "probing KVM (at most 15 s)"
		if "$0" --kernel "$kver" --accel kvm --timeout 15 \
			--log "$vmdir/kvm-probe.log" -- true >/dev/null 2>&1; then
			printf '%s\nkvm\n' "$boot_id" > "$cache"
		else
			printf '%s\ntcg\n' "$boot_id" > "$cache"
		fi
	fi
	[ "$(sed -n 2p "$cache")" = kvm ]
}

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	[ -z "$qpid" ] || kill "$qpid" 2>/dev/null || true
	[ -z "$tpid" ] || kill "$tpid" 2>/dev/null || true
	[ -z "$out" ] || rm -rf "$out"
}

write_cmd() {
	local e

	{
		echo "export MPLS_PW_TREE=$(shquote "$tree")"
		for e in $(compgen -e); do
			case "$e" in
			MPLS_PW_TREE|MPLS_PW_KO) ;;
			MPLS_PW_*|KSFT_*|V|VERBOSE)
				echo "export $e=$(shquote "${!e}")" ;;
			esac
		done
		for e in "${envs[@]}"; do
			echo "export ${e%%=*}=$(shquote "${e#*=}")"
		done
		echo "set -- $(shquote "$@")"
	} > "$out/cmd"
}

# The CPU under TCG: everything but 5-level paging. With LA57 a debug
# kernel's KASAN, in an interrupt that lands while identify_cpu() has
# cleared the boot CPU's feature bits, takes the direct map for a wild
# address (seen at 0.03 s into a boot, before any test): 4 levels avoid
# that, and every TLB miss walks one level less.
tcg_cpu=max,la57=off

run_qemu() {
	local img=$1 cpu smp=${MPLS_PW_VM_SMP:-2} append
	local -a args

	append="console=ttyS0 quiet loglevel=5 panic=-1 log_buf_len=16M printk.devkmsg=on"
	append+=" mitigations=off i8042.noaux i8042.nokbd i8042.nopnp"
	append+=" rcupdate.rcu_cpu_stall_timeout=60 MPLS_PW_TREE=$tree"
	if [ -n "$debug" ]; then
		# KASAN and friends are built in; KFENCE samples every 100 ms,
		# kmemleak is scanned by guest-init.sh when CMD ends.
		append+=" kfence.sample_interval=100 kmemleak=on panic_on_warn=0"
		# No ACPI IRQ routing: its AML loops time out under TCG.
		append+=" acpi=noirq"
		append+=" MPLS_PW_MODDIR=$moddir"
	else
		# A freed object read through a stale pointer shows up on the
		# stock kernels too: SLUB poisoning and KFENCE sampling.
		append+=" slub_debug=FZPU kfence.sample_interval=100"
	fi

	[ -z "$append_extra" ] || append+=" $append_extra"

	args=(-nodefaults -no-user-config -nographic -no-reboot
	      -machine pc -m "$mem"
	      -kernel "$image" -initrd "$img" -append "$append"
	      -chardev "file,id=con,path=$out/console"
	      -serial chardev:con
	      -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	      -virtfs "local,path=$out,mount_tag=vmout,security_model=none,multidevs=remap")
	if [ "$accel" = kvm ]; then
		cpu=host
		args+=(-accel kvm)
	elif [ -n "$icount" ]; then
		cpu=${MPLS_PW_VM_CPU:-$tcg_cpu}
		smp=1
		args+=(-accel "tcg,thread=single" -icount shift=3)
	else
		cpu=${MPLS_PW_VM_CPU:-$tcg_cpu}
		args+=(-accel "tcg,thread=$tcg_thread")
	fi
	args+=(-cpu "$cpu" -smp "$smp")

	timeout -k 5 "$timeout" qemu-system-x86_64 "${args[@]}" \
		< /dev/null > "$out/qemu.out" 2>&1 &
	qpid=$!
}

# Boot the guest and wait for it, CMD's output streaming; exit status of
# qemu (or timeout) in rc.
boot() {
	run_qemu "$1"
	tail -s 0.1 -n +1 -f --pid="$qpid" "$out/output" &
	tpid=$!
	rc=0
	wait "$qpid" || rc=$?
	qpid=
	wait "$tpid" || true
	tpid=
}

main() {
	local img status start

	while [ $# -gt 0 ]; do
		case "$1" in
		--kernel)  kver=$2; shift 2 ;;
		--icount)  icount=1; shift ;;
		--timeout) timeout=$2; shift 2 ;;
		--log)     logfile=$2; shift 2 ;;
		--accel)   accel=$2; shift 2 ;;
		--mem)     mem=$2; shift 2 ;;
		--env)     envs+=("$2"); shift 2 ;;
		--append)  append_extra=$2; shift 2 ;;
		--)        shift; break ;;
		-h|--help) usage ;;
		*)         usage ;;
		esac
	done
	[ $# -gt 0 ] || usage
	case "$tree" in
	*[[:space:]]*) die "the work tree path must not contain white space" ;;
	esac

	[ -n "$kver" ] || kver=$(newest_kernel)
	[ -n "$kver" ] || die "no kernel in /boot with modules in /lib/modules"
	find_kernel
	if [ -z "$mem" ]; then
		mem=1G
		[ -z "$debug" ] || mem=2G
	fi
	[ -n "$logfile" ] || logfile=$tree/build/vm-$kver.log
	command -v qemu-system-x86_64 >/dev/null ||
		die "qemu-system-x86_64 missing (run: make deps)"

	img=$(initramfs)
	case "$accel" in
	auto)
		accel=tcg
		[ -n "$icount" ] || ! kvm_works || accel=kvm
		;;
	kvm|tcg) ;;
	*) usage ;;
	esac

	trap cleanup EXIT
	trap 'exit 130' INT TERM
	mkdir -p "$vmdir"
	out=$(mktemp -d "$vmdir/run.XXXXXX")
	chmod 755 "$out"
	write_cmd "$@"
	: > "$out/output"

	start=$(date +%s.%N)
	boot "$img"
	# Multi-threaded TCG races with the guest kernel patching its own text
	# (an int3 oops at boot, seen on 6.12): a guest that died before it
	# loaded mpls_pw gets one more boot. Its log is kept, the second
	# boot's log is checked as any other.
	if [ "$accel" = tcg ] && [ -z "$icount" ] && [ "$tcg_thread" = multi ] &&
	   [ "$rc" != 124 ] && [ "$rc" != 137 ] && [ ! -f "$out/status" ] &&
	   [ ! -f "$out/module-loaded" ]; then
		cat "$out/console" "$out/qemu.out" > "${logfile%.log}.boot1.log"
		msg "guest died before mpls_pw was loaded (qemu exit $rc," \
		    "$kver, TCG thread=multi), booting once more;" \
		    "first boot's log: ${logfile%.log}.boot1.log"
		tail -n 30 "$out/console" | sed 's/^/vm: boot 1: /' >&2
		rm -f "$out/console" "$out/qemu.out" "$out/dmesg" \
		      "$out/boot-time"
		: > "$out/output"
		boot "$img"
	fi

	rm -rf "$tree/build/vm-artifacts-$kver"
	if [ -n "$(ls -A "$out/artifacts" 2>/dev/null)" ]; then
		mv "$out/artifacts" "$tree/build/vm-artifacts-$kver"
	fi
	mkdir -p "$(dirname "$logfile")"
	{
		[ ! -f "$out/dmesg" ] || cat "$out/dmesg"
		if [ ! -f "$out/dmesg" ] || grep -q . "$out/console"; then
			echo "==== serial console ===="
			cat "$out/console"
		fi
	} > "$logfile"

	status=
	[ ! -f "$out/status" ] || status=$(cat "$out/status")
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		msg "timed out after $timeout s ($kver, $accel); guest log: $logfile"
		status=1
	elif [ -z "$status" ]; then
		msg "guest died without an exit status (qemu exit $rc); guest log: $logfile"
		sed 's/^/vm: qemu: /' "$out/qemu.out" >&2
		tail -n 30 "$out/console" | sed 's/^/vm: console: /' >&2
		status=1
	fi
	if ! "$here/logcheck.sh" -q "$logfile"; then
		msg "kernel log problems ($kver), full log in $logfile:"
		"$here/logcheck.sh" "$logfile" >&2 || true
		status=1
	fi
	if [ -n "${MPLS_PW_VM_TIMING:-}" ]; then
		msg "$kver ($accel): guest up at $(cat "$out/boot-time" 2>/dev/null) s," \
		    "total $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
	fi
	exit "$status"
}

main "$@"; exit
