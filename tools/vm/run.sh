#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [OPTIONS] -- CMD... - run CMD in a QEMU guest booted on a Debian
# kernel, with the host root shared read-only over virtio-9p under a tmpfs
# overlay, the kernel's own modules usable and build/KVER/mpls_pw.ko loaded.
#
#   --kernel KVER    kernel to boot (default: the newest in /boot)
#   --icount         deterministic timing: -icount shift=3 -smp 1 (TCG)
#   --timeout SEC    kill the guest after SEC seconds (default 1200)
#   --log FILE       where the guest's kernel log goes
#                    (default build/vm-KVER.log)
#   --accel A        kvm, tcg or auto (default: auto, KVM only if a probe
#                    boot under KVM works within a time limit)
#   --mem SIZE       guest memory (default 1G)
#   --env NAME=VAL   set NAME in the guest (MPLS_PW_* are passed anyway)
#
# CMD runs in the work tree with tools/pwctl in PATH and MPLS_PW_KO set to
# the loaded module's path; its output reaches stdout. Files it writes to
# $MPLS_PW_ARTIFACTS end up in build/vm-artifacts-KVER/. The exit status is
# CMD's, or 1 on timeout or if the kernel log shows an oops, BUG, WARNING,
# KASAN/UBSAN report, lockdep splat, RCU stall, hung task or leak.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "$here/../.." && pwd)
vmdir=$tree/build/vm

kver=
icount=
timeout=1200
logfile=
accel=auto
mem=1G
envs=()
qpid=
tpid=
out=

usage() {
	sed -n '4,23s/^# \{0,1\}//p' "$0" >&2
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

initramfs() {
	local img=$vmdir/initramfs-$kver.cpio f

	mkdir -p "$vmdir"
	for f in "$here/mkinitramfs.sh" "$here/initramfs-init" \
		 "/lib/modules/$kver/modules.dep" /bin/busybox; do
		if [ ! -f "$img" ] || [ "$f" -nt "$img" ]; then
			"$here/mkinitramfs.sh" "$kver" "$img" >&2
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

run_qemu() {
	local img=$1 cpu smp=2 append
	local -a args

	append="console=ttyS0 quiet loglevel=5 panic=-1 log_buf_len=16M printk.devkmsg=on"
	append+=" mitigations=off i8042.noaux i8042.nokbd i8042.nopnp"
	append+=" rcupdate.rcu_cpu_stall_timeout=60 MPLS_PW_TREE=$tree"

	args=(-nodefaults -no-user-config -nographic -no-reboot
	      -machine pc -m "$mem"
	      -kernel "/boot/vmlinuz-$kver" -initrd "$img" -append "$append"
	      -chardev "file,id=con,path=$out/console"
	      -serial chardev:con
	      -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	      -virtfs "local,path=$out,mount_tag=vmout,security_model=none,multidevs=remap")
	if [ "$accel" = kvm ]; then
		cpu=host
		args+=(-accel kvm)
	elif [ -n "$icount" ]; then
		cpu=max
		smp=1
		args+=(-accel "tcg,thread=single" -icount shift=3)
	else
		cpu=max
		args+=(-accel "tcg,thread=multi")
	fi
	args+=(-cpu "$cpu" -smp "$smp")

	timeout -k 5 "$timeout" qemu-system-x86_64 "${args[@]}" \
		< /dev/null > "$out/qemu.out" 2>&1 &
	qpid=$!
}

main() {
	local img rc status start

	while [ $# -gt 0 ]; do
		case "$1" in
		--kernel)  kver=$2; shift 2 ;;
		--icount)  icount=1; shift ;;
		--timeout) timeout=$2; shift 2 ;;
		--log)     logfile=$2; shift 2 ;;
		--accel)   accel=$2; shift 2 ;;
		--mem)     mem=$2; shift 2 ;;
		--env)     envs+=("$2"); shift 2 ;;
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
	[ -f "/boot/vmlinuz-$kver" ] || die "/boot/vmlinuz-$kver missing"
	[ -d "/lib/modules/$kver/kernel" ] || die "/lib/modules/$kver missing"
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
	run_qemu "$img"
	tail -s 0.1 -n +1 -f --pid="$qpid" "$out/output" &
	tpid=$!
	rc=0
	wait "$qpid" || rc=$?
	qpid=
	wait "$tpid" || true
	tpid=

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

main "$@"
