#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Namespaces keep PEs apart. Two PEs in two netns with the same
# configuration (peer, vc-id, labels, device names) never see each
# other's frames or events; the owner of an unprivileged user namespace
# runs a PE in its own netns, within the PW limit the host gives it and
# charged to its memory cgroup, and touches no other netns.
#
#   INJA  c0 ---- core0  PEA  ac0 ---- eth0  CEA
#   INJB  c0 ---- core0  PEB  ac0 ---- eth0  CEB
#
#   In both PEs: MPLS input on core0, AC ac0, PW peer 203.0.113.2 vc-id 1
#   (local label 1001, remote label 2001, no control word, tunnel via
#   198.51.100.2 dev core0), the same MAC addresses. Frames with label
#   1001 are sent from one INJ's c0 (framefuzz --frame).
#
#   U: a netns of a user namespace ("unshare -Urn sleep", in a memory
#   cgroup), worked on with nsenter as the user namespace's root (-U -n)
#   or as the host's root (-n only).

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_mpls_pw
require_cmd unshare nsenter

PEER=203.0.113.2
NH=198.51.100.2
PE_MAC=02:00:00:00:00:10
C0_MAC=02:00:00:00:00:20
CE_MAC=02:00:00:00:c2:01
HOST_MAC=02:00:00:00:99:01
N_FRAMES=20
INJA="" PEA="" CEA="" INJB="" PEB="" CEB=""
U_PID=
CG=/sys/fs/cgroup/mpls-pw-isolation-$$

ktap_plan 10
kmsg_mark isolation

# ---------------------------------------------------------------- setup --

# pe_create INJ PE CE: one side of the picture.
pe_create()
{
	local inj=$1 pe=$2 ce=$3

	ipv6_off "$inj" "$pe" "$ce" || return 1
	ip -n "$pe" -batch - <<-EOF || return 1
	link add core0 address $PE_MAC type veth peer name c0 address $C0_MAC netns $inj
	link add ac0 type veth peer name eth0 address $CE_MAC netns $ce
	addr add 198.51.100.1/30 dev core0
	link set core0 up
	link set ac0 up
	neigh replace $NH lladdr $C0_MAC dev core0 nud permanent
	EOF
	ip -n "$inj" link set c0 up && ip -n "$ce" link set eth0 up &&
	mpls_input "$pe" core0 &&
	pwc "$pe" ac add dev ac0 &&
	pwc "$pe" pw add peer $PEER vc-id 1 local-label 1001 \
		remote-label 2001 no-control-word tunnel via $NH dev core0 \
		dev ac0 primary &&
	slowwait 20 pw_jq "$pe" $PEER 1 '.fwd == "active"' && return 0
	pw_show_all "$pe"
	return 1
}

setup()
{
	need_framefuzz || return 1
	setup_ns INJA PEA CEA INJB PEB CEB &&
		pe_create "$INJA" "$PEA" "$CEA" &&
		pe_create "$INJB" "$PEB" "$CEB"
}

# ------------------------------------------------------- two same PEs --

# The PW frame: label 1001 (bottom of stack, TTL 64), then a 60-byte
# Ethernet frame to the CE.
pw_frame()
{
	echo "$(mac_hex $PE_MAC)$(mac_hex $C0_MAC)8847$(hex_lse 1001 1 64)$(
	     mac_hex $CE_MAC)$(mac_hex $HOST_MAC)88b5$(hex_bytes 46)"
}

# counts: the CE's received frames and the PW's rx_packets on both sides,
# as "A_CE A_PW B_CE B_PW".
counts()
{
	local a b c d

	a=$(dev_stat "$CEA" eth0 rx_packets) &&
		b=$(pw_jq "$PEA" $PEER 1 '.stats.rx_packets') &&
		c=$(dev_stat "$CEB" eth0 rx_packets) &&
		d=$(pw_jq "$PEB" $PEER 1 '.stats.rx_packets') || return 1
	echo "$a $b $c $d"
}

# delta BEFORE AFTER: AFTER - BEFORE, field by field.
delta()
{
	local -a a b
	local i out=()

	read -r -a a <<< "$1"
	read -r -a b <<< "$2"
	for i in 0 1 2 3; do
		out+=($((b[i] - a[i])))
	done
	echo "${out[*]}"
}

arrived()
{
	[ "$(delta "$1" "$(counts)" | cut -d' ' -f"$2")" -ge "$N_FRAMES" ]
}

