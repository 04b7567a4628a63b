#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pwctl tests that need no kernel module: argument parsing, exit status and
# messages with the real binary, and requests/replies against fake-genl.so,
# an LD_PRELOAD stand-in for the mpls_pw family (see fake-genl.c). Only the
# loopback device and the fake's own pwfake0 are used, so no root and no
# netns are needed.
#
# Usage: run.sh PWCTL FAKE_SO        TAP output; exit 0 when all pass

set -u
PWCTL=$(realpath "$1")
FAKE=$(realpath "$2")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export FAKE_STATE=$T/state FAKE_LOG=$T/log
n=0 failed=0

ok() {	# ok CONDITION-EXIT-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# run ARGS...: pwctl against the fake; stdout in $T/out, stderr in $T/err
run() {
	LD_PRELOAD=$FAKE "$PWCTL" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

reset() {
	rm -f "$FAKE_STATE"
	: >"$FAKE_LOG"
}

# expect RC STDERR-SUBSTRING ARGS...
expect() {
	local want_rc=$1 want_err=$2
	shift 2
	: >"$FAKE_LOG"
	run "$@"
	[ "$rc" = "$want_rc" ] && grep -qF -- "$want_err" "$T/err"
	ok $? "pwctl $* -> $want_rc, \"$want_err\""
	if [ "$rc" != "$want_rc" ]; then
		echo "# got $rc: $(cat "$T/err")"
	fi
}

# Requests (decoded by the fake) since the last reset of the log.
requests() {
	grep -v -e '^SOCKOPT' -e '^JOIN' "$FAKE_LOG"
}

# Requests that change something: all but the GETs and dumps.
changes() {
	requests | grep -v '^[A-Z]*_GET'
}

# logged LINE: the fake received exactly this request
logged() {
	grep -qxF -- "$1" "$FAKE_LOG"
	ok $? "request: $1"
	grep -qxF -- "$1" "$FAKE_LOG" || { echo "# log:"; sed 's/^/#   /' "$FAKE_LOG"; }
}

json_ok() {	# json_ok DESCRIPTION PYTHON-EXPR-ON-d
	if ! command -v python3 >/dev/null; then
		echo "ok $((n += 1)) - $1 # SKIP no python3"
		return
	fi
	python3 -c "import json,sys; d=json.load(open('$T/out')); sys.exit(0 if ($2) else 1)" 2>"$T/pyerr"
	ok $? "$1"
}

echo "TAP version 13"

# ---- usage errors: exit 2, the bad word quoted, no netlink I/O ----

reset
expect 2 'invalid label "abc"' pw add peer 192.0.2.2 vc-id 1 local-label abc remote-label 20
expect 2 'invalid label "15"' pw add peer 192.0.2.2 vc-id 1 local-label 15 remote-label 20
expect 2 'invalid label "1048576"' pw add peer 192.0.2.2 vc-id 1 local-label 1048576 remote-label 20
expect 2 'invalid label "20x"' pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label 20x
expect 2 'invalid label "+20"' pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label +20
expect 2 'invalid vc-id "0"' pw add peer 192.0.2.2 vc-id 0 local-label 16 remote-label 20
expect 2 'invalid vc-id "4294967296"' pw del peer 192.0.2.2 vc-id 4294967296
expect 2 'invalid peer address "192.0.2.300"' pw del peer 192.0.2.300 vc-id 1
expect 2 '"local-label" is required' pw add peer 192.0.2.2 vc-id 1 remote-label 20
expect 2 '"vc-id" is required' pw set peer 192.0.2.2 ttl 3
expect 2 'unknown keyword "bogus"' pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label 20 bogus
expect 2 '"no-control-word" conflicts with "control-word"' pw set peer 192.0.2.2 vc-id 1 control-word no-control-word
expect 2 '"ttl" given twice' pw set peer 192.0.2.2 vc-id 1 ttl 3 ttl 4
expect 2 'invalid ttl "0"' pw set peer 192.0.2.2 vc-id 1 ttl 0
expect 2 'invalid vlan "4095"' pw set peer 192.0.2.2 vc-id 1 tagged vlan 4095
expect 2 '"vlan" conflicts with "raw"' pw set peer 192.0.2.2 vc-id 1 raw vlan 5
expect 2 'invalid label "3"' pw set peer 192.0.2.2 vc-id 1 tunnel via 10.0.0.1 dev lo label 100/3
expect 2 'too many labels' pw set peer 192.0.2.2 vc-id 1 tunnel via 10.0.0.1 dev lo label 16/17/18/19/20/21/22/23/24
expect 2 'invalid label stack "100//200"' pw set peer 192.0.2.2 vc-id 1 tunnel via 10.0.0.1 dev lo label 100//200
expect 2 'expected "via" or "route"' pw set peer 192.0.2.2 vc-id 1 tunnel 10.0.0.1
expect 2 'must be followed by "dev IF"' pw set peer 192.0.2.2 vc-id 1 tunnel via 10.0.0.1
expect 2 'invalid vrid "256"' pw set peer 192.0.2.2 vc-id 1 track-vrrp dev lo vrid 256
expect 2 'invalid remote-status "up"' pw set peer 192.0.2.2 vc-id 1 remote-status up
expect 2 'unknown keyword "remote-status"' pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label 20 remote-status down
expect 2 'invalid status-signaling "yes"' pw set peer 192.0.2.2 vc-id 1 status-signaling yes
expect 2 '"primary" needs "dev IF"' pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label 20 primary
expect 2 'missing value after "peer"' pw del peer
expect 2 'invalid reroute delay "9"' ac set dev lo reroute delay 9
expect 2 'invalid reroute delay "1801"' ac set dev lo reroute delay 1801
expect 2 'invalid holdoff "181"' ac set dev lo holdoff 181
expect 2 'invalid expire-time "59"' ac set dev lo arp-dual-sending expire-time 59
expect 2 '"expire-time" must follow' ac set dev lo expire-time 100
expect 2 'invalid redundancy "slave"' ac add dev lo redundancy slave
expect 2 '"dev" is required' ac add redundancy master
expect 2 'a PW cannot be switched to itself' switch add peer 192.0.2.1 vc-id 1 peer 192.0.2.1 vc-id 1
expect 2 'two PWs are required' switch add peer 192.0.2.1 vc-id 1
expect 2 '"state" is required' vrrp set dev lo vrid 1
expect 2 'invalid VRRP state "up"' vrrp set dev lo vrid 1 state up
expect 2 'unknown keyword "state"' vrrp del dev lo vrid 1 state master
expect 2 '"vrid" is required' vrrp del dev lo
expect 2 '"vlan" needs "tagged"' pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label 20 vlan 5
expect 2 'unknown command "frob"' pw frob
expect 2 'unknown object "frob"' frob
expect 2 'unknown option "-x"' -x pw show
expect 2 'unknown object "bogus"' monitor bogus
# A syntax error wins over an unknown device, whatever the order.
expect 2 'unknown keyword "bogus"' pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label 20 dev nosuch0 bogus
[ ! -s "$FAKE_LOG" ]
ok $? "usage errors open no netlink socket"

expect 1 'cannot find device "nosuch0"' pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label 20 dev nosuch0
expect 1 'cannot open network namespace "nosuchns"' -n nosuchns pw show
FAKE_NO_FAMILY=1 expect 1 'mpls_pw module not loaded (generic netlink family "mpls_pw" not found)' pw show
run -V
[ "$rc" = 0 ] && grep -q '^pwctl ' "$T/out"
ok $? "-V prints the version"
run help
[ "$rc" = 0 ] && grep -q 'pw add peer ADDR' "$T/out"
ok $? "help prints the usage"

# ---- an empty configuration ----

reset
run showconf
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "net set max-pws 131072" ]
ok $? "showconf of nothing prints only max-pws"
run -j pw show
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "[]" ]
ok $? "pw show -j of nothing is []"
: >"$T/empty"
run syncconf "$T/empty"
ok $rc "syncconf of an empty file"

