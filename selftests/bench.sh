#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - switchover figures ("make bench": a VM booted with -icount
# shift=3 -smp 1, so guest time is an instruction count and the figures
# repeat). Prints, asserts no timing: a check fails only when a
# measurement could not be made.
#
# The PW redundancy topology (lib_redundancy.sh), PE1 master, reroute
# immediately, status signalling on every PW (refresh 1 s):
#
#                      +-- core1 == P1 == PE2 (slave) -- eth2 --+
#  CE1 -- ac0 [PE1]----+        primary PW, vc-id 100          br0 CE2
#             master   +-- core2 == P2 == PE3 (slave) -- eth3 --+
#                               secondary PW, vc-id 200
#
# and, in the same boot, baselines that use only the kernel's own code:
#
#  L3 over MPLS  BC1 -- BPE1 == BP (mpls_router) == BPE2 -- BC2
#                the same number of hops as CE1 .. CE2, routed, the PEs
#                pushing labels with "encap mpls" (198.18.1.0/24 ..)
#  bonding       BB1 bond0 (active-backup, miimon 1 ms) =s1/s2= br0 BB2
#  route backup  S -- R1 =ra/rb= R2: 198.18.8.1 via ra (metric 10), via
#                rb (metric 20); ra goes down, its route is flushed
#
# Figures:
#  - ping RTT CE1 -> CE2 through the PW vs BC1 -> BC2 over the same hops;
#  - a local link failure (PE1's link to P1 goes down) and a signalled
#    status change (PE2 sets its PW admin down and signals 0x01): frames
#    of a BENCH_RATE (1000) per second stream lost, the outage by the
#    sender's clock (the send times the frames carry, on both sides of
#    the loss), and the module's own switch_latency_ns (from the event to
#    the first frame sent on the new PW; the stream's frame interval is
#    part of it), over BENCH_ROUNDS (5) rounds: median and minimum; the
#    stream runs SCHED_FIFO (chrt) so that on one CPU it does not wait
#    for the command that caused the event;
#  - the same stream through a bonding failover and a route failover.
# The figures also go to $MPLS_PW_ARTIFACTS/bench.json when set.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"

require_mpls_pw
require_mpls_router
require_cmd ping

RATE=${BENCH_RATE:-1000}
ROUNDS=${BENCH_ROUNDS:-5}
RESULTS=$TMPD/results.json
# The stream's sender runs SCHED_FIFO: on one CPU it gets it back as soon
# as it wakes, whatever command caused the event, so the time to the
# first frame on the new PW is the network's, not the scheduler's.
RT=()
command -v chrt > /dev/null && RT=(chrt -f 20)

# The receiver: helpers/stream.py's datagrams, and for every run of lost
# sequence numbers the sender's clock on both sides of it, so that the
# outage is measured as the sender saw it, whatever the receiver's
# scheduling: the longest span, by the send times carried in the frames,
# from the last frame that got through before a loss to the first after.
BENCH_RX=$TMPD/bench_rx.py
cat > "$BENCH_RX" <<'PY'
import json, socket, struct, sys, time
HDR = struct.Struct('!4sIQQ')
bind, ready, idle = sys.argv[1], sys.argv[2], float(sys.argv[3])
sk = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sk.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
sk.bind((bind, 5001))
sk.settimeout(0.1)
open(ready, 'w').write('ready\n')
sent_ns = {}
last = None
while True:
    try:
        data = sk.recv(65535)
    except socket.timeout:
        if last is not None and time.monotonic() - last >= idle:
            break
        continue
    if len(data) < HDR.size:
        continue
    magic, sid, seq, ns = HDR.unpack_from(data)
    if magic != b'MPWS' or sid != 1:
        continue
    sent_ns.setdefault(seq, ns)
    last = time.monotonic()
seqs = sorted(sent_ns)
lost = max_gap = 0
outage = 0.0
for a, b in zip(seqs, seqs[1:]):
    if b - a > 1:
        lost += b - a - 1
        max_gap = max(max_gap, b - a - 1)
        outage = max(outage, (sent_ns[b] - sent_ns[a]) / 1e6)
