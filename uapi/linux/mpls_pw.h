/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mpls_pw: Ethernet pseudowires over MPLS (RFC 4448, RFC 4385) with PW
 * redundancy (RFC 6870), configured through the generic netlink family
 * "mpls_pw".
 *
 * Objects (all per network namespace):
 *
 *   AC     an attachment circuit: an existing netdev bound to the module.
 *          Keyed by MPLS_PW_AC_A_IFINDEX.
 *   PW     a pseudowire, keyed by (peer address, vc-id). Its local label is
 *          unique in the netns too.
 *   SWITCH two PWs without an AC stitched together (an S-PE, RFC 6073).
 *   VRRP   a (dev, vrid) -> master | backup state that PWs may track.
 *   LINK   a netdev's settings: whether MPLS (PW frames, status) is taken
 *          from it. Off by default.
 *   NET    the netns-wide settings: the PW limit.
 *
 * Every request carries one object nest at the top level (MPLS_PW_A_AC,
 * MPLS_PW_A_PW, MPLS_PW_A_SWITCH, MPLS_PW_A_VRRP, MPLS_PW_A_LINK or
 * MPLS_PW_A_NET). Replies, dump entries
 * and notifications carry the same nest, filled by one function per object.
 * Changes need CAP_NET_ADMIN in the user namespace owning the netns. A
 * request is validated whole before anything is changed: an error leaves
 * the configuration exactly as it was and carries an extack message.
 *
 * Notifications are sent on the "events" multicast group with the command
 * of the object they describe (MPLS_PW_CMD_*_GET for a change or a new
 * object, MPLS_PW_CMD_*_DEL for a removal) and MPLS_PW_A_EVENT saying what
 * happened.
 */
#ifndef _UAPI_LINUX_MPLS_PW_H
#define _UAPI_LINUX_MPLS_PW_H

#include <linux/types.h>

#define MPLS_PW_GENL_NAME		"mpls_pw"
#define MPLS_PW_GENL_VERSION		1
#define MPLS_PW_MCGRP_EVENTS		"events"

/* Label limits: 0..15 are reserved (RFC 3032, RFC 7274). */
#define MPLS_PW_LABEL_MIN		16
#define MPLS_PW_LABEL_MAX		1048575
/* At most this many tunnel labels may be configured under a PW label. */
#define MPLS_PW_TUNNEL_LABELS_MAX	8

#define MPLS_PW_EXPIRE_MIN		60
#define MPLS_PW_ARP_EXPIRE_DEFAULT	4294967295U	/* never */
#define MPLS_PW_ND_EXPIRE_DEFAULT	3600
#define MPLS_PW_REROUTE_DELAY_MIN	10
#define MPLS_PW_REROUTE_DELAY_MAX	1800
#define MPLS_PW_REROUTE_DELAY_DEFAULT	30
#define MPLS_PW_HOLDOFF_MAX		180
#define MPLS_PW_REFRESH_DEFAULT		30
/*
 * PWs a network namespace may hold (MPLS_PW_NET_A_MAX_PWS) until changed:
 * lowered by anyone who administers the netns, raised only by
 * CAP_NET_ADMIN in the initial user namespace.
 */
#define MPLS_PW_MAX_PWS_DEFAULT		131072

/* RFC 4446 / RFC 6870 PW status bits, as signalled and received. */
#define MPLS_PW_STATUS_NOT_FORWARDING	0x01
#define MPLS_PW_STATUS_AC_RX_FAULT	0x02
#define MPLS_PW_STATUS_AC_TX_FAULT	0x04
#define MPLS_PW_STATUS_PSN_RX_FAULT	0x08
#define MPLS_PW_STATUS_PSN_TX_FAULT	0x10
#define MPLS_PW_STATUS_STANDBY		0x20
#define MPLS_PW_STATUS_SWITCHOVER	0x40

