#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh [--release | --dir] - the test matrix's debug kernel:
# Debian's linux-source-6.12 built from "make allnoconfig" plus the
# fragment tools/vm/debug.config (KASAN, KFENCE, UBSAN, lockdep, kmemleak,
# debugobjects, refcount trackers, fault injection; everything built in).
#
#   (no option)  build it unless cached, then print its cache directory
#   --release    print its kernel release (6.12.SUBLEVEL-mpls-pw-debug)
#                from the installed source package, without building
#   --dir        print its cache directory if it is built, else fail
#
# The cache is $MPLS_PW_CACHE/debug-kernel/SRCVERSION-HASH (default
# MPLS_PW_CACHE=/var/cache/mpls-pw), HASH covering the fragment, the recipe
# below and the compiler, so CI on a machine that built it once skips the
# build. An entry holds bzImage, the modules tree (mod/lib/modules/KVER),
# obj/, a link to the build tree that "make -C obj M=..." builds external
# modules against, and "stamp", written last: an entry without it is
# rebuilt. The source and build tree, SRCVERSION/{src,obj}, are shared by
# the entries of a source version and rebuilt incrementally when the
# fragment changes, so only the newest entry of a version is kept.
# MPLS_PW_JOBS sets make -j.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/debug.config
cache=${MPLS_PW_CACHE:-/var/cache/mpls-pw}/debug-kernel
pkg=linux-source-6.12
# Changing the recipe (the steps in build()) must change this string.
recipe="allnoconfig+fragment+olddefconfig; make all; modules_install v1"

msg() {
	echo "debug-kernel: $*" >&2
}

die() {
	msg "$@"
	exit 1
}

usage() {
	sed -n '4,23s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# The installed source package's version, e.g. 6.12.118-1~deb12u1.
src_version() {
	local v

	v=$(dpkg-query -W -f='${Status} ${Version}\n' "$pkg" 2>/dev/null |
	    sed -n 's/^install ok installed //p')
	[ -n "$v" ] || die "$pkg is not installed (run: make deps)"
	echo "$v"
}

tarball() {
	local t

	for t in /usr/src/"$pkg".tar.*; do
		[ -f "$t" ] && { echo "$t"; return 0; }
	done
	die "/usr/src/$pkg.tar.* missing (run: make deps)"
}

release() {
	local v

	v=$(src_version)
	echo "${v%%-*}$(sed -n 's/^CONFIG_LOCALVERSION="\(.*\)"$/\1/p' "$fragment")"
}

# The source and build tree of the installed source version.
tree_dir() {
	echo "$cache/$(src_version | tr -c 'A-Za-z0-9.+\n-' '_')"
}

entry_dir() {
	local h

	h=$({ cat "$fragment"; echo "$recipe"; gcc --version | head -n 1; } |
	    sha256sum | cut -c1-12)
	echo "$(tree_dir)-$h"
}

# Every option of the fragment, set or "is not set", in the final .config.
verify_config() {
	local cfg=$1 l bad=0

	while read -r l; do
		case "$l" in
		CONFIG_*=*|"# CONFIG_"*" is not set") ;;
		*) continue ;;
		esac
		if [ "${l:0:1}" = "#" ]; then
			l=${l#\# }
			l=${l% is not set}
			grep -q "^$l=" "$cfg" || continue
			msg "config: $l is set, the fragment wants it off"
			bad=1
		elif ! grep -qxF -- "$l" "$cfg"; then
			msg "config: $l did not stick ($(grep -E "^(# )?${l%%=*}[= ]" \
			    "$cfg" || echo "absent: unmet dependency"))"
			bad=1
		fi
	done < "$fragment"
	[ "$bad" = 0 ] || die "the fragment did not apply: fix tools/vm/debug.config"
}

build() {
	local d=$1 kver=$2 t jobs start secs built e

	t=$(tree_dir)
	jobs=${MPLS_PW_JOBS:-$(nproc)}
	start=$(date +%s)
	msg "building $kver in $t for $d (make -j$jobs)"
	# The other entries of this source version lose their build tree.
	for e in "$t"-*; do
		[ "$e" = "$d" ] || rm -rf "$e"
	done
	rm -rf "$d"
	mkdir -p "$d/mod"
	if [ ! -f "$t/src/.extracted" ]; then
		rm -rf "$t"
		mkdir -p "$t/src"
		tar -xf "$(tarball)" -C "$t/src" --strip-components=1
		touch "$t/src/.extracted"
	fi
	mkdir -p "$t/obj"

	make -s -C "$t/src" O="$t/obj" allnoconfig
	"$t/src/scripts/kconfig/merge_config.sh" -m -O "$t/obj" \
		"$t/obj/.config" "$fragment" > "$d/merge.log"
	make -s -C "$t/src" O="$t/obj" olddefconfig
	verify_config "$t/obj/.config"

	make -s -C "$t/src" O="$t/obj" -j"$jobs" all > "$d/build.log" 2>&1 || {
		tail -n 40 "$d/build.log" >&2
		die "kernel build failed, log in $d/build.log"
	}
	built=$(cat "$t/obj/include/config/kernel.release")
	[ "$built" = "$kver" ] || die "built $built, expected $kver"
	make -s -C "$t/src" O="$t/obj" INSTALL_MOD_PATH="$d/mod" \
		modules_install > "$d/modules_install.log" 2>&1 || {
		cat "$d/modules_install.log" >&2
		die "modules_install failed"
	}
	[ -f "$d/mod/lib/modules/$kver/modules.builtin" ] ||
		die "modules_install left no modules.builtin"
	ln -sfn "$t/obj" "$d/mod/lib/modules/$kver/build"
	ln -sfn "$t/obj" "$d/obj"
	cp "$t/obj/arch/x86/boot/bzImage" "$d/bzImage"
	cp "$t/obj/.config" "$d/config"
	echo "$kver" > "$d/release"
	secs=$(($(date +%s) - start))
	echo "$secs" > "$d/build-seconds"
	date -u +%FT%TZ > "$d/stamp"
	msg "built $kver in $((secs / 60)) min $((secs % 60)) s"
}

main() {
	local d kver

	case "${1:-}" in
	--release) release; exit 0 ;;
	--dir)
		d=$(entry_dir)
		[ -f "$d/stamp" ] || exit 1
		echo "$d"
		exit 0
		;;
	"") ;;
	*) usage ;;
	esac

	d=$(entry_dir)
	kver=$(release)
	mkdir -p "$cache"
	exec 9> "$cache/.lock"
	flock 9
	if [ -f "$d/stamp" ]; then
		msg "$kver cached in $d (built in $(cat "$d/build-seconds") s)"
	else
		build "$d" "$kver"
	fi
	echo "$d"
}

main "$@"; exit
