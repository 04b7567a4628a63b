#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What userspace and the wire must not be able to do to a PE: each check
# is a defect found in review, and fails without its fix.
#
#                            P1 (mpls_router)
#                 core1 --- pe1      pe2 --- core0  PE2  ac0 ---- eth2
#  CE1                                               | mgmt0        \
#  eth0 ---- ac0  PE1                                |               br0  CE2
#           ac1 (a second AC, to nobody)           mgmt0 M (a management
#                 core2 --- pe1      pe3 --- core0  PE3  ac0 -- eth3 host: no
#                            P2 (mpls_router)                       MPLS input)
#
# (lib_redundancy.sh's topology, plus PE2 -- M, a segment where MPLS input
# is off until a check switches it on.)
#
#  - a PW deleted or moved while it carries the AC's traffic, in every
#    selection state (steady, holdoff, reroute, manual, independent,
#    bypass), under traffic: the AC moves on at once, never through it
#  - MPLS input: off by default per device; frames and forged status from
#    a device without it are refused and counted, delivered once it is on
#  - an S-PE relay decrements the PW label's TTL and drops it at 1
#  - a pending checksum is resolved before the labels go on
#  - an AC is promiscuous while it is one
#  - an AC whose dual-sending cache fills a message is still dumped
#  - a tunnel or tracked VRRP device deleted stays gone, whatever device
#    takes its ifindex later
#  - a burst of status flips is rate-limited, the last one wins
#  - the per-netns PW limit, what an unprivileged user namespace may do,
#    and the memory cgroup charge of PW state

source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"

M=""
M_IP=198.18.0.2
PE2_M_IP=198.18.0.1
PING_PID=

# ------------------------------------------------------------ topology --

setup()
{
	r_topo_create || return 1
	setup_ns M || return 1
	MUST_FAILED=0
	must ip -n "$PE2" link add mgmt0 type veth peer name mgmt0 netns "$M"
	must ip -n "$PE2" addr add $PE2_M_IP/30 dev mgmt0
	must ip -n "$M" addr add $M_IP/30 dev mgmt0
	must ip -n "$PE2" link set mgmt0 up
	must ip -n "$M" link set mgmt0 up
	must ip -n "$PE1" link add ac1 type veth peer name ce1b
	must ip -n "$PE1" link set ac1 up
	must ip -n "$PE1" link set ce1b up
	must nsx "$M" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	r_route_pri
	r_route_sec
	[ "$MUST_FAILED" = 0 ]
}

# fresh MODE [PW OPTION...]: the four PWs anew, PE1 on its primary.
fresh()
{
	r_pws_del
	"$PWCTL" -n "$PE1" ac del dev ac1 > /dev/null 2>&1
	r_link_restore 1 > /dev/null && r_link_restore 2 > /dev/null &&
	r_pws_add "$@" && r_neigh_pin && r_wait_ready
}

# flood_start / flood_stop: CE1 pings CE2 every 10 ms in the background
# (traffic through whatever PE1 selects while a check changes it).
flood_start()
{
	bg_start PING_PID ip netns exec "$CE1" ping -q -i 0.01 $R_CE2_IP \
		> /dev/null 2>&1
}

# active_now VC: PE1's AC carries on VC at once (no timer to wait for),
# and, the flood stopped, CE1 reaches CE2 through it alone.
active_now()
{
	shows r_active_is "$PE1" "$1" || return 1
	bg_stop "$PING_PID"
	carries "$1"
}

pri_del()
{
	pwc "$PE1" pw del peer $R_PE2_LO vc-id $R_VC_PRI
}

sec_del()
{
	pwc "$PE1" pw del peer $R_PE3_LO vc-id $R_VC_SEC
}

# ------------------------------------------------- deleting the active PW --

check_del_steady()
{
	fresh master || return 1
	flood_start
	pri_del || return 1
	active_now $R_VC_SEC
}

check_del_holdoff()
{
	fresh master || return 1
	pwc "$PE1" ac set dev ac0 holdoff 60 || return 1
	flood_start
	r_link_fail 1 || return 1
	# the holdoff keeps the failed primary selected for a minute...
	shows slowwait 10 r_pri '.fwd == "down"' || return 1
	shows r_active_is "$PE1" $R_VC_PRI || return 1
	# ...but not once it is deleted
	pri_del || return 1
	active_now $R_VC_SEC
}