enum mpls_pw_cmd {
	MPLS_PW_CMD_UNSPEC,
	MPLS_PW_CMD_AC_NEW,		/* bind a netdev as AC */
	MPLS_PW_CMD_AC_SET,		/* change an AC's attributes */
	MPLS_PW_CMD_AC_DEL,		/* unbind; its PWs are deleted too */
	MPLS_PW_CMD_AC_GET,		/* one AC (doit) or all (dumpit) */
	MPLS_PW_CMD_AC_SWITCHOVER,	/* manual switchover to the other PW */
	MPLS_PW_CMD_PW_NEW,
	MPLS_PW_CMD_PW_SET,
	MPLS_PW_CMD_PW_DEL,
	MPLS_PW_CMD_PW_GET,		/* dump filter: AC ifindex or peer */
	MPLS_PW_CMD_SWITCH_NEW,
	MPLS_PW_CMD_SWITCH_DEL,
	MPLS_PW_CMD_SWITCH_GET,
	MPLS_PW_CMD_VRRP_SET,
	MPLS_PW_CMD_VRRP_GET,
	MPLS_PW_CMD_STATS_GET,		/* netns-wide counters */
	MPLS_PW_CMD_VRRP_DEL,		/* forget a VRRP group (PWs tracking it
					 * see it as backup)
					 */
	MPLS_PW_CMD_LINK_SET,		/* a netdev's settings: MPLS input */
	MPLS_PW_CMD_LINK_GET,		/* one netdev (doit), or the netdevs
					 * with MPLS input on (dumpit)
					 */
	MPLS_PW_CMD_NET_SET,		/* netns-wide settings: PW limit */
	MPLS_PW_CMD_NET_GET,

	__MPLS_PW_CMD_MAX,
	MPLS_PW_CMD_MAX = __MPLS_PW_CMD_MAX - 1
};

/* Top-level attributes. */
enum mpls_pw_attr {
	MPLS_PW_A_UNSPEC,
	MPLS_PW_A_AC,		/* nest: enum mpls_pw_ac_attr */
	MPLS_PW_A_PW,		/* nest: enum mpls_pw_pw_attr */
	MPLS_PW_A_SWITCH,	/* nest: enum mpls_pw_switch_attr */
	MPLS_PW_A_VRRP,		/* nest: enum mpls_pw_vrrp_attr */
	MPLS_PW_A_EVENT,	/* u32: enum mpls_pw_event, notifications only */
	MPLS_PW_A_STATS,	/* nest: enum mpls_pw_stats_attr (netns-wide) */
	MPLS_PW_A_TIMER,	/* u8: enum mpls_pw_timer, TIMER_* events */
	MPLS_PW_A_LINK,		/* nest: enum mpls_pw_link_attr */
	MPLS_PW_A_NET,		/* nest: enum mpls_pw_net_attr */

	__MPLS_PW_A_MAX,
	MPLS_PW_A_MAX = __MPLS_PW_A_MAX - 1
};

enum mpls_pw_redundancy {
	MPLS_PW_REDUNDANCY_MASTER,	/* RFC 6870 master/slave, we decide */
	MPLS_PW_REDUNDANCY_INDEPENDENT,	/* RFC 6870 independent mode */
};

enum mpls_pw_ac_state {
	MPLS_PW_AC_STATE_ACTIVE,	/* E-Trunk / mVRRP: this PE is active */
	MPLS_PW_AC_STATE_STANDBY,
};

enum mpls_pw_timer {
	MPLS_PW_TIMER_REROUTE,		/* wait-to-restore before switching back */
	MPLS_PW_TIMER_HOLDOFF,		/* wait before leaving a failed PW */
};

enum mpls_pw_reroute {
	MPLS_PW_REROUTE_DELAY,		/* revert after MPLS_PW_AC_A_REROUTE_DELAY */
	MPLS_PW_REROUTE_IMMEDIATELY,
	MPLS_PW_REROUTE_NEVER,		/* non-revertive */
};

/*
 * AC attributes. "in" = accepted in NEW/SET, "out" = reported by GET.
 * Booleans are u8 0/1 so that SET can both set and clear them.
 */
