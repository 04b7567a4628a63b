/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mpls_pw internal types.
 *
 * Locking, in one place:
 *  - Configuration changes hold RTNL and then pw_net.lock (the pernet
 *    mutex), in that order. RTNL is needed because ACs own rx_handlers and
 *    PWs hold netdev references that NETDEV_UNREGISTER (called under RTNL)
 *    must drop; the mutex serialises everything that is ours.
 *  - The packet path (xmit.c, recv.c, tunnel.c) only reads, under RCU: the
 *    label hash, pw.encap, pw.ac, ac.active and the per-CPU counters.
 *  - Objects are unlinked under the mutex and freed after a grace period
 *    (call_rcu), so a reader that found one may use it until it leaves its
 *    RCU read-side section.
 */
#ifndef _MPLS_PW_H
#define _MPLS_PW_H

#include <linux/hashtable.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/u64_stats_sync.h>
#include <net/dst_cache.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <linux/mpls_pw.h>

#define PW_LABEL_HASH_BITS	8

/* pw_net.events */
#define PW_NET_ROUTE		0	/* re-check tunnels: FIB or neighbour */

/* pw.flags */
#define PW_F_RX			0	/* a status message arrived */
#define PW_F_SILENT		1	/* no status for 3.5 refresh intervals */
#define PW_F_DS_WAIT		2	/* a dual-sending re-send waits for the
					 * far end to take our status
					 */
#define PW_F_QUEUED		3	/* on pw_net.pending */

/* pw_ac.flags */
#define PW_AC_HOLDOFF		0	/* the holdoff timer expired */
#define PW_AC_REROUTE		1	/* the reroute (WTR) timer expired */
#define PW_AC_SWITCHING		2	/* no frame sent since the switchover */
#define PW_STATS_N		__MPLS_PW_STATS_A_MAX

/* Headroom for a frame the module makes: link header, labels, CW / ACH. */
#define PW_HEADROOM		(LL_MAX_HEADER + \
				 (MPLS_PW_TUNNEL_LABELS_MAX + 2) * sizeof(__be32))

/* Per-CPU counters, indexed by enum mpls_pw_stats_attr. */
struct pw_pcpu_stats {
	u64_stats_t c[PW_STATS_N];
	struct u64_stats_sync syncp;
};

struct pw_addr {
	u8 family;		/* AF_INET or AF_INET6 */
	union {
		__be32 v4;
		struct in6_addr v6;
	};
};

/* A next hop the neighbour table gave up on, kept for the event work. */
struct pw_nfail {
	int ifindex;
	struct pw_addr via;
};

#define PW_NFAIL_MAX		8

/* Per network namespace state (net_generic). */
struct pw_net {
	struct net *net;
	struct mutex lock;		/* the pernet config mutex */
	struct list_head acs;		/* struct pw_ac, under lock */
	struct list_head pws;		/* struct pw in creation order, under lock */
	/* local label -> pw: written under lock, read under RCU */
	DECLARE_HASHTABLE(labels, PW_LABEL_HASH_BITS);
	struct rhashtable keys;		/* (peer, vc-id) -> pw, under lock */
	unsigned int gen;		/* bumped on every change, for dumps */
	u64 event_ns;			/* when the event being handled was
					 * seen, under lock
					 */
	struct notifier_block fib_nb;	/* route changes in this netns */
	/*
	 * Events seen in atomic context (route and neighbour changes, status
	 * received, timers) are handed to this work through the bits below
	 * (pw_net.events, pw.flags, pw_ac.flags); it applies them under lock.
	 */
	struct work_struct work;
	unsigned long events;		/* PW_NET_* bits */
	struct llist_head pending;	/* PWs with something for the work */
	u64 route_ns;			/* when the last route event was seen */
	unsigned int neigh_down;	/* PWs down for a failed next hop:
					 * written under lock, read by the
					 * neighbour notifier
					 */
	/*
	 * Next hops that failed since the event work last ran, recorded by
	 * the neighbour notifier: by the time the work looks, a frame may
	 * have started a new probe (FAILED -> INCOMPLETE), and the failure
	 * would be lost. More than PW_NFAIL_MAX: any probing next hop counts.
	 */
	spinlock_t nfail_lock;
	unsigned int nfail_n;
	struct pw_nfail nfail[PW_NFAIL_MAX];
	/* what the event work took over, under lock */
	unsigned int nfail_seen_n;
	struct pw_nfail nfail_seen[PW_NFAIL_MAX];
	struct pw_pcpu_stats __percpu *stats; /* frames no PW can own */
	struct list_head vrrps;		/* struct pw_vrrp, under lock */
	/*
	 * Devices MPLS is taken from (link.c): written under lock; the hash
	 * is read under RCU by the receive path, the list by dumps.
	 */
	DECLARE_HASHTABLE(links, 4);
	struct list_head link_list;
	/* explicit tunnel device -> PWs through it (pw.tnode), under lock:
	 * a device event touches those PWs only
	 */
	DECLARE_HASHTABLE(tunnels, 6);
	/* sizes and the PW limit, under lock; npws also read (READ_ONCE)
	 * by the notifiers, which have nothing to do without PWs
	 */
	u32 max_pws;
	u32 npws;
	u32 nacs;
};

