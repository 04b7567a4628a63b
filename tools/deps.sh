#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package that building mpls_pw, running the test VM,
# the selftests and the lint step need, including both kernels of the test
# matrix: bookworm's 6.1 and bookworm-backports' 6.12, images and headers,
# and what tools/vm/debug-kernel.sh builds the debug kernel with (the
# linux-source-6.12 package and a kernel's build dependencies).
# Idempotent: with everything present it only checks (no apt at all).
#
# The 6.1 image and headers are installed under their versioned names (the
# ABI that bookworm's linux-image-amd64 depends on), so they stay installed,
# marked manual, after the metapackages move to backports' 6.12.
#
# The backports suite is added by reusing the mirror that the machine's own
# apt sources already name, so no host name is written here.

set -eu

here=$(cd "$(dirname "$0")" && pwd)

pkgs="build-essential pkg-config libmnl-dev sparse perl
      qemu-system-x86 busybox-static cpio xz-utils zstd kmod util-linux procps
      iproute2 iputils-ping iputils-arping tcpdump socat netcat-openbsd
      python3 python3-yaml ethtool jq gojq
      linux-source-6.1 shellcheck
      linux-source-6.12 flex bison bc libelf-dev libssl-dev"
bpo_pkgs="linux-image-amd64 linux-headers-amd64"

msg() {
	echo "deps: $*" >&2
}

die() {
	msg "$@"
	exit 1
}

# A kernel of series $1 (6.1, 6.12) with image and headers.
have_kernel() {
	local b k

	for b in /lib/modules/"$1".*/build; do
		k=${b%/build}
		k=${k#/lib/modules/}
		[ -d "$b" ] && [ -f "/boot/vmlinuz-$k" ] && return 0
	done
	return 1
}

have_all() {
	local p

	# shellcheck disable=SC2086
	p=$(dpkg-query -W -f='${Status}\n' $pkgs 2>/dev/null |
	    grep -c '^install ok installed$' || true)
	# shellcheck disable=SC2086
	[ "$p" -eq "$(echo $pkgs | wc -w)" ] || return 1
	have_kernel 6.1 && have_kernel 6.12 || return 1
	ls /usr/src/linux-source-6.1.tar.* >/dev/null 2>&1 || return 1
	ls /usr/src/linux-source-6.12.tar.* >/dev/null 2>&1 || return 1
}

# Keep the installed 6.1 kernels from being auto-removed once the
# metapackages point at 6.12 (no network needed).
keep_61() {
	local auto

	auto=$(apt-mark showauto 'linux-image-6.1.*' 'linux-headers-6.1.*' \
	       2>/dev/null | grep -E -- '-amd64$' || true)
	# shellcheck disable=SC2086
	[ -z "$auto" ] || apt-mark manual $auto >/dev/null
}

add_backports() {
	local mirror bpo=/etc/apt/sources.list.d/mpls-pw-backports.sources

	grep -rqs 'bookworm-backports' /etc/apt/sources.list \
		/etc/apt/sources.list.d/ && return 0

	# The Debian mirror the machine already uses (deb822 or one-line).
	mirror=$(sed -n 's/^URIs:[[:space:]]*//p' \
		 /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n' |
		 grep -v -- '-security' | grep -m1 '/debian/\?$' || true)
	if [ -z "$mirror" ]; then
		mirror=$(grep -hE '^deb[[:space:]]' /etc/apt/sources.list \
			 /etc/apt/sources.list.d/*.list 2>/dev/null |
			 awk '$3 ~ /^bookworm(-updates)?$/ { print $2; exit }')
	fi
	[ -n "$mirror" ] || die "no Debian mirror in the apt sources"
	msg "adding bookworm-backports ($mirror)"
	cat > "$bpo" <<EOT
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
}

# The versioned 6.1 image name that bookworm's (or bookworm-security's)
# linux-image-amd64 depends on, e.g. linux-image-6.1.0-56-amd64.
k61_image() {
	local v

	v=$(apt-cache madison linux-image-amd64 | awk -F'|' '{ gsub(/ /, "", $2);
		if ($2 ~ /^6\.1\./) print $2 }' | sort -V | tail -n 1)
	[ -n "$v" ] || die "no 6.1 linux-image-amd64 in the apt sources"
	apt-cache show "linux-image-amd64=$v" |
		sed -nE 's/^Depends:.*(linux-image-6\.1\.[^ ,]*-amd64).*/\1/p' |
		head -n 1
}

main() {
	local img

	if have_all; then
		[ "$(id -u)" != 0 ] || keep_61
		exit 0
	fi
	[ "$(id -u)" = 0 ] || die "packages missing; run as root: tools/deps.sh"
	export DEBIAN_FRONTEND=noninteractive

	add_backports
	msg "apt-get update"
	apt-get update -qq || msg "warning: apt-get update reported errors"

	img=$(k61_image)
	[ -n "$img" ] || die "cannot resolve the 6.1 kernel ABI"
	msg "installing packages and $img"
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $pkgs "$img" \
		"${img/linux-image-/linux-headers-}" >/dev/null
	msg "installing the bookworm-backports kernel"
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends -t bookworm-backports \
		$bpo_pkgs >/dev/null
	keep_61

	have_all || die "packages still missing after the install"
	msg "the kernel matrix: $("$here/vm/kernels.sh" | tr '\n' ' ')"
}

main "$@"; exit
