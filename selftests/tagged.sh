#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RFC 4448 encapsulation modes, checked on the frames the P router sees:
# raw mode carries the CE's frame without its service-delimiting VLAN tag,
# tagged mode with one (the VLAN AC's VID, or "vlan VID", pushed when the
# frame arrives untagged), and the far end hands the CE its frame as the
# CE sent it.
#
#  CE1                PE1                      P                    PE2                CE2
#  eth0.100           ac0.100 (VLAN AC)                             ac0.100 (VLAN AC)  eth0.100
#  eth0 ------------- ac0   core0 ------- pe1    pe2 ------- core0  ac0 ------------- eth0
#                     198.51.100.1/30   .2/30    .5/30   198.51.100.6/30
#                     lo 203.0.113.1        mpls_router        lo 203.0.113.2
#                                           capture here
#  CE1 192.0.2.1/24 (on eth0.100, then on eth0), CE2 192.0.2.2/24 likewise
#
#  PW vc-id 100, control word: PE1 sends [100][2000 S][CW][frame] to P,
#  PE2 sends [101][1000 S][CW][frame]; P pops the tunnel label.
#
# Checked, each with pings both ways and every PW data frame captured on
# P's two interfaces decoded (label stack, control word, inner Ethernet
# header): VLAN 100 sub-interfaces as ACs, CEs tagging VID 100: raw mode
# carries the frames untagged; tagged mode carries VID 100; "tagged vlan
# 200" on them carries VID 200 and the CEs still see 100; tagged mode
# without a VID on a port AC is refused; "tagged vlan 200" on port ACs with
# untagged CEs pushes 200 and the far end pops it; a clean kernel log.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"
source "$SELFTEST_DIR/lib_seed.sh"

require_mpls_pw
require_mpls_router
require_cmd ping

ktap_plan 9
kmsg_mark tagged

VID=100
AC=ac0.$VID

setup()
{
	modprobe -q 8021q 2> /dev/null
	topo_create && p_lsp inet php || return 1
	MUST_FAILED=0
	must ip -n "$PE1" link add link ac0 name $AC type vlan id $VID
	must ip -n "$PE2" link add link ac0 name $AC type vlan id $VID
	must ip -n "$CE1" link add link eth0 name eth0.$VID type vlan id $VID
	must ip -n "$CE2" link add link eth0 name eth0.$VID type vlan id $VID
	must nsx "$PE1" sysctl -qw net/ipv6/conf/$AC/disable_ipv6=1
	must nsx "$PE2" sysctl -qw net/ipv6/conf/$AC/disable_ipv6=1
	# the CEs' addresses move to their VLAN 100 interfaces
	must ip -n "$CE1" addr flush dev eth0
	must ip -n "$CE2" addr flush dev eth0
	must ip -n "$CE1" addr add $CE1_IP4/24 dev eth0.$VID
	must ip -n "$CE2" addr add $CE2_IP4/24 dev eth0.$VID
	for ns in "$PE1" "$PE2"; do
		must ip -n "$ns" link set $AC up
	done
	for ns in "$CE1" "$CE2"; do
		must ip -n "$ns" link set eth0.$VID up
	done
	[ "$MUST_FAILED" = 0 ]
}

# pws_add DEV [PW OPTION...]: DEV an AC on both PEs, the PW between them.
pws_add()
{
	local dev=$1

	shift
	pwc "$PE1" ac add dev "$dev" &&
	pwc "$PE1" pw add peer $PE2_LO4 vc-id $PW_VC local-label $PW_LABEL_PE1 \
		remote-label $PW_LABEL_PE2 dev "$dev" control-word \
		tunnel via $P_PE1_4 dev core0 label $LSP_TO_PE2 "$@" &&
	pwc "$PE2" ac add dev "$dev" &&
	pwc "$PE2" pw add peer $PE1_LO4 vc-id $PW_VC local-label $PW_LABEL_PE2 \
		remote-label $PW_LABEL_PE1 dev "$dev" control-word \
		tunnel via $P_PE2_4 dev core0 label $LSP_TO_PE1 "$@" || return 1
	PW_PEER1=$PE2_LO4 PW_PEER2=$PE1_LO4
	wait_pw_pair_active
}

# pws_set [PW OPTION...]: change the PW at both ends.
pws_set()
{
	pwc "$PE1" pw set peer $PE2_LO4 vc-id $PW_VC "$@" &&
		pwc "$PE2" pw set peer $PE1_LO4 vc-id $PW_VC "$@"
}