# ---- requests carry exactly what was given ----

reset
run ac add dev lo redundancy master arp-dual-sending expire-time 120 reroute delay 60 holdoff 5
ok $rc "ac add"
logged "AC_NEW IFINDEX=1 REDUNDANCY=0 ARP_DUAL_SEND=1 ARP_EXPIRE=120 REROUTE=0 REROUTE_DELAY=60 HOLDOFF=5"
grep -qx 'SOCKOPT 11' "$FAKE_LOG" && grep -qx 'SOCKOPT 12' "$FAKE_LOG"
ok $? "NETLINK_EXT_ACK and NETLINK_GET_STRICT_CHK are set"
run pw add peer 192.0.2.2 vc-id 100 local-label 1000 remote-label 2000 dev lo primary control-word tagged vlan 10 tunnel via 10.0.0.2 dev lo label 100/200 track-vrrp dev lo vrid 1 pw-redundancy status-signaling on refresh 5
ok $rc "pw add, every option"
logged "PW_NEW PEER_IPV4=192.0.2.2 VC_ID=100 IFINDEX=1 ROLE=0 LOCAL_LABEL=1000 REMOTE_LABEL=2000 CONTROL_WORD=1 MODE=1 VLAN_ID=10 TUNNEL{ VIA_IPV4=10.0.0.2 IFINDEX=1 LABELS=100/200 } TRACK_VRRP{ IFINDEX=1 VRID=1 PW_REDUNDANCY=1 } STATUS_SIGNALING=1 REFRESH=5"
run pw add peer 2001:db8::2 vc-id 200 local-label 1001 remote-label 2001 dev lo secondary tunnel via fe80::1 dev lo label 3
ok $rc "pw add, IPv6 peer and next hop, implicit null"
logged "PW_NEW PEER_IPV6=2001:db8::2 VC_ID=200 IFINDEX=1 ROLE=1 LOCAL_LABEL=1001 REMOTE_LABEL=2001 TUNNEL{ VIA_IPV6=fe80::1 IFINDEX=1 LABELS=3 }"
run pw add peer 198.51.100.1 vc-id 7 local-label 1002 remote-label 2002 tunnel route no-track-vrrp
ok $rc "pw add without AC; tunnel route / no-track-vrrp send nothing in add"
logged "PW_NEW PEER_IPV4=198.51.100.1 VC_ID=7 LOCAL_LABEL=1002 REMOTE_LABEL=2002"
run pw add peer 198.51.100.2 vc-id 8 local-label 1003 remote-label 2003
run switch add peer 198.51.100.1 vc-id 7 peer 198.51.100.2 vc-id 8
ok $rc "switch add"
logged "SWITCH_NEW PEER_IPV4=198.51.100.1 VC_ID=7 | PEER_IPV4=198.51.100.2 VC_ID=8 |"
run vrrp set dev lo vrid 1 state master
logged "VRRP_SET IFINDEX=1 VRID=1 STATE=1"
run vrrp set dev lo vrid 2 state backup
run vrrp del dev lo vrid 2
ok $rc "vrrp del"
logged "VRRP_DEL IFINDEX=1 VRID=2"
run pw add peer 203.0.113.9 vc-id 9 local-label 1009 remote-label 2009 vlan 0
ok $rc "pw add with vlan 0 (none), without tagged"
logged "PW_NEW PEER_IPV4=203.0.113.9 VC_ID=9 LOCAL_LABEL=1009 REMOTE_LABEL=2009"
run pw del peer 203.0.113.9 vc-id 9
run pw set peer 192.0.2.2 vc-id 100 admin down remote-status standby ttl 64
logged "PW_SET PEER_IPV4=192.0.2.2 VC_ID=100 TTL=64 ADMIN_UP=0 REMOTE_STATUS=1"
run pw set peer 2001:db8::2 vc-id 200 tunnel route no-track-vrrp no-ignore-standby-state
logged "PW_SET PEER_IPV6=2001:db8::2 VC_ID=200 TUNNEL{ } IGNORE_STANDBY=0 TRACK_VRRP{ }"
run pw set peer 2001:db8::2 vc-id 200 vlan 0
logged "PW_SET PEER_IPV6=2001:db8::2 VC_ID=200 VLAN_ID=0"
run ac switchover dev lo
logged "AC_SWITCHOVER IFINDEX=1"
run pw show dev lo
logged "PW_GET DUMP IFINDEX=1"
run pw show peer 2001:db8::2
logged "PW_GET DUMP PEER_IPV6=2001:db8::2"
run pw show peer 2001:db8::2 vc-id 200
logged "PW_GET PEER_IPV6=2001:db8::2 VC_ID=200"
run ac show dev lo
logged "AC_GET IFINDEX=1"