# sent_into SIDE: N_FRAMES PW frames into PE SIDE (A or B) reach its CE,
# counted on its PW, and nothing on the other side moves.
sent_into()
{
	local side=$1 inj want before got

	if [ "$side" = A ]; then
		inj=$INJA want="$N_FRAMES $N_FRAMES 0 0"
	else
		inj=$INJB want="0 0 $N_FRAMES $N_FRAMES"
	fi
	before=$(counts) || return 1
	ip netns exec "$inj" "$FF" --dev c0 --frame "$(pw_frame)" \
		--count $N_FRAMES > "$TMPD/ff.out" 2>&1 ||
		{ cat "$TMPD/ff.out"; return 1; }
	slowwait 10 arrived "$before" "$([ "$side" = A ] && echo 1 || echo 3)"
	sleep 0.3	# anything crossing over would be here by now
	got=$(delta "$before" "$(counts)")
	[ "$got" = "$want" ] && return 0
	echo "moved (CE A, PW A, CE B, PW B): $got, expected $want"
	return 1
}

# ---------------------------------------------------------------- events --

EVA=$TMPD/events-a.json
EVB=$TMPD/events-b.json

# net_seen FILE MAX: FILE has the netns event with max_pws MAX.
net_seen()
{
	grep '"object":"net"' "$1" | grep -q "\"max_pws\":$2[,}]"
}

# B's changes reach B's listener and not A's; A's listener gets exactly
# its own change.
events_apart()
{
	local na nb

	monitor_start "$PEA" "$EVA" && monitor_start "$PEB" "$EVB" || return 1
	na=$(wc -l < "$EVA")
	nb=$(wc -l < "$EVB")
	pwc "$PEB" net set max-pws 1000 &&
	pwc "$PEB" pw add peer $PEER vc-id 9 local-label 1009 \
		remote-label 2009 tunnel via $NH dev core0 &&
	pwc "$PEB" pw set peer $PEER vc-id 9 admin down &&
	pwc "$PEB" pw del peer $PEER vc-id 9 &&
	pwc "$PEA" net set max-pws 500 || return 1
	slowwait 10 net_seen "$EVA" 500 &&
		slowwait 10 grep -q '"event":"deleted","object":"pw"' "$EVB" ||
		{ echo "a listener missed its own netns' event"; return 1; }
	tail -n +$((na + 1)) "$EVA" > "$TMPD/a.new"
	tail -n +$((nb + 1)) "$EVB" > "$TMPD/b.new"
	if [ "$(wc -l < "$TMPD/a.new")" != 1 ] || ! net_seen "$TMPD/a.new" 500
	then
		echo "A's listener got, expected only its max-pws 500:"
		cat "$TMPD/a.new"
		return 1
	fi
	net_seen "$TMPD/b.new" 1000 &&
		grep -q '"event":"new","object":"pw"' "$TMPD/b.new" &&
		! net_seen "$TMPD/b.new" 500 && return 0
	echo "B's listener got:"
	cat "$TMPD/b.new"
	return 1
}

# -------------------------------------------------------- user namespace --

# uns CMD...: CMD in U as the user namespace's root; hns CMD...: in U's
# netns as the host's root.
uns()
{
	nsenter -t "$U_PID" -U -n "$@"
}

hns()
{
	nsenter -t "$U_PID" -n "$@"
}

upw_add()	# VC: a PW in U over d0
{
	uns "$PWCTL" pw add peer 192.0.2.1 vc-id "$1" \
		local-label $((100 + $1)) remote-label 200 \
		tunnel via 192.0.2.254 dev d0
}

u_count()
{
	hns "$PWCTL" -j net show | jq -r .pws
}

# A user namespace in a memory cgroup holds a netns (U_PID); its root
# brings up a dummy device and a PW there.
userns_pe()
{
	memcg_create "$CG" || return 1
	bg_start U_PID bash -c "echo \$\$ > $CG/cgroup.procs &&
		exec unshare -Urn sleep 900"
	slowwait 10 u_ready || { echo "no user namespace"; return 1; }
	uns ip link add d0 type dummy && uns ip link set d0 up &&
		upw_add 1 && [ "$(u_count)" = 1 ]
}

# unshare has written the uid and gid maps once it runs sleep
u_ready()
{
	[ "$(cat "/proc/$U_PID/comm")" = sleep ]
}

# Refused with EPERM, changing nothing: the requests of a user namespace
# that does not own the netns (PEA, owned by the initial one).
userns_foreign()
{
	local before after

	before=$(pwc "$PEA" showconf) || return 1
	if ip netns exec "$PEA" unshare -Ur "$PWCTL" pw add peer $PEER \
		vc-id 2 local-label 1002 remote-label 2002 \
		tunnel via $NH dev core0 2> "$TMPD/err" ||
	   ip netns exec "$PEA" unshare -Ur "$PWCTL" pw del peer $PEER \
		vc-id 1 2>> "$TMPD/err" ||
	   ip netns exec "$PEA" unshare -Ur "$PWCTL" net set max-pws 0 \
		2>> "$TMPD/err"; then
		echo "a request from a foreign user namespace was taken"
		return 1
	fi
	cat "$TMPD/err"
	[ "$(grep -c 'Operation not permitted' "$TMPD/err")" = 3 ] || return 1
	after=$(pwc "$PEA" showconf) || return 1
	[ "$before" = "$after" ]
}