enum mpls_pw_ac_attr {
	MPLS_PW_AC_A_UNSPEC,
	MPLS_PW_AC_A_IFINDEX,		/* u32, in/out: the AC netdev (key) */
	MPLS_PW_AC_A_IFNAME,		/* string, out */
	MPLS_PW_AC_A_REDUNDANCY,	/* u8 enum mpls_pw_redundancy, in/out */
	MPLS_PW_AC_A_STATE,		/* u8 enum mpls_pw_ac_state, in/out */
	MPLS_PW_AC_A_DUAL_RECEIVE,	/* u8 bool, in/out: stream-dual-receiving */
	MPLS_PW_AC_A_ARP_DUAL_SEND,	/* u8 bool, in/out: arp-dual-sending */
	MPLS_PW_AC_A_ARP_EXPIRE,	/* u32 seconds 60..2^32-1, in/out */
	MPLS_PW_AC_A_ND_DUAL_SEND,	/* u8 bool, in/out: nd-dual-sending */
	MPLS_PW_AC_A_ND_EXPIRE,		/* u32 seconds 60..2^32-1, in/out */
	MPLS_PW_AC_A_REROUTE,		/* u8 enum mpls_pw_reroute, in/out */
	MPLS_PW_AC_A_REROUTE_DELAY,	/* u32 seconds 10..1800, in/out */
	MPLS_PW_AC_A_HOLDOFF,		/* u32 seconds 0..180, in/out */
	MPLS_PW_AC_A_OPER_UP,		/* u8 bool, out: AC netdev up, carrier */
	MPLS_PW_AC_A_ACTIVE_PW,		/* nest, out: key attrs of the PW that
					 * carries AC traffic (absent: none)
					 */
	MPLS_PW_AC_A_SWITCHOVERS,	/* u64, out: selection changes */
	MPLS_PW_AC_A_CACHE,		/* nest, out: dual-sending cache, a
					 * MPLS_PW_CACHE_A_ENTRY nest per entry
					 */
	MPLS_PW_AC_A_STATS,		/* nest, out: enum mpls_pw_stats_attr */
	MPLS_PW_AC_A_PAD,
	MPLS_PW_AC_A_MANUAL,		/* u8 bool, out: a manual switchover is
					 * in force
					 */
	MPLS_PW_AC_A_SWITCH_LATENCY_NS,	/* u64, out: from the event that caused
					 * the last switchover to the first
					 * frame sent on the new PW (absent
					 * until measured)
					 */

	__MPLS_PW_AC_A_MAX,
	MPLS_PW_AC_A_MAX = __MPLS_PW_AC_A_MAX - 1
};

enum mpls_pw_cache_attr {
	MPLS_PW_CACHE_A_UNSPEC,
	MPLS_PW_CACHE_A_ENTRY,		/* nest of the attributes below */
	MPLS_PW_CACHE_A_PROTO,		/* u16, host order: ETH_P_ARP or
					 * ETH_P_IPV6 (ND)
					 */
	MPLS_PW_CACHE_A_MAC,		/* binary 6: sender hardware address */
	MPLS_PW_CACHE_A_IPV4,		/* be32: ARP sender protocol address */
	MPLS_PW_CACHE_A_IPV6,		/* binary 16: ND source address */
	MPLS_PW_CACHE_A_AGE_MS,		/* u64: since the last refresh */
	MPLS_PW_CACHE_A_PAD,

	__MPLS_PW_CACHE_A_MAX,
	MPLS_PW_CACHE_A_MAX = __MPLS_PW_CACHE_A_MAX - 1
};

enum mpls_pw_role {
	MPLS_PW_ROLE_PRIMARY,
	MPLS_PW_ROLE_SECONDARY,
	MPLS_PW_ROLE_BYPASS,
	MPLS_PW_ROLE_NONE,		/* no AC: only for PW switching */
};

enum mpls_pw_mode {
	MPLS_PW_MODE_RAW,		/* RFC 4448 raw mode */
	MPLS_PW_MODE_TAGGED,		/* RFC 4448 tagged mode */
};

enum mpls_pw_remote_status {
	MPLS_PW_REMOTE_ACTIVE,		/* far end signals no bit */
	MPLS_PW_REMOTE_STANDBY,		/* far end signals 0x20 */
	MPLS_PW_REMOTE_DOWN,		/* far end signals a fault */
};

/* Local forwarding state of a PW. */
enum mpls_pw_fwd {
	MPLS_PW_FWD_DOWN,		/* not up: see MPLS_PW_PW_A_DOWN_REASON */
	MPLS_PW_FWD_STANDBY,		/* up, not selected */
	MPLS_PW_FWD_ACTIVE,		/* up, carries AC traffic */
};