# ---- kernel errors: extack text, exit 1 ----

expect 1 'Error: local label 1001 already in use' pw add peer 192.0.2.9 vc-id 9 local-label 1001 remote-label 20
grep -q 'pwctl: pw add: File exists' "$T/err"
ok $? "the errno follows the extack message"
expect 1 'Error: reroute and holdoff are not used in independent mode' ac set dev lo redundancy independent holdoff 3

# ---- output ----

run -j pw show
ok $rc "pw show -j"
json_ok "pw show -j: keys" 'len(d) == 4 and all(k in d[0] for k in ("peer","vc_id","role","local_label","remote_label","control_word","mode","vlan","ttl","ignore_standby_state","status_signaling","refresh","admin","fwd","down_reasons","status_sent","status_rcvd","last_change_ms"))'
run -j pw show peer 192.0.2.2 vc-id 100
json_ok "pw show -j: one PW, decoded" 'd == [dict(d[0], peer="192.0.2.2", vc_id=100, dev="lo", role="primary", local_label=1000, remote_label=2000, control_word=True, mode="tagged", vlan=10, ttl=64, tunnel={"via":"10.0.0.2","dev":"lo","labels":[100,200]}, track_vrrp={"dev":"lo","vrid":1,"pw_redundancy":True}, status_signaling=True, refresh=5, admin="down", fwd="down", down_reasons=["admin","no-route"], status_sent=1, status_rcvd=32, activations=3)] and "stats" not in d[0]'
run -j pw show peer 2001:db8::2 vc-id 200
json_ok "pw show -j: tunnel and nexthop absent when FIB-resolved" '"tunnel" not in d[0] and "nexthop" not in d[0] and "track_vrrp" not in d[0]'
run -j -s pw show peer 198.51.100.1 vc-id 7
json_ok "pw show -j -s: stats, unknown counters by number, no dev" 'd[0]["stats"]["drop_mtu"] == 3 and d[0]["stats"]["stat_60"] == 7 and "dev" not in d[0] and d[0]["role"] == "none"'
run -p ac show -d -s
json_ok "ac show -p -d -s" 'd[0]["dev"] == "lo" and d[0]["arp_expire_time"] == 120 and d[0]["nd_expire_time"] == 3600 and d[0]["cache"][0] == {"proto":"arp","mac":"02:00:00:00:00:01","ip":"192.0.2.1","age_ms":1500} and "stats" in d[0] and d[0]["active_pw"]["vc_id"] == 100'
json_ok "ac show -j: manual switchover, switch latency" 'd[0]["manual"] is True and d[0]["switch_latency_ns"] == 12345 and d[0]["switchovers"] == 2'
run ac show dev lo
grep -q '^    active-pw peer 192.0.2.2 vc-id 100 (manual)  switchovers 2$' "$T/out" &&
	grep -q '^    last switchover took 12.345 us$' "$T/out"