check_del_reroute()
{
	fresh master || return 1
	pwc "$PE1" ac set dev ac0 reroute delay 600 || return 1
	flood_start
	r_link_fail 1 || return 1
	shows slowwait 10 r_active_is "$PE1" $R_VC_SEC || return 1
	r_link_restore 1 || return 1
	# the primary is back, the reroute delay keeps the secondary...
	shows slowwait 10 r_pri '.fwd == "standby"' || return 1
	shows r_active_is "$PE1" $R_VC_SEC || return 1
	# ...until the secondary is deleted
	sec_del || return 1
	active_now $R_VC_PRI
}

check_del_manual()
{
	fresh master || return 1
	pwc "$PE1" ac set dev ac0 reroute immediately || return 1
	flood_start
	pwc "$PE1" ac switchover dev ac0 || return 1
	shows r_active_is "$PE1" $R_VC_SEC || return 1
	sec_del || return 1
	active_now $R_VC_PRI || return 1
	shows r_ac '.manual == false' || return 1
	# the switchover went with its PW: a new secondary is not chosen
	pwc "$PE1" pw add peer $R_PE3_LO vc-id $R_VC_SEC \
		local-label $R_LBL_PE1_SEC remote-label $R_LBL_PE3 \
		dev ac0 secondary control-word || return 1
	shows slowwait 10 r_sec '.fwd == "standby"' || return 1
	active_now $R_VC_PRI
}

check_del_independent()
{
	fresh independent || return 1
	flood_start
	pri_del || return 1
	active_now $R_VC_SEC
}

check_del_bypass()
{
	fresh master || return 1
	pwc "$PE1" pw set peer $R_PE3_LO vc-id $R_VC_SEC dev ac0 bypass ||
		return 1
	pwc "$PE1" ac set dev ac0 holdoff 60 || return 1
	flood_start
	r_link_fail 1 || return 1
	# the bypass carries while the primary is down, holdoff or not
	shows slowwait 10 r_active_is "$PE1" $R_VC_SEC || return 1
	sec_del || return 1
	shows r_active_is "$PE1" none || return 1
	shows r_ac '.stats.drop_no_pw >= 0'
}

# The active PW moved to another AC: the first AC's frames stay out of it.
check_move()
{
	local b a

	fresh master || return 1
	pwc "$PE1" ac add dev ac1 || return 1
	flood_start
	pwc "$PE1" pw set peer $R_PE2_LO vc-id $R_VC_PRI dev ac1 || return 1
	shows r_active_is "$PE1" $R_VC_SEC || return 1
	shows ac_jq "$PE1" ac1 '.active_pw.vc_id == 100' || return 1
	bg_stop "$PING_PID"
	b=$(r_stats "$PE1") || return 1
	r_ping "$CE1" $R_CE2_IP 10 || return 1
	a=$(r_stats "$PE1") || return 1
	expect_eq "PW 100 (now on ac1) tx_packets" 0 \
		"$(r_delta "$b" "$a" '"100".tx_packets')" || return 1
	expect_eq "PW 200 tx_packets" 10 \
		"$(r_delta "$b" "$a" '"200".tx_packets')"
}

# ----------------------------------------------------------- MPLS input --

# m_inject LABEL[:ttl=N] [inject.py OPTION...]: frames from M to PE2's
# mgmt0, LABEL at the bottom of the stack.
m_inject()
{
	local label=$1

	shift
	inject "$M" mgmt0 --dst "$(dev_mac "$PE2" mgmt0)" \
		--label "$label:s" "$@" > /dev/null
}

m_data()
{
	m_inject $R_LBL_PE2 --cw 0 --inner-dst $R_CE2_MAC \
		--inner-src 02:00:00:00:66:66 --tag 5afe5afe "$@"
}

# a standby status message (RFC 6478) for PE2's PW to PE1
m_status()
{
	m_inject $R_LBL_PE2 --cw 0x10000027 \
		--inner-hex 001e0800096a000400000020 "$@"
}

ns_stat()
{
	ns_stats "$1" | jq -r ".$2 // 0"
}

