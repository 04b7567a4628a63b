#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "events" multicast group, as "pwctl -j monitor" prints it: every
# state change of the redundancy machinery is notified, in the order it
# happens.
#
#                      +-- core1 == P1 == PE2 (slave) -- eth2 --+
#  CE1 -- ac0 [PE1]----+        primary PW, vc-id 100          br0 CE2
#             master   +-- core2 == P2 == PE3 (slave) -- eth3 --+
#                               secondary PW, vc-id 200
#
#  (addresses as in redundancy.sh; status signalling on, refresh 1 s)
#
# Monitors run on PE1 and PE3 throughout. Checked, as ordered sequences
# of events after each action:
#  - PE1's link to P1 fails: PE1 pw-down (primary, with the reason) ->
#    status-sent (secondary, 0x00) -> selection (secondary); PE3
#    status-rcvd (0x00) -> selection (its PW);
#  - the link comes back, reroute delay 10 s: pw-up (primary) ->
#    timer-start (reroute) -> timer-expired (reroute), not before 9 s ->
#    status-sent (secondary, 0x20) -> selection (primary); PE3
#    status-rcvd (0x20) -> selection (none);
#  - holdoff 5 s: pw-down -> timer-start (holdoff) -> timer-expired
#    (holdoff) -> selection;
#  - configuration: deleted (pw), new (pw), changed (ac);
#  - the secondary deleted while the reroute timer runs: the primary at
#    once, and the timer gone (no timer-expired, even after the delay);
#  - the human form names the timer; a clean kernel log.

# The test functions are called through check().
# shellcheck disable=SC2317
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$SELFTEST_DIR/lib_redundancy.sh"

require_mpls_pw
require_mpls_router

ktap_plan 10
kmsg_mark events

PRI=$R_VC_PRI
SEC=$R_VC_SEC
EV1=$TMPD/pe1.json
EV3=$TMPD/pe3.json
TXT1=$TMPD/pe1.txt

setup()
{
	r_topo_create || return 1
	R_AC1_OPTS=(reroute delay 10)
	r_pws_add master status-signaling on refresh 1 && r_wait_ready &&
		slowwait 10 r_pe3 '.fwd == "standby"' || return 1
	r_monitor "$PE1" "$EV1" && r_monitor "$PE3" "$EV3" || return 1
	bg_start R_MON "$PWCTL" -n "$PE1" monitor > "$TXT1"
	slowwait 10 txt_monitor_seen ||
		{ echo "the human pwctl monitor receives nothing"; return 1; }
}

txt_monitor_seen()
{
	"$PWCTL" -n "$PE1" ac set dev ac0 &&
		grep -q '\] changed ac dev ac0' "$TXT1"
}

MARK1=0
MARK3=0
mark()
{
	MARK1=$(wc -l < "$EV1")
	MARK3=$(wc -l < "$EV3")
}