ok $? "ac show: manual switchover and its latency, human form"
run -j switch show
json_ok "switch show -j" 'd == [{"pws":[{"peer":"198.51.100.1","vc_id":7},{"peer":"198.51.100.2","vc_id":8}]}]'
run -j vrrp show
json_ok "vrrp show -j" 'd == [{"dev":"lo","vrid":1,"state":"master"}]'
run -j stats show
json_ok "stats show -j: one object" 'isinstance(d, dict) and d["rx_packets"] == 2000 and d["drop_mtu"] == 5 and d["ach_tx"] == 0'
run -j switch show peer
[ "$rc" = 2 ] && [ ! -s "$T/out" ]
ok $? "a usage error prints no JSON"

run pw show peer 192.0.2.2 vc-id 100
grep -q '^    state down (admin, no-route)  admin down' "$T/out" &&
	grep -q '^    status sent 0x01 (not-forwarding)  received 0x20 (standby)$' "$T/out" &&
	grep -q '^    tunnel via 10.0.0.2 dev lo label 100/200$' "$T/out" &&
	grep -q '  admin down  activations 3  last-change' "$T/out"
ok $? "pw show: human form"
run -s pw show peer 198.51.100.1 vc-id 7
grep -q '^    drops: mtu 3$' "$T/out" && grep -q 'tunnel route' "$T/out"
ok $? "pw show -s: only non-zero drops"
run -s -d pw show peer 198.51.100.1 vc-id 7
grep -q '^    drops: no-route 0 mtu 3 ' "$T/out"
ok $? "pw show -s -d: every drop"

run -j monitor
python3 -c "
import json, sys
ev = [json.loads(l) for l in open('$T/out')]
ok = ev and all(('time' in e and 'event' in e and 'object' in e) for e in ev)
ok = ok and any(e['event'] == 'deleted' and e['object'] == 'pw' and set(e) == {'time', 'event', 'object', 'peer', 'vc_id'} for e in ev)
sys.exit(0 if ok else 1)" 2>/dev/null
ok $? "monitor -j: one object per line"
json_lines_ok() {	# json_lines_ok DESCRIPTION PYTHON-EXPR-ON-ev
	python3 -c "import json,sys; ev=[json.loads(l) for l in open('$T/out')]; sys.exit(0 if ($2) else 1)" 2>/dev/null
	ok $? "$1"
}
json_lines_ok "monitor -j: the timer of a timer event" 'any(e["event"] == "timer-start" and e.get("timer") == "reroute" and e["object"] == "ac" for e in ev) and all("timer" not in e for e in ev if not e["event"].startswith("timer"))'
run monitor ac
grep -q '^\[[0-9T:.-]*Z\] timer-start reroute ac dev lo ' "$T/out"
ok $? "monitor: the timer kind after the event"
grep -qx 'JOIN 9' "$FAKE_LOG"
ok $? "monitor joins the events group"
run monitor pw
! grep -qv '^\[[0-9T:.-]*Z\] [a-z-]* pw ' "$T/out"
ok $? "monitor pw: only PW events, timestamped"