print(json.dumps({'unique': len(seqs), 'lost': lost, 'max_gap': max_gap,
                  'outage_ms': round(outage, 3),
                  'last_seq': seqs[-1] if seqs else None}))
PY
echo '{}' > "$RESULTS"

ktap_plan 9
kmsg_mark bench

# result KEY JSON: record a figure.
result()
{
	local tmp=$TMPD/results.tmp

	jq --arg k "$1" --argjson v "$2" '.[$k] = $v' "$RESULTS" > "$tmp" &&
		mv "$tmp" "$RESULTS"
}

setup()
{
	r_topo_create || return 1
	R_AC1_OPTS=(reroute immediately)
	r_pws_add master status-signaling on refresh 1 && r_neigh_pin &&
		r_wait_ready && slowwait 10 r_pe3 '.fwd == "standby"'
}

BC1="" BPE1="" BP="" BPE2="" BC2="" BB1="" BB2="" S="" R1="" R2=""

baselines()
{
	setup_ns BC1 BPE1 BP BPE2 BC2 BB1 BB2 S R1 R2 || return 1
	MUST_FAILED=0
	# L3 over MPLS
	must ip -n "$BC1" link add eth0 type veth peer name c netns "$BPE1"
	must ip -n "$BPE1" link add core type veth peer name pa netns "$BP"
	must ip -n "$BPE2" link add core type veth peer name pb netns "$BP"
	must ip -n "$BC2" link add eth0 type veth peer name c netns "$BPE2"
	must ip -n "$BC1" addr add 198.18.1.1/24 dev eth0
	must ip -n "$BPE1" addr add 198.18.1.254/24 dev c
	must ip -n "$BPE1" addr add 198.18.2.1/30 dev core
	must ip -n "$BP" addr add 198.18.2.2/30 dev pa
	must ip -n "$BP" addr add 198.18.3.1/30 dev pb
	must ip -n "$BPE2" addr add 198.18.3.2/30 dev core
	must ip -n "$BPE2" addr add 198.18.4.254/24 dev c
	must ip -n "$BC2" addr add 198.18.4.1/24 dev eth0
	local ns
	for ns in "$BC1:eth0" "$BPE1:c" "$BPE1:core" "$BP:pa" "$BP:pb" \
		  "$BPE2:core" "$BPE2:c" "$BC2:eth0"; do
		must ip -n "${ns%%:*}" link set "${ns#*:}" up
	done
	must nsx "$BPE1" sysctl -qw net.ipv4.ip_forward=1
	must nsx "$BPE2" sysctl -qw net.ipv4.ip_forward=1
	must nsx "$BP" sysctl -qw net.mpls.platform_labels=1000 \
		net.mpls.conf.pa.input=1 net.mpls.conf.pb.input=1
	must ip -n "$BC1" route add default via 198.18.1.254
	must ip -n "$BC2" route add default via 198.18.4.254
	must ip -n "$BPE1" route add 198.18.4.0/24 encap mpls 300 \
		via 198.18.2.2 dev core
	must ip -n "$BPE2" route add 198.18.1.0/24 encap mpls 301 \
		via 198.18.3.1 dev core
	must ip -n "$BP" -f mpls route add 300 via inet 198.18.3.2 dev pb
	must ip -n "$BP" -f mpls route add 301 via inet 198.18.2.1 dev pa

	# bonding, active-backup, s1 primary
	modprobe -q bonding 2> /dev/null
	must ip -n "$BB1" link add bond0 type bond mode active-backup miimon 1
	must ip -n "$BB1" link add s1 type veth peer name t1 netns "$BB2"
	must ip -n "$BB1" link add s2 type veth peer name t2 netns "$BB2"
	must ip -n "$BB1" link set s1 master bond0
	must ip -n "$BB1" link set s2 master bond0
	must ip -n "$BB1" link set bond0 type bond primary s1
	must ip -n "$BB2" link add br0 type bridge stp_state 0
	must ip -n "$BB2" link set t1 master br0
	must ip -n "$BB2" link set t2 master br0
	must ip -n "$BB1" addr add 198.18.5.1/24 dev bond0
	must ip -n "$BB2" addr add 198.18.5.2/24 dev br0
	for ns in "$BB1:s1" "$BB1:s2" "$BB1:bond0" "$BB2:t1" "$BB2:t2" \
		  "$BB2:br0"; do
		must ip -n "${ns%%:*}" link set "${ns#*:}" up
	done

	# route with a backup
	must ip -n "$S" link add eth0 type veth peer name e netns "$R1"
	must ip -n "$R1" link add ra type veth peer name ra netns "$R2"
	must ip -n "$R1" link add rb type veth peer name rb netns "$R2"
	must ip -n "$S" addr add 198.18.6.1/24 dev eth0
	must ip -n "$R1" addr add 198.18.6.254/24 dev e
	must ip -n "$R1" addr add 198.18.7.1/30 dev ra
	must ip -n "$R1" addr add 198.18.7.5/30 dev rb
	must ip -n "$R2" addr add 198.18.7.2/30 dev ra
	must ip -n "$R2" addr add 198.18.7.6/30 dev rb
	must ip -n "$R2" addr add 198.18.8.1/32 dev lo
	for ns in "$S:eth0" "$R1:e" "$R1:ra" "$R1:rb" "$R2:ra" "$R2:rb"; do
		must ip -n "${ns%%:*}" link set "${ns#*:}" up
	done
	must nsx "$R1" sysctl -qw net.ipv4.ip_forward=1
	must nsx "$R2" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.ra.rp_filter=0 net.ipv4.conf.rb.rp_filter=0
	must ip -n "$S" route add default via 198.18.6.254
	rb_route_a
	must ip -n "$R1" route add 198.18.8.1/32 via 198.18.7.6 dev rb metric 20
	[ "$MUST_FAILED" = 0 ] || return 1

	# every next hop resolved before anything is measured
	nsx "$BC1" ping -n -q -c 2 -i 0.2 -w 10 198.18.4.1 &&
		nsx "$BB1" ping -n -q -c 2 -i 0.2 -w 10 198.18.5.2 &&
		nsx "$S" ping -n -q -c 1 -w 10 198.18.6.254 &&
		nsx "$R1" ping -n -q -c 1 -w 10 198.18.7.2 &&
		nsx "$R1" ping -n -q -c 1 -w 10 198.18.7.6
}

