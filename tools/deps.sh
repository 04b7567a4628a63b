#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package that building mpls_pw, running the test VM,
# the selftests and the lint step need, including both kernels of the test
# matrix (bookworm 6.1 and bookworm-backports 6.12). Idempotent: a second
# run with everything present does nothing but check.
#
# The backports suite is added by reusing the mirror that the machine's own
# apt sources already name, so no host name is written here.

set -eu

[ "$(id -u)" = 0 ] || { echo "deps.sh: must run as root" >&2; exit 1; }

stamp=/var/lib/mpls-pw-deps.stamp
pkgs="build-essential libmnl-dev pkg-config sparse qemu-system-x86
      linux-headers-amd64 linux-image-amd64 linux-source-6.1
      iproute2 iputils-ping tcpdump socat python3 busybox kmod
      procps ethtool xz-utils perl"
bpo_pkgs="linux-image-amd64 linux-headers-amd64"

have_all() {
	dpkg-query -W -f='${Status}\n' $pkgs 2>/dev/null |
		grep -vc "install ok installed" | grep -qx 0 || return 1
	ls /lib/modules/6.12.*/build >/dev/null 2>&1 || return 1
	ls /lib/modules/6.1.*/build >/dev/null 2>&1 || return 1
	ls /usr/src/linux-source-6.1.tar.* >/dev/null 2>&1 || return 1
	return 0
}

if [ -f "$stamp" ] && have_all; then
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive

# Find the Debian mirror the machine already uses (deb822 or one-line form).
mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources \
	 2>/dev/null | tr ' ' '\n' | grep -v -- '-security' |
	 grep -m1 '/debian/\?$' || true)
if [ -z "$mirror" ]; then
	mirror=$(grep -hE '^deb[[:space:]]' /etc/apt/sources.list \
		 /etc/apt/sources.list.d/*.list 2>/dev/null |
		 awk '$3 ~ /^bookworm(-updates)?$/ {print $2; exit}')
fi
[ -n "$mirror" ] || { echo "deps.sh: no Debian mirror in apt sources" >&2; exit 1; }

bpo=/etc/apt/sources.list.d/mpls-pw-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	cat > "$bpo" <<EOT
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
fi

apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends -t bookworm-backports $bpo_pkgs >/dev/null

have_all || { echo "deps.sh: packages missing after install" >&2; exit 1; }
touch "$stamp"