# ---- showconf / setconf / syncconf ----

run showconf
cp "$T/out" "$T/conf1"
: >"$FAKE_LOG"
run setconf "$T/conf1"
ok $rc "setconf of showconf's output"
run showconf
cmp -s "$T/out" "$T/conf1"
ok $? "showconf | setconf round trip"
: >"$FAKE_LOG"
run syncconf "$T/conf1"
[ "$rc" = 0 ] && [ -z "$(changes)" ]
ok $? "syncconf with the running configuration changes nothing"

sed -e '/vc-id 8 local-label/d' -e '/^switch/d' -e 's/ ttl 64//' "$T/conf1" >"$T/conf2"
echo "pw add peer 203.0.113.1 vc-id 5 local-label 5000 remote-label 5001" >>"$T/conf2"
: >"$FAKE_LOG"
run syncconf "$T/conf2"
ok $rc "syncconf of a changed file"
[ "$(changes | wc -l)" = 4 ]
ok $? "syncconf sends four requests"
logged "SWITCH_DEL PEER_IPV4=198.51.100.1 VC_ID=7 | PEER_IPV4=198.51.100.2 VC_ID=8 |"
logged "PW_DEL PEER_IPV4=198.51.100.2 VC_ID=8"
logged "PW_SET PEER_IPV4=192.0.2.2 VC_ID=100 TTL=255"
logged "PW_NEW PEER_IPV4=203.0.113.1 VC_ID=5 LOCAL_LABEL=5000 REMOTE_LABEL=5001"
: >"$FAKE_LOG"
run syncconf "$T/conf2"
[ "$rc" = 0 ] && [ -z "$(changes)" ]
ok $? "syncconf is idempotent"

sed -e 's/ vlan 10//' "$T/conf2" >"$T/conf3"
: >"$FAKE_LOG"
run syncconf "$T/conf3"
[ "$rc" = 0 ] && [ "$(changes | wc -l)" = 1 ]
ok $? "syncconf: removing a VLAN is one request"
logged "PW_SET PEER_IPV4=192.0.2.2 VC_ID=100 VLAN_ID=0"
sed -e '/^vrrp set/d' "$T/conf3" >"$T/conf4"
: >"$FAKE_LOG"
run syncconf "$T/conf4"
[ "$rc" = 0 ] && [ "$(changes | wc -l)" = 1 ]
ok $? "syncconf: a VRRP group missing from the file is deleted"
logged "VRRP_DEL IFINDEX=1 VRID=1"
run vrrp set dev lo vrid 7 state backup
: >"$FAKE_LOG"
run setconf "$T/conf3"
ok $rc "setconf with another VRRP group"
logged "VRRP_DEL IFINDEX=1 VRID=7"
logged "VRRP_SET IFINDEX=1 VRID=1 STATE=1"

printf 'ac add dev lo\npw add peer 192.0.2.9 vc-id 1 local-label 99 remote-label 20\npw add peer 192.0.2.9 vc-id 2 local-label 99 remote-label 20\n' >"$T/bad"
expect 2 'bad:3: local-label 99 already used on line 2' setconf "$T/bad"
[ ! -s "$FAKE_LOG" ]
ok $? "an invalid file changes nothing (nothing sent)"
printf 'ac add dev lo\npw add peer 192.0.2.9 vc-id 1 local-label 99 remote-label 20 bogus\n' >"$T/bad"
expect 2 'bad:2: pw add: unknown keyword "bogus"' syncconf "$T/bad"
printf 'pw add peer 192.0.2.9 vc-id 1 local-label 99 remote-label 20 dev lo\n' >"$T/bad"
expect 2 'dev lo is not an AC of this file' setconf "$T/bad"
printf 'pw show\n' >"$T/bad"
expect 2 '"pw show" is not a configuration line' setconf "$T/bad"

# ---- batch ----

printf '# comment\n\nvrrp show\npw show peer 10.9.9.9 vc-id 3 -j\nvrrp show\n' >"$T/batch"
expect 1 'Command failed' -batch "$T/batch"
grep -q "batch:4: pw show: No such file or directory" "$T/err" &&
	[ "$(grep -c '^vrrp' "$T/out")" = 1 ]
ok $? "batch stops at the failing line and names it"
printf 'vrrp show\npw set peer 192.0.2.2 vc-id 100 ttl 300\n' >"$T/batch"
expect 2 'batch:2: invalid ttl "300"' -b "$T/batch"
printf 'vrrp show -j\n' | LD_PRELOAD=$FAKE "$PWCTL" -b - >"$T/out" 2>"$T/err"
json_ok "batch from stdin, per-line flags" 'd[0]["vrid"] == 1'