/* A VRRP group's state, as set from userspace (keepalived notify). */
struct pw_vrrp {
	struct list_head node;		/* pw_net.vrrps */
	int ifindex;
	u8 vrid;
	u8 state;			/* enum mpls_pw_vrrp_state */
};

/* A PW's binding to a VRRP group (track-vrrp). */
struct pw_track {
	int ifindex;			/* 0: not tracking */
	u8 vrid;
	bool pw_redundancy;		/* the group sets the status we signal */
	bool gone;			/* the device was unregistered: the
					 * group counts as backup, whatever
					 * device takes the ifindex later
					 */
};

/*
 * The data-plane configuration of a PW. Immutable once published through
 * pw.encap: a change builds a new one and swaps it in (RCU), so the packet
 * path always sees a consistent set.
 */
struct pw_encap {
	struct rcu_head rcu;
	u32 remote_label;
	u8 ttl;
	bool cw;
	u8 mode;			/* enum mpls_pw_mode */
	u16 vid;
	/* explicit tunnel; !explicit means resolve the peer in the FIB */
	bool explicit;
	struct pw_addr via;
	int tun_ifindex;
	struct net_device *tun_dev;	/* held; NULL while the device is gone */
	netdevice_tracker tun_tracker;
	u8 nlabels;
	u32 labels[MPLS_PW_TUNNEL_LABELS_MAX];	/* outermost first */
};

struct pw_ac;

struct pw {
	struct hlist_node hnode;	/* pw_net.labels */
	struct rhash_head knode;	/* pw_net.keys */
	struct list_head node;		/* pw_net.pws */
	struct hlist_node tnode;	/* pw_net.tunnels, while the encap
					 * names a tunnel device
					 */
	struct pw_net *pn;
	/* key, fixed at creation */
	struct pw_addr peer;
	u32 vc_id;
	/* the receive-side key: written under lock (pw_set_label), read
	 * under RCU
	 */
	u32 local_label;
	/* control path state, under pw_net.lock */
	u8 role;			/* enum mpls_pw_role */
	bool admin_up;
	u8 fwd;				/* enum mpls_pw_fwd; also read
					 * (READ_ONCE) in the packet path
					 */
	u32 down_reason;		/* MPLS_PW_DOWN_* */
	u64 last_change;		/* jiffies64 of the last fwd change */
	bool ignore_standby;
	bool status_on;			/* RFC 6478 in-band status */
	u16 refresh;			/* our refresh timer, seconds */
	u32 status_rcvd;		/* MPLS_PW_STATUS_* the far end signals */
	u64 activations;
	struct pw_track track;
	bool switch_first;		/* named first in its switch */
	/* the other PW of a switch (S-PE): written under lock, read under RCU
	 * in the packet path
	 */
	struct pw __rcu *partner;
	/* status we signal: written under lock, read by the status sender */
	u32 status_sent;
	/*
	 * Status machine. Written by the receive path (softirq) and the
	 * status sender; the event work applies what arrived under lock.
	 */
	unsigned long flags;		/* PW_F_* */
	u32 rx_bits;			/* last status bits received */
	u16 rx_refresh;			/* the far end's refresh timer */
	u64 rx_ns;			/* when it arrived */
	unsigned int tx_repeat;		/* fast-phase sends left; a kick
					 * resets it while tx_work may run
					 */
	bool tx_acked;			/* the far end acked our last change */
	unsigned long rx_next;		/* jiffies: no change applied before */
	unsigned long ack_next;		/* jiffies: no unchanged ack before */
	struct llist_node pending;	/* pw_net.pending, with PW_F_QUEUED */
	struct delayed_work tx_work;	/* sends status: change, repeat, refresh */
	struct timer_list rx_timer;	/* silence detection */
	struct timer_list rx_limit_timer; /* a change waiting for its turn */
	/* read under RCU in the packet path, written under pw_net.lock */
	struct pw_ac __rcu *ac;
	struct pw_encap __rcu *encap;
	struct dst_cache dst_cache;	/* the route to the peer (FIB tunnel) */
	struct pw_pcpu_stats __percpu *stats;
	struct rcu_work free_work;	/* frees it after a grace period */
};

/* The ARP/ND frames dual-sending keeps, per sender; see dualsend.c. */
struct pw_ac_cache {
	spinlock_t lock;
	struct list_head entries;
	unsigned int n;
};