# From U, no other netns is reachable, and its devices are not U's.
userns_confined()
{
	local idx

	if uns "$PWCTL" -n "$PEA" pw show > "$TMPD/out" 2>&1; then
		echo "U's root entered PEA:"
		cat "$TMPD/out"
		return 1
	fi
	# the ifindex of PEA's ac0, which U does not have: ENODEV from
	# the module (pwctl would not send it)
	idx=$(ip netns exec "$PEA" cat /sys/class/net/ac0/ifindex) || return 1
	if uns ip -o link show | grep -q "^$idx:"; then
		echo "U has an ifindex $idx too"
		return 1
	fi
	uns "$PYTHON" -S "$HELPERS/genl.py" ac_new "ac.ifindex=$idx" |
		tee "$TMPD/out"
	jq -e '.errname == "ENODEV"' "$TMPD/out" > /dev/null &&
		[ "$(u_count)" = 1 ] && [ "$(uns "$PWCTL" -j ac show)" = "[]" ]
}

# 500 PWs that U's root adds are charged to U's memory cgroup.
userns_charged()
{
	local before after i

	for i in $(seq 2 501); do
		echo "pw add peer 192.0.2.1 vc-id $i local-label $((100 + i))" \
			"remote-label 200 tunnel via 192.0.2.254 dev d0"
	done > "$TMPD/batch"
	before=$(memcg_kmem "$CG")
	bash -c "echo \$\$ > $CG/cgroup.procs &&
		exec nsenter -t $U_PID -U -n $PWCTL -batch $TMPD/batch" ||
		return 1
	after=$(memcg_kmem "$CG")
	echo "kernel memory charged to U's cgroup for 500 PWs:" \
	     "$((after - before)) bytes"
	[ "$(u_count)" = 501 ] || return 1
	[ $((after - before)) -ge $((500 * 512)) ] ||
		{ echo "expected at least 512 bytes per PW"; return 1; }
	for i in $(seq 2 501); do
		echo "pw del peer 192.0.2.1 vc-id $i"
	done > "$TMPD/batch"
	uns "$PWCTL" -batch "$TMPD/batch" && [ "$(u_count)" = 1 ]
}

# The host lowers U's limit to 2: U's root cannot raise it again.
userns_limit_kept()
{
	hns "$PWCTL" net set max-pws 2 || return 1
	if uns "$PWCTL" net set max-pws 3 2> "$TMPD/err"; then
		echo "U's root raised its limit"
		return 1
	fi
	cat "$TMPD/err"
	grep -q "Raising max-pws needs CAP_NET_ADMIN in the initial user namespace" \
		"$TMPD/err" && grep -q "Operation not permitted" "$TMPD/err" ||
		return 1
	hns "$PWCTL" -j net show | tee "$TMPD/out"
	jq -e '.max_pws == 2 and .pws == 1' "$TMPD/out" > /dev/null
}

# ... nor go beyond it: its second PW is taken, the third refused.
userns_limit_holds()
{
	upw_add 2 || return 1
	if upw_add 3 2> "$TMPD/err"; then
		echo "a third PW was taken under max-pws 2"
		return 1
	fi
	cat "$TMPD/err"
	grep -q "No space left on device" "$TMPD/err" && [ "$(u_count)" = 2 ]
}

# ---------------------------------------------------------------- main --

if ! setup > "$TMPD/setup.log" 2>&1; then
	diag "$(cat "$TMPD/setup.log")"
	ktap_bail "topology setup failed"
fi

check "same labels in two netns: frames into PE A reach CE A only ($N_FRAMES)" \
	sent_into A
check "same labels in two netns: frames into PE B reach CE B only ($N_FRAMES)" \
	sent_into B
check "events: a listener gets its netns' changes and no other's" \
	events_apart
check "a user namespace's root runs a PW in its own netns" userns_pe
check "a foreign user namespace is refused (EPERM), nothing changes" \
	userns_foreign
check "a user namespace reaches no other netns and none of its devices" \
	userns_confined
check "its PWs are charged to its memory cgroup" userns_charged
check "it cannot raise the PW limit the host set" userns_limit_kept
check "it cannot go beyond it (ENOSPC)" userns_limit_holds
check "kernel log clean" kmsg_clean
ktap_finish