# ---- link and net ----

reset
expect 2 '"dev" is required' link set mpls-input on
expect 2 'nothing to set (mpls-input { on | off })' link set dev lo
expect 2 'invalid mpls-input "yes"' link set dev lo mpls-input yes
expect 2 'missing value after "mpls-input"' link set dev lo mpls-input
expect 2 '"mpls-input" given twice' link set dev lo mpls-input on mpls-input off
expect 2 'unknown keyword "bogus"' link set dev lo mpls-input on bogus
expect 2 'unknown keyword "mpls-input"' link show dev lo mpls-input on
expect 2 'unknown command "del"' link del dev lo
expect 2 'nothing to set (max-pws N)' net set
expect 2 'missing value after "max-pws"' net set max-pws
expect 2 'invalid max-pws "many"' net set max-pws many
expect 2 'invalid max-pws "4294967296"' net set max-pws 4294967296
expect 2 '"max-pws" given twice' net set max-pws 1 max-pws 2
expect 2 'unknown keyword "pws"' net set pws 3
expect 2 'unknown keyword "max-pws"' net show max-pws
expect 2 '(expected ac | pw | switch | vrrp | link | net | all)' monitor links
[ ! -s "$FAKE_LOG" ]
ok $? "link / net usage errors open no netlink socket"
expect 1 'cannot find device "nosuch0"' link set dev nosuch0 mpls-input on

run -j link show
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "[]" ]
ok $? "link show -j with no device opened to MPLS is []"
logged "LINK_GET DUMP"
run link set dev lo mpls-input on
ok $rc "link set mpls-input on"
logged "LINK_SET IFINDEX=1 MPLS_INPUT=1"
run -j link show
json_ok "link show -j: the devices with MPLS input on" 'd == [{"dev":"lo","mpls_input":True}]'
run link show
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "link dev lo mpls-input on" ]
ok $? "link show: human form"
run link show dev lo
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "link dev lo mpls-input on" ]
ok $? "link show dev"
logged "LINK_GET IFINDEX=1"
run -j monitor link
json_lines_ok "monitor -j link: link events only" 'ev and all(e["object"] == "link" and e["event"] == "changed" and e["dev"] == "lo" and e["mpls_input"] is True for e in ev)'
run link set dev lo mpls-input off
logged "LINK_SET IFINDEX=1 MPLS_INPUT=0"
run -j link show
json_ok "link show -j: input off leaves the dump" 'd == []'
run -j link show dev lo
json_ok "link show -j dev: a device with input off" 'd == [{"dev":"lo","mpls_input":False}]'

run -j net show
json_ok "net show -j: the default limit, one object" 'd == {"max_pws":131072,"pws":0,"acs":0}'
logged "NET_GET"
run net set max-pws 1
ok $rc "net set max-pws"
logged "NET_SET MAX_PWS=1"
run ac add dev lo
run pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label 20 dev lo
ok $rc "pw add under max-pws"
expect 1 'Error: This network namespace has as many PWs as its max-pws allows' pw add peer 192.0.2.2 vc-id 2 local-label 17 remote-label 21
grep -q 'pwctl: pw add: No space left on device' "$T/err"
ok $? "pw add over max-pws: ENOSPC after the extack message"
run net show
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "max-pws 1 pws 1 acs 1" ]
ok $? "net show: human form"
run monitor net
grep -q '^\[[0-9T:.-]*Z\] changed net max-pws 1$' "$T/out" && ! grep -qv ' net ' "$T/out"
ok $? "monitor net: net events only"
FAKE_UNPRIV=1 expect 1 'Error: Raising max-pws needs CAP_NET_ADMIN in the initial user namespace' net set max-pws 2
grep -q 'pwctl: net set: Operation not permitted' "$T/err"
ok $? "net set raising without the capability: EPERM"
FAKE_UNPRIV=1 run net set max-pws 0
ok $rc "net set lowering without the capability"
run net set max-pws 1000000
ok $rc "net set above the default with the capability"
logged "NET_SET MAX_PWS=1000000"

run -j stats show
json_ok "stats show -j: drop_input, drop_ttl, ach_limited" 'd["drop_input"] == 4 and d["drop_ttl"] == 0 and d["ach_limited"] == 0'
run stats show
grep -q '^drops: .* input 4 ttl 0' "$T/out" && grep -q 'ach-limited 0' "$T/out"
ok $? "stats show: the new counters, human form"

