#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KVER OUTPUT [MODDIR] - build the test VM's initramfs for a
# kernel whose modules are in MODDIR (default /lib/modules/KVER).
#
# The initramfs holds a static busybox, tools/vm/initramfs-init as /init,
# and exactly the modules of MODDIR needed to mount the host root over
# virtio-9p and put an overlay on top of it (virtio_pci, 9p, overlay and
# their dependencies), decompressed and listed in load order; none if they
# are all built in (the debug kernel). Everything else the guest needs
# comes from the host root itself.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
busybox=${BUSYBOX:-/bin/busybox}
want="virtio_pci 9pnet_virtio 9p overlay"

die() {
	echo "mkinitramfs: $*" >&2
	exit 1
}

# Print the modules.dep path of module $1, or nothing if it is built in.
mod_path() {
	awk -v n="$1" -F: '{
		b = $1; sub(/.*\//, "", b); sub(/\.ko(\.[a-z]+)?$/, "", b)
		gsub(/-/, "_", b)
		if (b == n) { print $1; exit }
	}' "$moddir/modules.dep"
}

mod_deps() {
	awk -v p="$1" -F': *' '$1 == p { print $2; exit }' "$moddir/modules.dep"
}

# Depth-first walk: dependencies are emitted before their users.
declare -A seen
order=()
visit() {
	local p=$1 d

	[ -z "${seen[$p]:-}" ] || return 0
	seen[$p]=1
	for d in $(mod_deps "$p"); do
		visit "$d"
	done
	order+=("$p")
}

copy_mod() {
	local src=$moddir/$1 dst=$2

	case "$src" in
	*.ko)     cp "$src" "$dst" ;;
	*.ko.xz)  xz -dc "$src" > "$dst" ;;
	*.ko.zst) zstd -qdc "$src" > "$dst" ;;
	*.ko.gz)  gzip -dc "$src" > "$dst" ;;
	*)        die "unknown module format: $src" ;;
	esac
}

main() {
	local kver=$1 out=$2 name p tmp

	moddir=${3:-/lib/modules/$kver}
	[ -f "$moddir/modules.dep" ] || die "$moddir/modules.dep missing"
	ldd "$busybox" 2>&1 | grep -q 'not a dynamic' ||
		die "$busybox is not static (apt-get install busybox-static)"

	for name in $want; do
		p=$(mod_path "$name")
		if [ -n "$p" ]; then
			visit "$p"
		elif ! grep -Eq "/$name\.ko" "$moddir/modules.builtin"; then
			die "module $name neither in modules.dep nor built in"
		fi
	done

	tmp=$(mktemp -d)
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	mkdir -p "$tmp"/bin "$tmp"/dev "$tmp"/proc "$tmp"/sys "$tmp"/mods \
		 "$tmp"/lower "$tmp"/rw "$tmp"/newroot
	cp "$busybox" "$tmp/bin/busybox"
	ln -s busybox "$tmp/bin/sh"
	cp "$here/initramfs-init" "$tmp/init"
	chmod 755 "$tmp/init"
	: > "$tmp/mods/order"
	for p in "${order[@]}"; do
		name=$(basename "$p")
		name=${name%.xz}
		name=${name%.zst}
		name=${name%.gz}
		copy_mod "$p" "$tmp/mods/$name"
		echo "$name" >> "$tmp/mods/order"
	done

	(cd "$tmp" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
		> "$out.tmp.$$"
	mv -f "$out.tmp.$$" "$out"
}

[ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: mkinitramfs.sh KVER OUTPUT [MODDIR]"
main "$@"; exit