/* Why a PW is down (bit mask: several may hold at once). */
#define MPLS_PW_DOWN_ADMIN		0x0001	/* admin down */
#define MPLS_PW_DOWN_AC			0x0002	/* AC netdev down or no carrier */
#define MPLS_PW_DOWN_NO_ROUTE		0x0004	/* no route to the peer */
#define MPLS_PW_DOWN_TUNNEL_DEV		0x0008	/* tunnel netdev down/no carrier */
#define MPLS_PW_DOWN_NEIGH		0x0010	/* next hop neighbour failed */
#define MPLS_PW_DOWN_REMOTE		0x0020	/* far end signalled a fault */
#define MPLS_PW_DOWN_SILENT		0x0040	/* no status for 3.5 refreshes */
#define MPLS_PW_DOWN_NO_AC		0x0080	/* no AC and no switch partner */
#define MPLS_PW_DOWN_VRRP		0x0100	/* tracked VRRP group is backup */

/*
 * PW attributes. The key is the peer (exactly one of PEER_IPV4 and
 * PEER_IPV6) plus VC_ID.
 */
enum mpls_pw_pw_attr {
	MPLS_PW_PW_A_UNSPEC,
	MPLS_PW_PW_A_PEER_IPV4,		/* be32, in/out: remote PE (key) */
	MPLS_PW_PW_A_PEER_IPV6,		/* binary 16, in/out: remote PE (key) */
	MPLS_PW_PW_A_VC_ID,		/* u32 1..2^32-1, in/out (key) */
	MPLS_PW_PW_A_IFINDEX,		/* u32, in/out: the AC (must be an AC) */
	MPLS_PW_PW_A_IFNAME,		/* string, out */
	MPLS_PW_PW_A_ROLE,		/* u8 enum mpls_pw_role, in/out;
					 * default primary with an AC, none
					 * without
					 */
	MPLS_PW_PW_A_LOCAL_LABEL,	/* u32 16..1048575, in/out: we receive
					 * on it; unique per netns
					 */
	MPLS_PW_PW_A_REMOTE_LABEL,	/* u32 16..1048575, in/out: we send
					 * with it
					 */
	MPLS_PW_PW_A_CONTROL_WORD,	/* u8 bool, in/out: RFC 4385 CW */
	MPLS_PW_PW_A_MODE,		/* u8 enum mpls_pw_mode, in/out */
	MPLS_PW_PW_A_VLAN_ID,		/* u16 0..4094, in/out: tagged mode VID
					 * to push on untagged frames (0: none)
					 */
	MPLS_PW_PW_A_TTL,		/* u8 1..255, in/out: PW label TTL
					 * (default 255)
					 */
	MPLS_PW_PW_A_TUNNEL,		/* nest enum mpls_pw_tunnel_attr, in/out:
					 * explicit tunnel; absent = resolve
					 * the peer in the netns FIB. An empty
					 * nest in SET returns to the FIB.
					 */
	MPLS_PW_PW_A_IGNORE_STANDBY,	/* u8 bool, in/out */
	MPLS_PW_PW_A_TRACK_VRRP,	/* nest enum mpls_pw_track_attr, in/out;
					 * an empty nest in SET removes it
					 */
	MPLS_PW_PW_A_STATUS_SIGNALING,	/* u8 bool, in/out: RFC 6478 in band */
	MPLS_PW_PW_A_REFRESH,		/* u16 seconds, in/out: status refresh
					 * timer (0 = no refresh)
					 */
	MPLS_PW_PW_A_ADMIN_UP,		/* u8 bool, in/out (default 1) */
	MPLS_PW_PW_A_REMOTE_STATUS,	/* u8 enum mpls_pw_remote_status, in:
					 * set the received status from an
					 * external control plane
					 */
	MPLS_PW_PW_A_FWD,		/* u8 enum mpls_pw_fwd, out */
	MPLS_PW_PW_A_DOWN_REASON,	/* u32 MPLS_PW_DOWN_* mask, out */
	MPLS_PW_PW_A_STATUS_SENT,	/* u32 MPLS_PW_STATUS_* bits, out */
	MPLS_PW_PW_A_STATUS_RCVD,	/* u32 MPLS_PW_STATUS_* bits, out */
	MPLS_PW_PW_A_LAST_CHANGE_MS,	/* u64, out: ms since the last change of
					 * MPLS_PW_PW_A_FWD
					 */
	MPLS_PW_PW_A_NEXTHOP,		/* nest enum mpls_pw_tunnel_attr, out:
					 * the resolved next hop and tunnel
					 * labels (absent: unresolved)
					 */
	MPLS_PW_PW_A_STATS,		/* nest enum mpls_pw_stats_attr, out */
	MPLS_PW_PW_A_PAD,
	MPLS_PW_PW_A_ACTIVATIONS,	/* u64, out: times it became active */