check_input_default()
{
	"$PWCTL" -n "$PE2" -j link show dev mgmt0 |
		jq -e '.[0].mpls_input == false' || return 1
	"$PWCTL" -n "$PE2" -j link show |
		jq -e 'map(.dev) == ["core0"]'
}

check_input_refused()
{
	local b a b1 a1 nb na

	fresh master status-signaling on || return 1
	b=$(r_stats "$PE2") && b1=$(r_stats "$PE1") || return 1
	nb=$(ns_stat "$PE2" drop_input)
	m_data --count 20 || return 1
	m_status --count 5 || return 1
	a1=$(r_stats "$PE1") && a=$(r_stats "$PE2") || return 1
	na=$(ns_stat "$PE2" drop_input)
	expect_eq "PE2 drop_input" 25 $((na - nb)) || return 1
	expect_eq "PE2 PW rx_packets" 0 \
		"$(r_delta "$b" "$a" '"100".rx_packets')" || return 1
	# only what PE1 itself sent meanwhile (a refresh on a slow kernel)
	expect_eq "PE2 PW ach_rx" "$(r_delta "$b1" "$a1" '"100".ach_tx')" \
		"$(r_delta "$b" "$a" '"100".ach_rx')" || return 1
	# the forged standby did not reach the PW
	shows r_pe2 '.status_rcvd == 0'
}

check_input_on()
{
	local b a

	pwc "$PE2" link set dev mgmt0 mpls-input on || return 1
	"$PWCTL" -n "$PE2" -j link show dev mgmt0 |
		jq -e '.[0].mpls_input == true' || return 1
	b=$(r_stats "$PE2") || return 1
	m_data --count 20 || return 1
	a=$(r_stats "$PE2") || return 1
	expect_eq "PE2 PW rx_packets" 20 \
		"$(r_delta "$b" "$a" '"100".rx_packets')"
}

check_input_dev_gone()
{
	run ip -n "$PE2" link add tmp0 type dummy &&
	pwc "$PE2" link set dev tmp0 mpls-input on &&
	"$PWCTL" -n "$PE2" -j link show |
		jq -e 'map(.dev) | index("tmp0") != null' &&
	run ip -n "$PE2" link del tmp0 &&
	"$PWCTL" -n "$PE2" -j link show |
		jq -e 'map(.dev) | index("tmp0") == null'
}

# ------------------------------------------------------- S-PE relay TTL --

# On PE2: PW X (to P1's side) switched to PW Y (received from M).
LBL_X_IN=9000 LBL_X_OUT=9001 LBL_Y_IN=9100 LBL_Y_OUT=9101

relay_setup()
{
	run ip -n "$PE2" neigh replace $M_IP lladdr "$(dev_mac "$M" mgmt0)" \
		dev mgmt0 nud permanent &&
	pwc "$PE2" pw add peer 192.0.2.100 vc-id 900 local-label $LBL_X_IN \
		remote-label $LBL_X_OUT tunnel via $R_P1_PE2 dev core0 &&
	pwc "$PE2" pw add peer 192.0.2.101 vc-id 901 local-label $LBL_Y_IN \
		remote-label $LBL_Y_OUT tunnel via $M_IP dev mgmt0 &&
	pwc "$PE2" switch add peer 192.0.2.100 vc-id 900 \
		peer 192.0.2.101 vc-id 901 &&
	slowwait 30 pw_jq "$PE2" 192.0.2.101 901 '.fwd == "active"' &&
		slowwait 30 pw_jq "$PE2" 192.0.2.100 900 '.fwd == "active"'
}