# frames_check FILE LABEL WANT: every PW data frame captured (FILE, from
# sniff.py) has LABEL as its bottom-of-stack label, a data control word
# (0000...) and an inner Ethernet header that is untagged (WANT
# "untagged") or 802.1Q-tagged with VID WANT (PCP 0); at least one is an
# IPv4 packet (the pings).
frames_check()
{
	local file=$1 label=$2 want=$3 tci=

	[ "$want" = untagged ] || tci=$(printf '%04x' "$want")
	# payload_hex: CW [0:8], inner dst [8:20], src [20:32], type [32:36],
	# then for a tagged frame TCI [36:40] and the inner type [40:44]
	jq -e -s --argjson l "$label" --arg tci "$tci" '
		[.[] | select(.labels != null and
			      (.payload_hex[0:1] == "0"))] as $f
		| ($f | length) > 0 and
		  all($f[]; .labels[-1].label == $l and .labels[-1].s == 1 and
			    .payload_hex[0:8] == "00000000" and
			    (if $tci == "" then
				(.payload_hex[32:36] | IN("8100", "88a8") | not)
			     else
				.payload_hex[32:36] == "8100" and
				.payload_hex[36:40] == $tci
			     end)) and
		  any($f[]; (if $tci == "" then .payload_hex[32:36]
			     else .payload_hex[40:44] end) == "0800")' \
		"$file" > /dev/null && return 0
	echo "frames in $file not as expected ($want, PW label $label):"
	jq -c '{labels: [.labels[]?.label], payload: .payload_hex[0:48]}' "$file"
	return 1
}

# carried WANT: CE1 and CE2 ping each other; P sees every PW frame in
# both directions encapsulated as WANT says (see frames_check).
carried()
{
	local want=$1 rc=0

	s_capture to2 "$P" pe1 --ethertype 0x8847 --count 8 --timeout 20 &&
	s_capture to1 "$P" pe2 --ethertype 0x8847 --count 8 --timeout 20 ||
		return 1
	r_ping "$CE1" $CE2_IP4 5 || { echo "CE1 -> CE2 failed"; rc=1; }
	r_ping "$CE2" $CE1_IP4 5 || { echo "CE2 -> CE1 failed"; rc=1; }
	s_capture_done to2
	s_capture_done to1
	frames_check "$TMPD/to2" $PW_LABEL_PE2 "$want" || rc=1
	frames_check "$TMPD/to1" $PW_LABEL_PE1 "$want" || rc=1
	[ "$rc" = 0 ] || pw_show_all "$PE1" "$PE2"
	return $rc
}

vlan_raw()
{
	pws_add $AC && pw_jq "$PE1" $PE2_LO4 $PW_VC '.mode == "raw"' &&
		carried untagged
}

vlan_tagged()
{
	pws_set tagged && pw_jq "$PE1" $PE2_LO4 $PW_VC '.mode == "tagged"' &&
		carried $VID
}

vlan_tagged_200()
{
	pws_set tagged vlan 200 &&
		pw_jq "$PE1" $PE2_LO4 $PW_VC '.mode == "tagged" and .vlan == 200' &&
		carried 200
}

# The VLAN ACs go, the CEs' addresses back to their untagged ports.
to_port_acs()
{
	local ns

	MUST_FAILED=0
	must pwc "$PE1" ac del dev $AC
	must pwc "$PE2" ac del dev $AC
	for ns in "$PE1" "$PE2"; do
		must ip -n "$ns" link del $AC
	done
	for ns in "$CE1" "$CE2"; do
		must ip -n "$ns" link del eth0.$VID
	done
	must ip -n "$CE1" addr add $CE1_IP4/24 dev eth0
	must ip -n "$CE2" addr add $CE2_IP4/24 dev eth0
	[ "$MUST_FAILED" = 0 ]
}

# A port AC has no VID of its own: "tagged" needs "vlan VID" there.
port_tagged_refused()
{
	local out

	to_port_acs && pws_add ac0 || return 1
	if out=$("$PWCTL" -n "$PE1" pw set peer $PE2_LO4 vc-id $PW_VC tagged \
		2>&1); then
		echo "accepted: tagged without a VID on a port AC"
		return 1
	fi
	grep -q "Tagged mode needs a VID" <<< "$out" ||
		{ echo "message: $out"; return 1; }
	pw_jq "$PE1" $PE2_LO4 $PW_VC '.mode == "raw"' ||
		{ echo "the PW changed"; return 1; }
}

port_tagged_200()
{
	pws_set tagged vlan 200 && carried 200
}

# Back to raw on the port ACs: untagged again.
port_raw()
{
	pws_set raw && pw_jq "$PE1" $PE2_LO4 $PW_VC '.mode == "raw"' &&
		carried untagged
}

check "topology: VLAN 100 sub-interfaces on the PEs' and CEs' ports" setup ||
	ktap_bail "cannot build the topology"
check "raw, VLAN ACs: frames cross the PW untagged, CEs reach each other" \
	vlan_raw
check "tagged, VLAN ACs: frames cross the PW with VID 100" vlan_tagged
check "tagged vlan 200 on VLAN 100 ACs: VID 200 in the PW, 100 at the CEs" \
	vlan_tagged_200
check "tagged without a VID on a port AC: refused, PW unchanged" \
	port_tagged_refused
check "tagged vlan 200, port ACs: VID 200 pushed, popped at the far end" \
	port_tagged_200
check "raw again on the port ACs: untagged in the PW" port_raw
check "no frame dropped for lack of room or a bad tag on either PE" \
	eval 'pw_jq "$PE1" $PE2_LO4 $PW_VC ".stats | (.drop_nomem // 0) +
		(.drop_mtu // 0) + (.drop_runt // 0) == 0" &&
	      pw_jq "$PE2" $PE1_LO4 $PW_VC ".stats | (.drop_nomem // 0) +
		(.drop_mtu // 0) + (.drop_runt // 0) == 0"'
check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