	__MPLS_PW_PW_A_MAX,
	MPLS_PW_PW_A_MAX = __MPLS_PW_PW_A_MAX - 1
};

enum mpls_pw_tunnel_attr {
	MPLS_PW_TUNNEL_A_UNSPEC,
	MPLS_PW_TUNNEL_A_VIA_IPV4,	/* be32: next hop */
	MPLS_PW_TUNNEL_A_VIA_IPV6,	/* binary 16: next hop */
	MPLS_PW_TUNNEL_A_IFINDEX,	/* u32: out device */
	MPLS_PW_TUNNEL_A_LABELS,	/* binary: array of u32 labels, outermost
					 * first, 1..MPLS_PW_TUNNEL_LABELS_MAX
					 * entries, each 16..1048575 (or 3,
					 * implicit null, alone: no label)
					 */
	MPLS_PW_TUNNEL_A_IFNAME,	/* string, out */

	__MPLS_PW_TUNNEL_A_MAX,
	MPLS_PW_TUNNEL_A_MAX = __MPLS_PW_TUNNEL_A_MAX - 1
};

enum mpls_pw_track_attr {
	MPLS_PW_TRACK_A_UNSPEC,
	MPLS_PW_TRACK_A_IFINDEX,	/* u32: VRRP interface */
	MPLS_PW_TRACK_A_VRID,		/* u8 1..255 */
	MPLS_PW_TRACK_A_PW_REDUNDANCY,	/* u8 bool: group state sets the status
					 * we signal instead of gating
					 * forwarding
					 */
	MPLS_PW_TRACK_A_IFNAME,		/* string, out */

	__MPLS_PW_TRACK_A_MAX,
	MPLS_PW_TRACK_A_MAX = __MPLS_PW_TRACK_A_MAX - 1
};

enum mpls_pw_switch_attr {
	MPLS_PW_SWITCH_A_UNSPEC,
	MPLS_PW_SWITCH_A_PW,		/* nest of PW key attrs; exactly two */

	__MPLS_PW_SWITCH_A_MAX,
	MPLS_PW_SWITCH_A_MAX = __MPLS_PW_SWITCH_A_MAX - 1
};

enum mpls_pw_vrrp_state {
	MPLS_PW_VRRP_BACKUP,
	MPLS_PW_VRRP_MASTER,
};

enum mpls_pw_vrrp_attr {
	MPLS_PW_VRRP_A_UNSPEC,
	MPLS_PW_VRRP_A_IFINDEX,		/* u32 (key) */
	MPLS_PW_VRRP_A_VRID,		/* u8 1..255 (key) */
	MPLS_PW_VRRP_A_STATE,		/* u8 enum mpls_pw_vrrp_state */
	MPLS_PW_VRRP_A_IFNAME,		/* string, out */

	__MPLS_PW_VRRP_A_MAX,
	MPLS_PW_VRRP_A_MAX = __MPLS_PW_VRRP_A_MAX - 1
};

/*
 * A netdev's settings. MPLS input: whether PW frames (and their status
 * messages) are taken from this device. Off for every device until set,
 * like af_mpls's net.mpls.conf.DEV.input, so that nobody on a customer-
 * facing or management segment can inject into a PW or forge its status.
 * Frames with one of our labels arriving where it is off are dropped and
 * counted (MPLS_PW_STATS_A_DROP_INPUT, netns counters).
 */
enum mpls_pw_link_attr {
	MPLS_PW_LINK_A_UNSPEC,
	MPLS_PW_LINK_A_IFINDEX,		/* u32, in/out (key) */
	MPLS_PW_LINK_A_IFNAME,		/* string, out */
	MPLS_PW_LINK_A_MPLS_INPUT,	/* u8 bool, in/out (default 0) */

	__MPLS_PW_LINK_A_MAX,
	MPLS_PW_LINK_A_MAX = __MPLS_PW_LINK_A_MAX - 1
};

/* Netns-wide settings and sizes. */
enum mpls_pw_net_attr {
	MPLS_PW_NET_A_UNSPEC,
	MPLS_PW_NET_A_MAX_PWS,		/* u32, in/out: PWs this netns may hold
					 * (default MPLS_PW_MAX_PWS_DEFAULT);
					 * raising it needs CAP_NET_ADMIN in the
					 * initial user namespace. Lowering it
					 * keeps the PWs there are.
					 */
	MPLS_PW_NET_A_PWS,		/* u32, out: PWs now */
	MPLS_PW_NET_A_ACS,		/* u32, out: ACs now */