rb_route_a()
{
	run ip -n "$R1" route replace 198.18.8.1/32 via 198.18.7.2 dev ra \
		metric 10
}

# rtt NS DST: average ping RTT (ms) of 200 pings.
rtt()
{
	nsx "$1" ping -n -q -c 200 -i 0.005 -w 60 "$2" |
		sed -nE 's|^rtt [^=]*= [0-9.]+/([0-9.]+)/.*|\1|p'
}

rtts()
{
	local pw base

	pw=$(rtt "$CE1" $R_CE2_IP) && [ -n "$pw" ] || return 1
	base=$(rtt "$BC1" 198.18.4.1) && [ -n "$base" ] || return 1
	result rtt "{\"pw_ms\": $pw, \"l3_mpls_ms\": $base}"
	r_note "ping RTT CE1 -> CE2 through the PW: $pw ms; BC1 -> BC2 routed" \
	       "over MPLS (same hops, no mpls_pw): $base ms; ratio" \
	       "$(jq -n "$pw / $base * 100 | round / 100")"
}

# ---- one failover round ----
#
# round NAME TX_NS TX_DEV RX_NS RX_IP: a RATE stream TX_NS -> RX_IP; once
# it flows, NAME_fail; NAME_switched must become true; the stream ends;
# NAME_restore and NAME_restored. The receiver's summary goes to
# $TMPD/round.json.
round()
{
	local rc

	defer_scope_push
	round_scoped "$@"
	rc=$?
	defer_scope_pop
	return $rc
}