/* An AC's settings: parsed whole from a request, then copied in. */
struct pw_ac_cfg {
	u8 redundancy;			/* enum mpls_pw_redundancy */
	u8 state;			/* enum mpls_pw_ac_state */
	bool dual_receive;
	bool arp_dual_send;
	bool nd_dual_send;
	u8 reroute;			/* enum mpls_pw_reroute */
	u32 arp_expire;
	u32 nd_expire;
	u32 reroute_delay;
	u32 holdoff;
};

/* An attachment circuit: a netdev whose frames we take (rx_handler). */
struct pw_ac {
	struct list_head node;		/* pw_net.acs */
	struct pw_net *pn;
	struct net_device *dev;		/* held */
	netdevice_tracker dev_tracker;
	struct pw_ac_cfg cfg;		/* under pw_net.lock; dual_receive is
					 * read in the packet path
					 */
	u64 switchovers;
	struct pw *manual;		/* forced by a manual switchover */
	unsigned long flags;		/* PW_AC_* */
	struct timer_list holdoff_timer;
	struct timer_list reroute_timer;
	bool fallback;			/* sending on a PW signalled standby */
	/* switchover latency: the event's time and the new PW (compared,
	 * never dereferenced), set under lock before PW_AC_SWITCHING; the
	 * first frame sent on that PW (packet path) clears the bit and sets
	 * the latency
	 */
	u64 switch_event_ns;
	const struct pw *switch_to;
	u64 switch_latency_ns;
	/* PWs by role (primary, secondary, bypass): written under lock,
	 * read under RCU in the packet path (dual-sending, bypass)
	 */
	struct pw __rcu *slot[MPLS_PW_ROLE_BYPASS + 1];
	struct pw_ac_cache cache;
	/* the PW that carries AC traffic: written under pw_net.lock, read
	 * once per frame under RCU in the packet path
	 */
	struct pw __rcu *active;
	struct pw_pcpu_stats __percpu *stats;
	struct rcu_head rcu;
};

extern unsigned int pw_net_id;
extern struct workqueue_struct *pw_wq;
extern struct workqueue_struct *pw_free_wq;

static inline struct pw_net *pw_net(const struct net *net)
{
	return net_generic(net, pw_net_id);
}

/* Control path: the AC's PW in @role. */
static inline struct pw *pw_slot(const struct pw_ac *ac, int role)
{
	return rcu_dereference_protected(ac->slot[role],
					 lockdep_is_held(&ac->pn->lock));
}

static inline void pw_stat_add(struct pw_pcpu_stats __percpu *stats,
			       unsigned int idx, u64 val)
{
	struct pw_pcpu_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->c[idx], val);
	u64_stats_update_end(&s->syncp);
}

static inline void pw_stat_inc(struct pw_pcpu_stats __percpu *stats,
			       unsigned int idx)
{
	pw_stat_add(stats, idx, 1);
}

struct pw_pcpu_stats __percpu *pw_stats_alloc(void);
void pw_stats_read(struct pw_pcpu_stats __percpu *stats, u64 *sum);

/* pw.c: PW objects and the label table */
struct pw *pw_find(struct pw_net *pn, const struct pw_addr *peer, u32 vc_id);
struct pw *pw_find_label(struct pw_net *pn, u32 label);
struct pw *pw_lookup_rcu(struct pw_net *pn, u32 label);
struct pw *pw_create(struct pw_net *pn, const struct pw_addr *peer, u32 vc_id,
		     u32 local_label);
int pw_link(struct pw *pw);
void pw_destroy(struct pw *pw);
int pw_keys_init(struct pw_net *pn);
void pw_keys_destroy(struct pw_net *pn);
void pw_index_tunnel(struct pw *pw);
void pw_set_encap(struct pw *pw, struct pw_encap *encap);
void pw_set_label(struct pw *pw, u32 label);
void pw_switch_link(struct pw *a, struct pw *b);
void pw_switch_unlink(struct pw *pw);
void pw_remove(struct pw *pw, struct genl_info *info);
void pw_encap_free(struct pw_encap *encap);
void pw_encap_free_rcu(struct pw_encap *encap);

/* ac.c: attachment circuits */
struct pw_ac *pw_ac_of_dev(struct pw_net *pn, const struct net_device *dev);
struct pw_ac *pw_ac_find(struct pw_net *pn, int ifindex);
void pw_ac_cfg_default(struct pw_ac_cfg *cfg);
struct pw_ac *pw_ac_create(struct pw_net *pn, struct net_device *dev,
			   const struct pw_ac_cfg *cfg,
			   struct netlink_ext_ack *extack);
void pw_ac_remove(struct pw_ac *ac, struct genl_info *info);
void pw_ac_attach(struct pw_ac *ac, struct pw *pw);
void pw_ac_detach(struct pw *pw);