check_relay_ttl()
{
	local out=$TMPD/relay.json b a

	relay_setup || return 1
	# P1 has no route for label 9001: its side of the link sees it
	sniff_start "$P1" pe2 "$out" --dir in --count 1 --timeout 60 \
		--contains "$(printf ttlrelay | od -An -tx1 | tr -d ' \n')" ||
		return 1
	b=$(pw_stats "$PE2" 192.0.2.101 901) || return 1
	m_inject $LBL_Y_IN:ttl=1 --inner-dst $R_CE2_MAC \
		--tag dead0001 --count 3 || return 1
	m_inject $LBL_Y_IN:ttl=10 --inner-dst $R_CE2_MAC --tag ttlrelay ||
		return 1
	sniff_wait || { echo "nothing relayed"; return 1; }
	a=$(pw_stats "$PE2" 192.0.2.101 901) || return 1
	expect_eq "drop_ttl" 3 "$(jdelta "$b" "$a" drop_ttl)" || return 1
	jq -e -s ".[0].labels == [{\"label\": $LBL_X_OUT, \"tc\": 0,
		\"s\": 1, \"ttl\": 9}]" "$out" ||
		{ cat "$out"; return 1; }
}

# --------------------------------------------------- pending checksums --

# A UDP datagram CE1 -> CE2 leaves CE1's veth with its checksum to be
# done (CHECKSUM_PARTIAL); on the core link it must be complete.
check_csum()
{
	local out=$TMPD/csum.json

	fresh master || return 1
	sniff_start "$P1" pe2 "$out" --dir out --count 1 --timeout 20 \
		--snap 400 --contains c5c5787878 || return 1
	nsx "$CE1" "$PYTHON" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"\xc5\xc5" + b"x" * 100, ("'$R_CE2_IP'", 9))' || return 1
	sniff_wait || { echo "nothing captured"; return 1; }
	"$PYTHON" -S "$HELPERS/l4csum.py" --cw < "$out"
}

# ---------------------------------------------------------------- misc --

promisc()
{
	ip -n "$PE1" -d -j link show "$1" | jq -r '.[0].promiscuity'
}

check_promisc()
{
	r_pws_del
	expect_eq "ac0 promiscuity before" 0 "$(promisc ac0)" || return 1
	pwc "$PE1" ac add dev ac0 || return 1
	expect_eq "ac0 promiscuity as an AC" 1 "$(promisc ac0)" || return 1
	pwc "$PE1" ac del dev ac0 || return 1
	expect_eq "ac0 promiscuity after" 0 "$(promisc ac0)"
}

