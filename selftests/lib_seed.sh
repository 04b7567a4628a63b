#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed's dual-homed topology (SPEC section 8 plus the bypass PW) and
# the helpers that seed.sh, dualsend.sh, vrrp.sh, tagged.sh, mspw.sh and
# demo.sh share. Sourced after lib.sh and lib_redundancy.sh, whose
# topology it extends with a direct link and a bypass PW between PE2 and
# PE3:
#
#                            P1 (mpls_router)
#                 core1 --- pe1      pe2 --- core0  PE2  ac0 ---- eth2
#  CE1            .1/30     .2/30   .5/30    .6/30  lo .2          \
#  eth0 ---- ac0  PE1                               byp0 .17/30    br0  CE2
#           (AC)  lo 203.0.113.1         bypass PW   ||  vc-id 23   /
#                 core2 --- pe1      pe3 --- core0  byp0 .18/30    /
#                 .9/30     .10/30  .13/30   .14/30 PE3  ac0 ---- eth3
#                            P2 (mpls_router)       lo .3
#
#  PWs (control word, RFC 6478 status signalling with a 1 s refresh,
#  every PE in independent mode):
#    vc-id 100  PE1 (primary, label 1000)   <-> PE2 (label 2000)  via P1
#    vc-id 200  PE1 (secondary, label 1001) <-> PE3 (label 3000)  via P2
#    vc-id 23   PE2 (bypass, label 2023)    <-> PE3 (label 3023)  direct
#  E-Trunk's decision: PE2's AC active, PE3's AC standby.

S_VC_BYP=23
S_LBL_PE2_BYP=2023
S_LBL_PE3_BYP=3023
S_PE2_BYP=198.51.100.17
S_PE3_BYP=198.51.100.18
S_STATUS=(status-signaling on refresh 1)

# s_show_all: every PW and AC of the three PEs (a failure's diagnostics).
s_show_all()
{
	pw_show_all "$PE1" "$PE2" "$PE3"
}

# s_shows CMD...: CMD, and on failure what the three PEs show.
s_shows()
{
	"$@" && return 0
	s_show_all
	return 1
}

# seed_topo_create: lib_redundancy's seven namespaces plus PE2 -- PE3.
seed_topo_create()
{
	r_topo_create || return 1
	MUST_FAILED=0
	must ip -n "$PE2" link add byp0 mtu $R_CORE_MTU type veth \
		peer name byp0 mtu $R_CORE_MTU netns "$PE3"
	must mpls_input "$PE2" byp0
	must mpls_input "$PE3" byp0
	must ip -n "$PE2" addr add $S_PE2_BYP/30 dev byp0
	must ip -n "$PE3" addr add $S_PE3_BYP/30 dev byp0
	must ip -n "$PE2" link set byp0 up
	must ip -n "$PE3" link set byp0 up
	[ "$MUST_FAILED" = 0 ]
}

# seed_bypass_add [PW OPTION...]: the bypass PW on PE2 and PE3.
# shellcheck disable=SC2120
seed_bypass_add()
{
	pwc "$PE2" pw add peer $R_PE3_LO vc-id $S_VC_BYP \
		local-label $S_LBL_PE2_BYP remote-label $S_LBL_PE3_BYP \
		dev ac0 bypass control-word "${S_STATUS[@]}" \
		tunnel via $S_PE3_BYP dev byp0 "$@" &&
	pwc "$PE3" pw add peer $R_PE2_LO vc-id $S_VC_BYP \
		local-label $S_LBL_PE3_BYP remote-label $S_LBL_PE2_BYP \
		dev ac0 bypass control-word "${S_STATUS[@]}" \
		tunnel via $S_PE2_BYP dev byp0 "$@"
}

# seed_pws_add: the seed's configuration: every AC independent, PE3's AC
# standby (E-Trunk), the service PWs and the bypass PW. R_AC1_OPTS: extra
# options of PE1's AC.
seed_pws_add()
{
	r_pws_add independent "${S_STATUS[@]}" &&
		pwc "$PE3" ac set dev ac0 state standby &&
		seed_bypass_add
}

# The bypass PW on PE2 and on PE3.
s_byp2() { pw_jq "$PE2" $R_PE3_LO $S_VC_BYP "$1"; }
s_byp3() { pw_jq "$PE3" $R_PE2_LO $S_VC_BYP "$1"; }

# seed_ready: (a)'s steady state: PE1 on the PW to PE2, PE3 signalling
# standby, every PW up and the bypass PW up at both ends.
seed_ready()
{
	slowwait 20 r_active_is "$PE1" $R_VC_PRI &&
	slowwait 20 r_pri '.fwd == "active"' &&
	slowwait 20 r_sec '.fwd == "standby" and .status_rcvd == 32' &&
	slowwait 20 r_pe2 '.fwd == "active"' &&
	slowwait 20 r_pe3 '.status_sent == 32' &&
	slowwait 20 s_byp2 '.down_reasons == []' &&
	slowwait 20 s_byp3 '.down_reasons == []' && return 0
	echo "the seed's steady state was not reached:"
	s_show_all
	return 1
}