# since FILE MARK: the events after line MARK, as one JSON array, each
# reduced to a signature "event object key" plus the fields tests look
# at.
since()
{
	tail -n +"$(($2 + 1))" "$1" | jq -s -c '[.[] | {
		sig: ([.event, .object, (.vc_id // .active_pw.vc_id // "-"
			| tostring)] | join(" ")),
		event, object, timer, vc_id, time, status_sent, status_rcvd,
		down_reasons, active: (.active_pw.vc_id // null)}]'
}

# in_order FILE MARK JQ_COND...: events after MARK satisfy each JQ_COND,
# in this order (others may come in between).
in_order()
{
	local file=$1 mark=$2 evs cond prog='def find(c; from):
		[range(from; length) as $i | select(.[$i] | c) | $i][0];
		. as $e | 0'

	shift 2
	evs=$(since "$file" "$mark")
	for cond in "$@"; do
		prog+=" | if . == null then null else
			(. as \$p | \$e | find($cond; \$p)) end | if . == null
			then null else . + 1 end"
	done
	prog+=' | . != null'
	jq -e "$prog" <<< "$evs" > /dev/null && return 0
	echo "expected, in this order:"
	printf '  %s\n' "$@"
	echo "got:"
	jq -r '.[] | "  \(.sig) \(.timer // "") sent=\(.status_sent)" +
		" rcvd=\(.status_rcvd) down=\(.down_reasons)"' <<< "$evs"
	return 1
}

failure()
{
	mark
	r_link_fail 1 && slowwait 10 r_active_is "$PE1" $SEC &&
		slowwait 10 r_pe3 '.fwd == "active"' || { pw_show_all "$PE1";
							  return 1; }
	slowwait 5 in_order "$EV1" "$MARK1" \
		".event == \"selection\" and .active == $SEC"
	in_order "$EV1" "$MARK1" \
		".event == \"pw-down\" and .vc_id == $PRI and
		 (.down_reasons | any(. == \"no-route\" or
				      . == \"tunnel-dev-down\"))" \
		".event == \"status-sent\" and .vc_id == $SEC and
		 .status_sent == 0" \
		".event == \"selection\" and .object == \"ac\" and
		 .active == $SEC"
}

failure_far_end()
{
	slowwait 5 in_order "$EV3" "$MARK3" \
		".event == \"selection\" and .active == $SEC"
	in_order "$EV3" "$MARK3" \
		".event == \"status-rcvd\" and .vc_id == $SEC and
		 .status_rcvd == 0" \
		".event == \"selection\" and .object == \"ac\" and
		 .active == $SEC"
}

# seconds_between FILE MARK COND1 COND2: time from the first event
# matching COND1 to the first after it matching COND2 (from pwctl's
# timestamps).
seconds_between()
{
	since "$1" "$2" | jq -r "
		def ts: (.time | rtrimstr(\"Z\") | split(\".\")) as \$p |
			(\$p[0] + \"Z\" | fromdateiso8601) +
			(\"0.\" + \$p[1] | tonumber);
		(map(select($3)) | first | ts) as \$a |
		(map(select($4)) | first | ts) as \$b | \$b - \$a"
}

recovery()
{
	local d

	mark
	r_link_restore 1 && slowwait 30 r_active_is "$PE1" $PRI ||
		{ pw_show_all "$PE1"; return 1; }
	slowwait 5 in_order "$EV1" "$MARK1" \
		".event == \"selection\" and .active == $PRI"
	in_order "$EV1" "$MARK1" \
		".event == \"pw-up\" and .vc_id == $PRI" \
		".event == \"timer-start\" and .timer == \"reroute\"" \
		".event == \"timer-expired\" and .timer == \"reroute\"" \
		".event == \"status-sent\" and .vc_id == $SEC and
		 .status_sent == 32" \
		".event == \"selection\" and .active == $PRI" || return 1
	d=$(seconds_between "$EV1" "$MARK1" '.event == "timer-start"' \
		'.event == "timer-expired"') || return 1
	r_note "reroute timer: started, expired ${d} s later (delay 10 s)"
	jq -e -n "$d >= 9" > /dev/null ||
		{ echo "the reroute timer expired after $d s"; return 1; }
}

recovery_far_end()
{
	slowwait 10 in_order "$EV3" "$MARK3" \
		".event == \"selection\" and .active == null"
	in_order "$EV3" "$MARK3" \
		".event == \"status-rcvd\" and .vc_id == $SEC and
		 .status_rcvd == 32" \
		".event == \"selection\" and .object == \"ac\" and
		 .active == null"
}

holdoff()
{
	mark
	pwc "$PE1" ac set dev ac0 holdoff 5 reroute immediately &&
		r_link_fail 1 && slowwait 20 r_active_is "$PE1" $SEC ||
		{ pw_show_all "$PE1"; return 1; }
	slowwait 5 in_order "$EV1" "$MARK1" \
		".event == \"selection\" and .active == $SEC"
	in_order "$EV1" "$MARK1" \
		".event == \"changed\" and .object == \"ac\"" \
		".event == \"pw-down\" and .vc_id == $PRI" \
		".event == \"timer-start\" and .timer == \"holdoff\"" \
		".event == \"timer-expired\" and .timer == \"holdoff\"" \
		".event == \"selection\" and .active == $SEC" || return 1
	# back at once: no timer on the way
	mark
	r_link_restore 1 && slowwait 20 r_active_is "$PE1" $PRI &&
		slowwait 5 in_order "$EV1" "$MARK1" \
			".event == \"selection\" and .active == $PRI" || return 1
	in_order "$EV1" "$MARK1" ".event == \"pw-up\" and .vc_id == $PRI" \
		".event == \"selection\" and .active == $PRI" || return 1
	if in_order "$EV1" "$MARK1" '.event | startswith("timer")' \
		> /dev/null; then
		echo "a timer event on the way back with reroute immediately"
		return 1
	fi
}

configuration()
{
	local deleted

	mark
	pwc "$PE1" pw del peer $R_PE3_LO vc-id $SEC &&
		pwc "$PE1" pw add peer $R_PE3_LO vc-id $SEC \
			local-label $R_LBL_PE1_SEC remote-label $R_LBL_PE3 \
			dev ac0 secondary control-word status-signaling on \
			refresh 1 && pwc "$PE1" ac set dev ac0 holdoff 0 || return 1
	slowwait 5 in_order "$EV1" "$MARK1" \
		".event == \"changed\" and .object == \"ac\""
	in_order "$EV1" "$MARK1" \
		".event == \"deleted\" and .object == \"pw\" and .vc_id == $SEC" \
		".event == \"new\" and .object == \"pw\" and .vc_id == $SEC" \
		".event == \"changed\" and .object == \"ac\"" || return 1
	# one deletion, for that PW
	deleted=$(tail -n +"$((MARK1 + 1))" "$EV1" |
		jq -c 'select(.event == "deleted")')
	jq -e -s "length == 1 and .[0].peer == \"$R_PE3_LO\" and
		.[0].vc_id == $SEC" <<< "$deleted" > /dev/null && return 0
	echo "deleted: $deleted"
	return 1
}

# The reroute timer runs (primary back, secondary still active) when the
# secondary is deleted: the primary is selected at once and the timer
# stops with it: 12 s later (delay 10 s) no timer-expired has come. The
# secondary is added back.
timer_orphaned()
{
	local rc=0

	pwc "$PE1" ac set dev ac0 reroute delay 10 &&
		r_link_fail 1 && slowwait 20 r_active_is "$PE1" $SEC &&
		r_link_restore 1 && slowwait 20 r_pri '.fwd == "standby"' ||
		{ pw_show_all "$PE1"; return 1; }
	mark
	pwc "$PE1" pw del peer $R_PE3_LO vc-id $SEC &&
		slowwait 5 r_active_is "$PE1" $PRI || rc=1
	sleep 12
	if in_order "$EV1" "$MARK1" '.event == "timer-expired"' > /dev/null
	then
		echo "the reroute timer expired with no secondary left:"
		since "$EV1" "$MARK1"
		rc=1
	fi
	pwc "$PE1" pw add peer $R_PE3_LO vc-id $SEC \
		local-label $R_LBL_PE1_SEC remote-label $R_LBL_PE3 \
		dev ac0 secondary control-word status-signaling on \
		refresh 1 || rc=1
	return $rc
}

human_form()
{
	grep -E '^\[[0-9T:.-]+Z\] timer-start reroute ac dev ac0 ' "$TXT1" &&
		grep -E '^\[[0-9T:.-]+Z\] pw-down pw peer 203\.0\.113\.2 vc-id 100 ' \
			"$TXT1" && return 0
	echo "pwctl monitor printed:"
	cat "$TXT1"
	return 1
}

r_check "topology, PE1 master with reroute delay 10, monitors on PE1, PE3" \
	setup || ktap_bail "cannot build the topology"
r_check "link fails: PE1 pw-down -> status-sent -> selection (secondary)" \
	failure
r_check "link fails: PE3 status-rcvd 0x00 -> selection (its PW)" \
	failure_far_end
r_check "link back: pw-up -> reroute timer start -> expiry -> selection" \
	recovery
r_check "link back: PE3 status-rcvd 0x20 -> selection (none)" \
	recovery_far_end
r_check "holdoff: pw-down -> holdoff timer start -> expiry -> selection" \
	holdoff
r_check "configuration: deleted, new, changed" configuration
r_check "secondary deleted while the reroute timer runs: the timer goes too" \
	timer_orphaned
r_check "pwctl monitor, human form: timestamp, event, timer, object" \
	human_form
r_check "kernel log: no warning, BUG, oops, lockdep or RCU report" kmsg_clean

ktap_finish