# ---- showconf / setconf / syncconf: max-pws and MPLS input ----

# first REQUEST: the line number of its first occurrence in the log
first() {
	grep -n -m1 "^$1" "$FAKE_LOG" | cut -d: -f1
}

reset
run link set dev lo mpls-input on
run net set max-pws 500
run ac add dev lo
run pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label 20 dev lo
run showconf
cp "$T/out" "$T/lconf"
[ "$rc" = 0 ] && [ "$(sed -n 1p "$T/out")" = "net set max-pws 500" ] &&
	[ "$(sed -n 2p "$T/out")" = "link set dev lo mpls-input on" ] &&
	sed -n 3p "$T/out" | grep -q '^ac add dev lo' &&
	[ "$(grep -c '^link set' "$T/out")" = 1 ]
ok $? "showconf: net set and link set lines first"

reset
run setconf "$T/lconf"
ok $rc "setconf with net set and link set lines"
logged "NET_SET MAX_PWS=500"
logged "LINK_SET IFINDEX=1 MPLS_INPUT=1"
[ "$(first NET_SET)" -lt "$(first AC_NEW)" ] &&
	[ "$(first LINK_SET)" -lt "$(first AC_NEW)" ]
ok $? "setconf: max-pws and MPLS input before the ACs and PWs"
run showconf
cmp -s "$T/out" "$T/lconf"
ok $? "showconf | setconf round trip: max-pws and MPLS input kept"
: >"$FAKE_LOG"
run syncconf "$T/lconf"
[ "$rc" = 0 ] && [ -z "$(changes)" ]
ok $? "syncconf: max-pws and MPLS input as they are: nothing sent"

sed -e '/^link set/d' "$T/lconf" >"$T/nolink"
: >"$FAKE_LOG"
run syncconf "$T/nolink"
[ "$rc" = 0 ] && [ -z "$(changes)" ]
ok $? "syncconf: a file without link set lines leaves MPLS input (nothing sent)"
run showconf
grep -qx 'link set dev lo mpls-input on' "$T/out"
ok $? "syncconf: MPLS input still on after a file without link set lines"
sed -e 's/^link set dev lo /link set dev pwfake0 /' "$T/lconf" >"$T/fakelink"
: >"$FAKE_LOG"
run syncconf "$T/fakelink"
[ "$rc" = 0 ] && [ "$(changes | wc -l)" = 2 ]
ok $? "syncconf: MPLS input off on a device a file with link set lines leaves out"
logged "LINK_SET IFINDEX=1 MPLS_INPUT=0"
logged "LINK_SET IFINDEX=1000000 MPLS_INPUT=1"
run showconf
[ "$(grep '^link' "$T/out")" = "link set dev pwfake0 mpls-input on" ]
ok $? "syncconf: only the device the file names has MPLS input on"
run link set dev pwfake0 mpls-input off

sed -e 's/max-pws 500/max-pws 600/' "$T/lconf" >"$T/lconf600"
: >"$FAKE_LOG"
run syncconf "$T/lconf600"
[ "$rc" = 0 ] && [ "$(changes | wc -l)" = 2 ]
ok $? "syncconf: max-pws and MPLS input from the file"
logged "NET_SET MAX_PWS=600"
logged "LINK_SET IFINDEX=1 MPLS_INPUT=1"
sed -e '/^net set/d' "$T/lconf" >"$T/nonet"
: >"$FAKE_LOG"
run syncconf "$T/nonet"
[ "$rc" = 0 ] && [ -z "$(changes)" ]
ok $? "syncconf: a file without net set leaves max-pws"
: >"$FAKE_LOG"
run setconf "$T/nolink"
ok $rc "setconf without a link set line"
! changes | grep -q '^LINK_SET'
ok $? "setconf: a file without link set lines leaves MPLS input (nothing sent)"
run showconf
grep -qx 'link set dev lo mpls-input on' "$T/out"
ok $? "setconf: MPLS input still on after a file without link set lines"
run link set dev lo mpls-input off
printf 'link set dev lo mpls-input off\n' >"$T/off"
: >"$FAKE_LOG"
run syncconf "$T/off"
[ "$rc" = 0 ] && ! changes | grep -q '^LINK_SET'
ok $? "syncconf: mpls-input off where it is off sends nothing"


# Both devices on; a file naming one of them, and one naming none.
two_links() {
	reset
	run link set dev lo mpls-input on
	run link set dev pwfake0 mpls-input on
	: >"$FAKE_LOG"
}