# s_ac_state_is NS active|standby: the AC state E-Trunk set is still that.
s_ac_state_is()
{
	r_ac_of "$1" ".state == \"$2\""
}

# s_pings N: N pings CE1 -> CE2 and N pings CE2 -> CE1, all answered.
s_pings()
{
	r_ping "$CE1" $R_CE2_IP "$1" && r_ping "$CE2" $R_CE1_IP "$1"
}

# s_expect_delta WHAT BEFORE AFTER PATH OP N: the counter PATH (as r_delta
# takes it) moved by OP N, OP one of "==", ">=", "<=".
s_expect_delta()
{
	local d

	d=$(r_delta "$2" "$3" "$4") || return 1
	case $5 in
	"==") [ "$d" -eq "$6" ] ;;
	">=") [ "$d" -ge "$6" ] ;;
	"<=") [ "$d" -le "$6" ] ;;
	*) echo "s_expect_delta: no operator \"$5\""; return 1 ;;
	esac && return 0
	echo "$1 ($4): moved by $d, expected $5 $6"
	return 1
}

# ----------------------------------------------------------- frames --

# s_arp_hex SENDER_MAC SENDER_IP TARGET_IP: an ARP request's body.
s_arp_hex()
{
	local ip hex=0001080006040001 o

	hex+=${1//:/}
	IFS=. read -ra ip <<< "$2"
	for o in "${ip[@]}"; do hex+=$(printf '%02x' "$o"); done
	hex+=000000000000
	IFS=. read -ra ip <<< "$3"
	for o in "${ip[@]}"; do hex+=$(printf '%02x' "$o"); done
	echo "$hex"
}

# s_send_arp NS DEV SENDER_MAC SENDER_IP TARGET_IP [COUNT]: broadcast ARP
# requests from that sender out of DEV.
s_send_arp()
{
	inject "$1" "$2" --dst ff:ff:ff:ff:ff:ff --src "$3" \
		--ethertype 0x0806 --inner-hex "$(s_arp_hex "$3" "$4" "$5")" \
		--count "${6:-1}"
}

# s_ns_frame SENDER_MAC SENDER_IP6 TARGET_IP6: "DST_MAC HEX", an IPv6
# neighbour solicitation (to the target's solicited-node group) with a
# source link-layer address option and a correct checksum.
s_ns_frame()
{
	"$PYTHON" - "$@" << 'EOF'
import ipaddress, struct, sys
mac = bytes.fromhex(sys.argv[1].replace(':', ''))
src = ipaddress.IPv6Address(sys.argv[2]).packed
tgt = ipaddress.IPv6Address(sys.argv[3]).packed
dst = ipaddress.IPv6Address('ff02::1:ff00:0').packed[:13] + tgt[13:]
icmp = struct.pack('!BBHI', 135, 0, 0, 0) + tgt + bytes((1, 1)) + mac
pseudo = src + dst + struct.pack('!I3xB', len(icmp), 58)
data = pseudo + icmp
s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
while s >> 16:
    s = (s & 0xffff) + (s >> 16)
icmp = icmp[:2] + struct.pack('!H', ~s & 0xffff) + icmp[4:]
ip6 = struct.pack('!IHBB', 6 << 28, len(icmp), 58, 255) + src + dst
print('33:33:%s %s' % (':'.join('%02x' % b for b in dst[12:]),
                       (ip6 + icmp).hex()))
EOF
}

# s_send_ns NS DEV SENDER_MAC SENDER_IP6 TARGET_IP6 [COUNT]
s_send_ns()
{
	local f

	f=$(s_ns_frame "$3" "$4" "$5") || return 1
	inject "$1" "$2" --dst "${f%% *}" --src "$3" --ethertype 0x86dd \
		--inner-hex "${f#* }" --count "${6:-1}"
}

# ---------------------------------------------------------- captures --

# s_capture TAG NS DEV [sniff.py OPTION...]: capture on DEV in NS (JSON
# lines into $TMPD/TAG) in the background; returns once it listens.
# Several may run at once, told apart by TAG.
s_capture()
{
	local tag=$1

	shift
	sniff_start "$1" "$2" "$TMPD/$tag" "${@:3}" || return 1
	printf -v "S_SNIFF_$tag" %s "$SNIFF_PID"
}

# s_capture_done TAG: wait for that capture to end (its --count frames or
# its --timeout).
s_capture_done()
{
	local v="S_SNIFF_$1"

	wait "${!v}" 2> /dev/null
	return 0
}

# s_captured TAG SRC_MAC: how many frames of TAG came from SRC_MAC.
s_captured()
{
	jq -s --arg m "$2" '[.[] | select(.src == $m)] | length' "$TMPD/$1"
}