/* redundancy.c: PW state and selection */
void pw_update(struct pw *pw);
void pw_ac_select(struct pw_ac *ac);
void pw_ac_select_without(struct pw_ac *ac, const struct pw *gone);
void pw_ac_update(struct pw_ac *ac);
void pw_ac_timers_init(struct pw_ac *ac);
void pw_ac_timers_stop(struct pw_ac *ac);
int pw_ac_switchover(struct pw_ac *ac, struct netlink_ext_ack *extack);
void pw_ac_switch_seen(struct pw_ac *ac, const struct pw *pw);
void pw_net_work(struct work_struct *work);
void pw_dev_event(struct pw_net *pn, struct net_device *dev,
		  unsigned long event);

/* status.c: RFC 6478 status in the associated channel */
void pw_event_queue(struct pw *pw);
void pw_status_init(struct pw *pw);
void pw_status_stop(struct pw *pw);
void pw_status_set(struct pw *pw, u32 bits);
void pw_status_config(struct pw *pw);
int pw_status_rcv(struct pw *pw, const struct sk_buff *skb,
		  unsigned int off);
void pw_status_apply(struct pw *pw);
bool pw_status_settled(const struct pw *pw);

/* tunnel.c: next hop resolution */
struct pw_nexthop {
	struct dst_entry *dst;		/* held: labels point into it */
	struct net_device *dev;
	struct pw_addr via;
	u8 nlabels;
	const u32 *labels;
};

int pw_tunnel_resolve(struct pw *pw, const struct pw_encap *encap,
		      struct pw_nexthop *nh);
void pw_nexthop_put(struct pw_nexthop *nh);
u32 pw_tunnel_check(struct pw *pw);
int pw_tunnel_nexthop(struct pw *pw, struct pw_nexthop *nh, u32 *labels);
void pw_tunnel_nfail_take(struct pw_net *pn);
void pw_route_event(struct pw_net *pn);
int pw_tunnel_xmit(const struct pw_nexthop *nh, struct sk_buff *skb);
int pw_tunnel_net_init(struct pw_net *pn);
void pw_tunnel_net_exit(struct pw_net *pn);
int pw_tunnel_init(void);
void pw_tunnel_exit(void);

/* dualsend.c: ARP/ND dual-sending */
void pw_ds_init(struct pw_ac *ac);
void pw_ds_flush(struct pw_ac *ac, u16 proto);
bool pw_ds_is_ctrl(const struct sk_buff *skb, unsigned int off);
bool pw_ds_xmit(struct pw_ac *ac, struct pw *active, struct sk_buff *skb);
void pw_ds_switched(struct pw_ac *ac, struct pw *pw);
void pw_ds_settled(struct pw *pw);
int pw_ds_fill(struct pw_ac *ac, struct sk_buff *skb);

/* link.c: the devices MPLS is received on */
bool pw_link_input_rcu(struct pw_net *pn, const struct net_device *dev);
bool pw_link_input(struct pw_net *pn, const struct net_device *dev);
int pw_link_set_input(struct pw_net *pn, struct net_device *dev, bool on);
void pw_link_dev_gone(struct pw_net *pn, struct net_device *dev);
struct net_device *pw_link_dev(const struct list_head *node);
void pw_link_flush(struct pw_net *pn);

/* vrrp.c: VRRP groups that PWs track */
struct pw_vrrp *pw_vrrp_find(struct pw_net *pn, int ifindex, u8 vrid);
bool pw_vrrp_master(struct pw_net *pn, const struct pw_track *track);
int pw_vrrp_set(struct pw_net *pn, int ifindex, u8 vrid, u8 state);
void pw_vrrp_del(struct pw_net *pn, struct pw_vrrp *v);
void pw_vrrp_flush(struct pw_net *pn);
void pw_vrrp_dev_gone(struct pw_net *pn, int ifindex);

/* xmit.c and recv.c: the packet path */
void pw_xmit(struct pw *pw, struct sk_buff *skb);
void pw_xmit_relay(struct pw *pw, struct sk_buff *skb, u8 ttl);
void pw_xmit_ctrl(struct pw *pw, struct sk_buff *skb);
rx_handler_result_t pw_ac_rx(struct sk_buff **pskb);
int pw_mpls_rcv(struct sk_buff *skb, struct net_device *dev,
		struct packet_type *pt, struct net_device *orig_dev);

/* netlink.c */
int pw_nl_init(void);
void pw_nl_exit(void);
void pw_nl_notify_pw(struct pw *pw, u8 cmd, u32 event,
		     struct genl_info *info);
void pw_nl_notify_ac(struct pw_ac *ac, u8 cmd, u32 event,
		     struct genl_info *info);
void pw_nl_notify_timer(struct pw_ac *ac, u32 event, u8 timer);

#endif /* _MPLS_PW_H */