round_scoped()
{
	local name=$1 tx_ns=$2 tx_dev=$3 rx_ns=$4 rx_ip=$5 out=$TMPD/rx.json
	local rx tx b

	rm -f "$out.ready"
	bg_start rx ip netns exec "$rx_ns" "$PYTHON" "$BENCH_RX" "$rx_ip" \
		"$out.ready" 2 > "$out"
	wait_file 20 "$out.ready" || return 1
	b=$(dev_stat "$tx_ns" "$tx_dev" tx_packets)
	bg_start tx ip netns exec "$tx_ns" "${RT[@]}" "$PYTHON" \
		"$HELPERS/stream.py" send --dst "$rx_ip" --rate "$RATE" \
		--duration 3 > "$TMPD/tx.json"
	slowwait 10 tx_grew "$tx_ns" "$tx_dev" "$b" "$RATE" ||
		{ echo "$name: the stream does not flow"; return 1; }
	"${name}_fail" || return 1
	slowwait 10 "${name}_switched" ||
		{ echo "$name: no switchover"; return 1; }
	wait "$tx"
	wait "$rx"
	"${name}_restore" && slowwait 20 "${name}_restored" ||
		{ echo "$name: not restored"; return 1; }
	jq -c --slurpfile tx "$TMPD/tx.json" '. + {sent: $tx[0].sent}' \
		"$out" > "$TMPD/round.json"
}

tx_grew()
{
	[ $(( $(dev_stat "$1" "$2" tx_packets) - $3 )) -ge "$4" ]
}