# 256 ARP senders on PE1's AC: the cache is full, and the AC is still
# in a dump (and in a GET).
check_cache_dump()
{
	fresh master || return 1
	pwc "$PE1" ac set dev ac0 arp-dual-sending || return 1
	nsx "$CE1" "$PYTHON" -c '
import socket, struct
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
src = bytes.fromhex("020000000101")
for i in range(256):
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, src,
                      bytes([10, 9, i // 256, i % 256]), bytes(6),
                      bytes([10, 9, 255, 254]))
    s.send(b"\xff" * 6 + src + b"\x08\x06" + arp)' || return 1
	slowwait 10 eval '"$PWCTL" -n "$PE1" -j -d ac show dev ac0 |
		jq -e ".[0].cache | length == 256"' ||
		{ "$PWCTL" -n "$PE1" -j -d ac show dev ac0 |
		  jq '.[0].cache | length'; return 1; }
	"$PWCTL" -n "$PE1" -j -d ac show |
		jq -e 'map(select(.dev == "ac0")) | .[0].cache | length == 256'
}

ifindex_of()
{
	ip -n "$1" -j link show "$2" | jq -r '.[0].ifindex'
}

check_tunnel_rebind()
{
	local idx

	run ip -n "$PE1" link add tun0 type veth peer name tun0p &&
	run ip -n "$PE1" link set tun0 up && run ip -n "$PE1" link set tun0p up ||
		return 1
	idx=$(ifindex_of "$PE1" tun0)
	pwc "$PE1" pw add peer 192.0.2.200 vc-id 700 local-label 7000 \
		remote-label 7001 tunnel via 198.18.9.1 dev tun0 || return 1
	pw_jq "$PE1" 192.0.2.200 700 '.nexthop.dev == "tun0"' || return 1
	run ip -n "$PE1" link del tun0 || return 1
	run ip -n "$PE1" link add tun0 index "$idx" type veth peer name tun0p &&
	run ip -n "$PE1" link set tun0 up && run ip -n "$PE1" link set tun0p up ||
		return 1
	# a new device with the old number is not the tunnel
	pw_jq "$PE1" 192.0.2.200 700 '.nexthop == null' || return 1
	pw_jq "$PE1" 192.0.2.200 700 \
		'.down_reasons | index("tunnel-dev-down") != null'
}

check_vrrp_rebind()
{
	local idx

	run ip -n "$PE1" link add vr0 type dummy && run ip -n "$PE1" link set vr0 up ||
		return 1
	idx=$(ifindex_of "$PE1" vr0)
	pwc "$PE1" pw add peer 192.0.2.201 vc-id 701 local-label 7010 \
		remote-label 7011 tunnel via 198.51.100.2 dev core1 \
		track-vrrp dev vr0 vrid 5 || return 1
	pwc "$PE1" vrrp set dev vr0 vrid 5 state master || return 1
	pw_jq "$PE1" 192.0.2.201 701 \
		'.down_reasons | index("vrrp-backup") == null' || return 1
	run ip -n "$PE1" link del vr0 || return 1
	pw_jq "$PE1" 192.0.2.201 701 \
		'.down_reasons | index("vrrp-backup") != null' || return 1
	run ip -n "$PE1" link add vr0 index "$idx" type dummy || return 1
	pwc "$PE1" vrrp set dev vr0 vrid 5 state master || return 1
	# the group of another device with the old number is not tracked
	pw_jq "$PE1" 192.0.2.201 701 \
		'.down_reasons | index("vrrp-backup") != null'
}

# 100 status messages alternating standby / active, back to back: all
# taken, changes beyond 10 a second wait, and the last one (active) wins.
# flood_counted: PE2 received the 100 forged messages and every one PE1
# sent since FLOOD_B1 (PE1's, FLOOD_B PE2's counters before the flood).
flood_counted()
{
	local a a1

	a1=$(r_stats "$PE1") && a=$(r_stats "$PE2") || return 1
	FLOOD_EXP=$((100 + $(r_delta "$FLOOD_B1" "$a1" '"100".ach_tx')))
	FLOOD_GOT=$(r_delta "$FLOOD_B" "$a" '"100".ach_rx')
	[ "$FLOOD_GOT" = "$FLOOD_EXP" ]
}

check_status_flood()
{
	local b a b1 i

	fresh master status-signaling on || return 1
	b=$(r_stats "$PE2") && b1=$(r_stats "$PE1") || return 1
	nsx "$P1" "$PYTHON" -c '
import socket, struct
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("pe2", 0))
hdr = bytes.fromhex("'"$(dev_mac "$PE2" core0 | tr -d :)"'") + \
      bytes.fromhex("'"$(dev_mac "$P1" pe2 | tr -d :)"'") + b"\x88\x47"
lse = struct.pack("!I", ('$R_LBL_PE2' << 12) | 0x100 | 64)
for i in range(100):
    bits = 0x20 if i % 2 == 0 else 0
    msg = struct.pack("!IHBBHHI", 0x10000027, 30, 8, 0, 0x096a, 4, bits)
    s.send(hdr + lse + msg)' || return 1
	# and what PE1 itself sent meanwhile (a refresh, an ack on a slow
	# kernel), once what is on the way has arrived
	FLOOD_B=$b FLOOD_B1=$b1
	if ! slowwait 10 flood_counted; then
		expect_eq "ach_rx" "$FLOOD_EXP" "$FLOOD_GOT"
		return 1
	fi
	a=$(r_stats "$PE2") || return 1
	i=$(r_delta "$b" "$a" '"100".ach_limited')
	[ "$i" -gt 0 ] || { echo "no change was rate-limited"; return 1; }
	shows slowwait 5 r_pe2 '.status_rcvd == 0'
}

# ------------------------------------------------------ limits, userns --

check_max_pws()
{
	local ns=$PE3 i

	r_pws_del
	"$PWCTL" -n "$ns" -j net show | jq -e ".max_pws == 131072" || return 1
	pwc "$ns" net set max-pws 2 || return 1
	for i in 1 2; do
		pwc "$ns" pw add peer 192.0.2.210 vc-id $i local-label $((7100 + i)) \
			remote-label 7200 tunnel via $R_P2_PE3 dev core0 || return 1
	done
	if pwc "$ns" pw add peer 192.0.2.210 vc-id 3 local-label 7103 \
		remote-label 7200 tunnel via $R_P2_PE3 dev core0 \
		2> "$TMPD/err"; then
		echo "a third PW was accepted"
		return 1
	fi
	grep -q "max-pws" "$TMPD/err" || { cat "$TMPD/err"; return 1; }
	"$PWCTL" -n "$ns" -j net show | jq -e '.pws == 2 and .max_pws == 2' ||
		return 1
	pwc "$ns" net set max-pws 131072
}