	__MPLS_PW_NET_A_MAX,
	MPLS_PW_NET_A_MAX = __MPLS_PW_NET_A_MAX - 1
};

/*
 * Counters (u64 each). Per PW, per AC (frames not attributable to one PW)
 * and per netns (frames whose label could not be read or is not ours).
 */
enum mpls_pw_stats_attr {
	MPLS_PW_STATS_A_UNSPEC,
	MPLS_PW_STATS_A_PAD,
	MPLS_PW_STATS_A_RX_PACKETS,	/* PW -> AC delivered */
	MPLS_PW_STATS_A_RX_BYTES,	/* inner frame bytes */
	MPLS_PW_STATS_A_TX_PACKETS,	/* AC -> PW sent */
	MPLS_PW_STATS_A_TX_BYTES,	/* inner frame bytes */
	MPLS_PW_STATS_A_DROP_NO_ROUTE,	/* no route / next hop to the peer */
	MPLS_PW_STATS_A_DROP_MTU,	/* encapsulated frame over the out MTU */
	MPLS_PW_STATS_A_DROP_NOMEM,	/* headroom or segmentation failed */
	MPLS_PW_STATS_A_DROP_DOWN,	/* PW, AC or out device down */
	MPLS_PW_STATS_A_DROP_STANDBY,	/* received on a PW that is not active */
	MPLS_PW_STATS_A_DROP_BAD_CW,	/* control word first nibble unknown */
	MPLS_PW_STATS_A_DROP_RUNT,	/* inner frame shorter than Ethernet */
	MPLS_PW_STATS_A_DROP_NOT_BOS,	/* PW label not bottom of stack */
	MPLS_PW_STATS_A_DROP_TRUNCATED,	/* label stack ends in mid-air */
	MPLS_PW_STATS_A_DROP_NO_PW,	/* AC frame with no PW to send on */
	MPLS_PW_STATS_A_DROP_ACH,	/* bad/unknown associated channel msg */
	MPLS_PW_STATS_A_NOT_OURS,	/* label not ours: left to others */
	MPLS_PW_STATS_A_ACH_RX,		/* associated channel messages taken */
	MPLS_PW_STATS_A_ACH_TX,		/* associated channel messages sent */
	MPLS_PW_STATS_A_DROP_INPUT,	/* netns: our label on a device without
					 * MPLS input (MPLS_PW_LINK_A_MPLS_INPUT)
					 */
	MPLS_PW_STATS_A_DROP_TTL,	/* relayed to another PW with the PW
					 * label's TTL at 1 or 0
					 */
	MPLS_PW_STATS_A_ACH_LIMITED,	/* status changes deferred: more than
					 * the per-PW rate from the far end
					 */

	__MPLS_PW_STATS_A_MAX,
	MPLS_PW_STATS_A_MAX = __MPLS_PW_STATS_A_MAX - 1
};

/* What a notification reports (MPLS_PW_A_EVENT). */
enum mpls_pw_event {
	MPLS_PW_EVENT_NONE,
	MPLS_PW_EVENT_NEW,		/* object created */
	MPLS_PW_EVENT_CHANGED,		/* configuration changed */
	MPLS_PW_EVENT_DELETED,		/* object removed */
	MPLS_PW_EVENT_PW_UP,		/* PW became up */
	MPLS_PW_EVENT_PW_DOWN,		/* PW went down: see DOWN_REASON */
	MPLS_PW_EVENT_SELECTION,	/* the AC's active PW changed */
	MPLS_PW_EVENT_STATUS_SENT,	/* status bits sent changed */
	MPLS_PW_EVENT_STATUS_RCVD,	/* status bits received changed */
	MPLS_PW_EVENT_TIMER_START,	/* reroute or holdoff timer started */
	MPLS_PW_EVENT_TIMER_EXPIRED,	/* reroute or holdoff timer expired */
	MPLS_PW_EVENT_FALLBACK,		/* independent mode: no PW active at
					 * both ends, sending on a standby PW
					 */
};

#endif /* _UAPI_LINUX_MPLS_PW_H */
