#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test VM, started by the initramfs after switch_root into the
# overlay over the host root. Sets up a minimal system, loads the mpls_pw
# module built for this kernel, runs the command that tools/vm/run.sh left
# in the writable share, hands back its exit status and the kernel log, and
# powers off. Nothing here may exit: PID 1 exiting panics the kernel.

out=/run/vm-out
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LC_ALL=C.UTF-8

log() {
	echo "vm: $*" >&2
}

setup_mounts() {
	mkdir -p /dev/pts
	mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
	mkdir -p /dev/shm
	mount -t tmpfs -o mode=1777 tmpfs /dev/shm
	ln -sf /proc/self/fd /dev/fd
	ln -sf /proc/self/fd/0 /dev/stdin
	ln -sf /proc/self/fd/1 /dev/stdout
	ln -sf /proc/self/fd/2 /dev/stderr
	# Fresh /tmp and /run, unless the work tree lives there (the overlay
	# keeps them writable anyway).
	case "$MPLS_PW_TREE/" in
	/tmp/*) ;;
	*) mount -t tmpfs -o mode=1777 tmpfs /tmp ;;
	esac
	case "$MPLS_PW_TREE/" in
	/run/*) ;;
	*) mount -t tmpfs -o mode=0755 tmpfs /run ;;
	esac
	mkdir -p /run/lock /run/netns "$out"
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
	mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || true
	mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null || true
	mount -t bpf bpf /sys/fs/bpf 2>/dev/null || true
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 vmout "$out"
	mkdir -p "$out/artifacts"
	# A kernel not installed on the host (the debug kernel) brings its
	# /lib/modules/KVER from its cache, so modprobe finds the built-ins.
	if [ -n "${MPLS_PW_MODDIR:-}" ] &&
	   [ "$MPLS_PW_MODDIR" != "/lib/modules/$(uname -r)" ]; then
		mkdir -p "/lib/modules/$(uname -r)"
		mount --bind "$MPLS_PW_MODDIR" "/lib/modules/$(uname -r)"
	fi
}

# Load build/KVER/mpls_pw.ko (after the modules it depends on).
load_mpls_pw() {
	ko="$MPLS_PW_TREE/build/$(uname -r)/mpls_pw.ko"

	[ -f "$ko" ] || return 0
	for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
		modprobe "$dep" || return 1
	done
	insmod "$ko" || return 1
	export MPLS_PW_KO="$ko"
}

finish() {
	echo "$1" > "$out/status"
	if [ -w /sys/kernel/debug/kmemleak ]; then
		echo scan > /sys/kernel/debug/kmemleak
		sleep 1
		echo scan > /sys/kernel/debug/kmemleak
		cat /sys/kernel/debug/kmemleak > /dev/kmsg 2>/dev/null
	fi
	dmesg > "$out/dmesg" 2>&1
	sync
	umount "$out"
	busybox poweroff -f
	echo o > /proc/sysrq-trigger
	sleep 10
}

setup_mounts
hostname "${MPLS_PW_HOSTNAME:-mpls-pw-vm}"
ip link set lo up
sysctl -qw kernel.panic_on_oops=0 kernel.printk_ratelimit=0 2>/dev/null

# The command file sets the environment and the positional parameters.
# shellcheck disable=SC1091
. "$out/cmd"
export PATH="$MPLS_PW_TREE/tools/pwctl:$PATH"
# The tests run jq hundreds of times; jq 1.6 compiles its builtins at every
# start (about 1.3 s under TCG), gojq starts five times faster. Scripts may
# rely only on what both do alike: no key order, no regex beyond RE2.
# MPLS_PW_JQ=jq keeps jq 1.6.
if [ "${MPLS_PW_JQ:-gojq}" = gojq ] && command -v gojq > /dev/null; then
	mkdir -p /run/mpls-pw-bin
	ln -sf "$(command -v gojq)" /run/mpls-pw-bin/jq
	export PATH="/run/mpls-pw-bin:$PATH"
fi
# Files put here are copied to the host (build/vm-artifacts-KVER/).
export MPLS_PW_ARTIFACTS="$out/artifacts"
if ! cd "$MPLS_PW_TREE"; then
	echo "vm: no work tree at $MPLS_PW_TREE" > "$out/output"
	finish 1
fi

if ! load_mpls_pw > "$out/output" 2>&1; then
	echo "vm: cannot load $MPLS_PW_TREE/build/$(uname -r)/mpls_pw.ko" >> "$out/output"
	finish 1
fi

# run.sh tells a guest that died before this point from one that CMD broke.
: > "$out/module-loaded"
cut -d' ' -f1 /proc/uptime > "$out/boot-time"
(exec "$@") < /dev/null >> "$out/output" 2>&1
finish $?