printf 'link set dev pwfake0 mpls-input on\n' >"$T/onelink"
two_links
run syncconf "$T/onelink"
[ "$rc" = 0 ] && [ "$(changes)" = "LINK_SET IFINDEX=1 MPLS_INPUT=0" ]
ok $? "syncconf: one link set line switches input off on the other devices"
two_links
run setconf "$T/onelink"
ok $rc "setconf with one link set line"
logged "LINK_SET IFINDEX=1 MPLS_INPUT=0"
run showconf
[ "$(grep '^link' "$T/out")" = "link set dev pwfake0 mpls-input on" ]
ok $? "setconf: one link set line switches input off on the other devices"
printf 'net set max-pws 9\n' >"$T/netonly"
two_links
run syncconf "$T/netonly"
[ "$rc" = 0 ] && ! changes | grep -q '^LINK_SET'
ok $? "syncconf: no link set line leaves input on every device (nothing sent)"
two_links
run setconf "$T/netonly"
[ "$rc" = 0 ] && ! changes | grep -q '^LINK_SET'
ok $? "setconf: no link set line leaves input on every device (nothing sent)"
run showconf
[ "$(grep -c '^link set' "$T/out")" = 2 ]
ok $? "setconf: no link set line: both devices keep input on"

# ---- setconf / syncconf: net set before any deletion ----

# A netns with something of every kind to delete, max-pws 500.
populate() {
	reset
	run net set max-pws 500
	run link set dev lo mpls-input on
	run link set dev pwfake0 mpls-input on
	run vrrp set dev lo vrid 3 state master
	run ac add dev lo
	run pw add peer 192.0.2.2 vc-id 1 local-label 16 remote-label 20 dev lo
	run pw add peer 192.0.2.3 vc-id 2 local-label 17 remote-label 21
	run pw add peer 192.0.2.4 vc-id 3 local-label 18 remote-label 22
	run switch add peer 192.0.2.3 vc-id 2 peer 192.0.2.4 vc-id 3
	run showconf
	cp "$T/out" "$T/full"
	: >"$FAKE_LOG"
}

# net_first: NET_SET is the first change, before any deletion
net_first() {
	[ "$(changes | head -n1 | cut -d' ' -f1)" = NET_SET ] &&
		changes | grep -q '_DEL ' &&
		[ "$(first NET_SET)" -lt "$(first '[A-Z]*_DEL ')" ]
}

printf 'net set max-pws 400\nlink set dev lo mpls-input on\nac add dev lo\n' >"$T/shrink"
for cmd in setconf syncconf; do
	populate
	run $cmd "$T/shrink"
	[ "$rc" = 0 ] && net_first
	ok $? "$cmd: net set (lowered) comes before any deletion"
	populate
	sed -e 's/^net set max-pws 500/net set max-pws 600/' \
		-e '/vc-id 3 /d' -e '/^switch/d' "$T/full" >"$T/raise"
	run $cmd "$T/raise"
	[ "$rc" = 0 ] && net_first
	ok $? "$cmd: net set (raised) comes before any deletion"
	populate
	FAKE_UNPRIV=1 run $cmd "$T/raise"
	[ "$rc" = 1 ] && grep -q 'raise:1: net set: Operation not permitted' "$T/err"
	ok $? "$cmd: a refused net set fails, naming its line"
	[ "$(changes)" = "NET_SET MAX_PWS=600 -> Operation not permitted (extack)" ]
	ok $? "$cmd: a refused net set is the only request sent"
	run showconf
	cmp -s "$T/out" "$T/full"
	ok $? "$cmd: a refused net set changes nothing"
done

printf 'net set max-pws 7\nlink set dev lo mpls-input maybe\nac add dev lo\n' >"$T/bad"
expect 2 'bad:2: invalid mpls-input "maybe"' setconf "$T/bad"
[ ! -s "$FAKE_LOG" ]
ok $? "a bad link set line changes nothing (nothing sent)"
expect 2 'bad:2: invalid mpls-input "maybe"' syncconf "$T/bad"
[ ! -s "$FAKE_LOG" ]
ok $? "syncconf: a bad link set line changes nothing (nothing sent)"
printf 'link set dev lo\n' >"$T/bad"
expect 2 'bad:1: link set: nothing to set' setconf "$T/bad"
printf 'link set dev lo mpls-input on\nlink set dev lo mpls-input off\n' >"$T/bad"
expect 2 'bad:2: link dev lo given twice' setconf "$T/bad"
printf 'net set max-pws 7\nnet set max-pws 8\n' >"$T/bad"
expect 2 'bad:2: max-pws already set on line 1' syncconf "$T/bad"
printf 'net set max-pws lots\n' >"$T/bad"
expect 2 'bad:1: invalid max-pws "lots"' setconf "$T/bad"

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