# A user namespace owner runs a PE in its own netns, within the limits.
check_userns()
{
	unshare -Urn bash -c '
		set -e
		ip link add d0 type dummy
		ip link set d0 up
		pwctl pw add peer 192.0.2.1 vc-id 1 local-label 100 \
			remote-label 200 tunnel via 192.0.2.254 dev d0
		pwctl -j net show | grep -q "\"pws\":1"
		pwctl net set max-pws 10
		if pwctl net set max-pws 200000 2> err; then exit 1; fi
		grep -q "initial user namespace" err
	' || return 1
	# and cannot reach another netns
	! unshare -Ur "$PWCTL" -n "$PE1" pw show > /dev/null 2>&1
}

# PW state is charged to the memory cgroup of whoever creates it.
check_memcg()
{
	local cg=/sys/fs/cgroup/mpls-pw-$$ before after i

	memcg_create "$cg" || return 1
	for i in $(seq 1 500); do
		echo "pw add peer 192.0.2.220 vc-id $i local-label $((20000 + i))" \
			"remote-label 300 tunnel via $R_P2_PE3 dev core0"
	done > "$TMPD/batch"
	before=$(memcg_kmem "$cg")
	bash -c "echo \$\$ > $cg/cgroup.procs && exec $PWCTL -n $PE3 -batch $TMPD/batch" ||
		return 1
	after=$(memcg_kmem "$cg")
	echo "kernel memory charged for 500 PWs: $((after - before)) bytes"
	[ $((after - before)) -ge $((500 * 512)) ] ||
		{ echo "expected at least 512 bytes per PW"; return 1; }
	for i in $(seq 1 500); do
		echo "pw del peer 192.0.2.220 vc-id $i"
	done > "$TMPD/batch"
	pwc "$PE3" -batch "$TMPD/batch"
}

check_log()
{
	kmsg_clean
}

# ---------------------------------------------------------------- main --

require_mpls_pw
require_mpls_router
require_cmd unshare

ktap_plan 24
kmsg_mark safety
if ! setup > "$TMPD/setup.log" 2>&1; then
	diag "$(cat "$TMPD/setup.log")"
	ktap_bail "topology setup failed"
fi

scoped "deleting the active PW, steady" check_del_steady
scoped "deleting the active PW while holdoff runs" check_del_holdoff
scoped "deleting the active PW while the reroute delay runs" check_del_reroute
scoped "deleting the PW a manual switchover chose" check_del_manual
scoped "deleting the active PW, independent mode" check_del_independent
scoped "deleting the bypass PW in use" check_del_bypass
scoped "moving the active PW to another AC" check_move
scoped "MPLS input is off by default" check_input_default
scoped "frames and status from a device without MPLS input are refused" check_input_refused
scoped "frames from a device with MPLS input are taken" check_input_on
scoped "a deleted device's MPLS input goes with it" check_input_dev_gone
scoped "an S-PE relay decrements the PW label TTL, drops at 1" check_relay_ttl
scoped "a pending checksum is complete on the wire" check_csum
scoped "an AC is promiscuous while it is one" check_promisc
scoped "an AC with a full ARP cache is dumped" check_cache_dump
scoped "a deleted tunnel device stays gone" check_tunnel_rebind
scoped "a deleted VRRP device stays gone" check_vrrp_rebind
scoped "a burst of status flips is rate-limited" check_status_flood
scoped "the per-netns PW limit" check_max_pws
scoped "an unprivileged user namespace runs its own PE" check_userns
scoped "PW state is charged to the memory cgroup" check_memcg
check "no splat, leak or stuck device in the kernel log" check_log
r_pws_del
scoped "module state is gone with the PWs" check_log
kmsg_mark safety-end
check "kernel log clean at the end" kmsg_clean
ktap_finish