# rounds NAME TX_NS TX_DEV RX_NS RX_IP [LATENCY_CMD]: ROUNDS rounds; the
# figures of each, and their median, as result NAME.
rounds()
{
	local name=$1 i r lat all='[]' summary

	shift
	for ((i = 1; i <= ROUNDS; i++)); do
		round "$name" "$1" "$2" "$3" "$4" || return 1
		r=$(cat "$TMPD/round.json")
		lat=null
		if [ -n "${5:-}" ]; then
			lat=$("$5") || lat=null
		fi
		r=$(jq -c --argjson lat "$lat" '{sent, unique, lost, max_gap,
			outage_ms, switch_latency_ns: $lat}' <<< "$r")
		r_note "$name round $i: $r"
		all=$(jq -c --argjson r "$r" '. + [$r]' <<< "$all")
	done
	summary=$(jq -c 'def med(f): map(f) | sort | .[length / 2 | floor];
		def lat(g): if .[0].switch_latency_ns == null then null
			else g end;
		{rounds: ., median: {lost: med(.lost),
			outage_ms: med(.outage_ms),
			switch_latency_ns: lat(med(.switch_latency_ns))},
		 min: {lost: (map(.lost) | min),
			switch_latency_ns: lat(map(.switch_latency_ns) | min)}}' \
		<<< "$all")
	result "$name" "$summary"
	r_note "$name median: $(jq -c .median <<< "$summary"), minimum:" \
	       "$(jq -c .min <<< "$summary")"
}

pe1_latency()
{
	r_ac '.switch_latency_ns'
}

# local link failure: PE1's core link to P1
link_fail()	{ r_link_fail 1; }
link_switched()	{ r_active_is "$PE1" $R_VC_SEC && r_pe3 '.fwd == "active"'; }
link_restore()	{ r_link_restore 1; }
link_restored()	{ r_active_is "$PE1" $R_VC_PRI && r_pe2 '.fwd == "active"'; }

# signalled: PE2 sets its PW admin down, signals 0x01 (not forwarding)
status_fail()
{
	pwc "$PE2" pw set peer $R_PE1_LO vc-id $R_VC_PRI admin down
}

status_switched()	{ link_switched; }

status_restore()
{
	pwc "$PE2" pw set peer $R_PE1_LO vc-id $R_VC_PRI admin up
}

status_restored()	{ link_restored; }

# bonding: the active slave goes down
bond_active()
{
	[ "$(ip netns exec "$BB1" cat /sys/class/net/bond0/bonding/active_slave)" = "$1" ]
}

bond_fail()		{ run ip -n "$BB1" link set s1 down; }
bond_switched()		{ bond_active s2; }
bond_restore()		{ run ip -n "$BB1" link set s1 up; }
bond_restored()		{ bond_active s1; }

# route: the link of the preferred route goes down
route_dev()
{
	ip -n "$R1" route get 198.18.8.1 | grep -q " dev $1 "
}

route_fail()		{ run ip -n "$R1" link set ra down; }
route_switched()	{ route_dev rb; }
route_restore()		{ run ip -n "$R1" link set ra up && rb_route_a; }
route_restored()	{ route_dev ra; }

pw_link()
{
	rounds link "$CE1" eth0 "$CE2" $R_CE2_IP pe1_latency
}

pw_status()
{
	rounds status "$CE1" eth0 "$CE2" $R_CE2_IP pe1_latency
}

bonding()
{
	[ -d /sys/module/bonding ] ||
		{ skip_because "no bonding module"; return; }
	rounds bond "$BB1" bond0 "$BB2" 198.18.5.2
}

route_backup()
{
	rounds route "$S" eth0 "$R2" 198.18.8.1
}

summary()
{
	result conditions "{\"rate_pps\": $RATE, \"rounds\": $ROUNDS,
		\"stream_sched\": \"${RT[*]:-normal}\",
		\"kernel\": \"$(uname -r)\", \"nproc\": $(nproc)}"
	jq -r '
	def f(x): if x == null then "-" else (x | tostring) end;
	"median over \(.conditions.rounds) rounds, \(.conditions.rate_pps) frames/s (stream: \(.conditions.stream_sched)), kernel \(.conditions.kernel), \(.conditions.nproc) CPU",
	def ratio(a; b): if a == null or b == null or b == 0 then "n/a"
		else (a / b * 100 | round / 100 | tostring) end;
	"  scenario                 lost  outage ms  switch_latency_ns",
	(["link", "status", "bond", "route"][] as $k | select(.[$k]) |
	 "  \($k | .+ "                        " | .[0:22])  \(f(.[$k].median.lost) | "     " + . | .[-5:])  \(f(.[$k].median.outage_ms) | "         " + . | .[-9:])  \(f(.[$k].median.switch_latency_ns))"),
	"  outage ratio, PW link failure / bonding: \(ratio(.link.median.outage_ms; .bond.median.outage_ms)), / route failover: \(ratio(.link.median.outage_ms; .route.median.outage_ms))",
	"  (outage: by the sender clock, from the last frame through before a loss to the first after; 0: nothing lost)",
	(if .link.median.switch_latency_ns then "  PW local switchover (kernel figure): median \(.link.median.switch_latency_ns / 1000) us, minimum \(.link.min.switch_latency_ns / 1000) us; target < 1000 us" else empty end),
	(if .status.median.switch_latency_ns then "  PW signalled switchover (kernel figure, from the status received): median \(.status.median.switch_latency_ns / 1000) us, minimum \(.status.min.switch_latency_ns / 1000) us" else empty end),
	"  (switch_latency_ns: from the event to the first frame sent on the new PW, so it includes up to one frame interval, \(1000 / .conditions.rate_pps) ms)"
	' "$RESULTS" | while IFS= read -r l; do r_note "$l"; done
	if [ -n "${MPLS_PW_ARTIFACTS:-}" ] && [ -d "$MPLS_PW_ARTIFACTS" ]; then
		cp "$RESULTS" "$MPLS_PW_ARTIFACTS/bench.json"
	fi
}

r_check "topology: PE1 master (reroute immediately), status in band" \
	setup || ktap_bail "cannot build the topology"
r_check "baselines: L3 over MPLS, bonding, route backup" baselines ||
	ktap_bail "cannot build the baselines"
r_check "ping RTT through the PW and over the same hops without it" rtts
r_check "local link failure: loss, outage, switch latency" pw_link
r_check "signalled status change (far end admin down): the same" pw_status
r_check "baseline: bonding active-backup failover (miimon 1 ms)" bonding
r_check "baseline: route failover to a backup route" route_backup
r_check "summary" summary
r_check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
