// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: the tunnel to a PW's peer: the next hop, its device and the
 * tunnel labels, either configured or taken from the netns FIB (an LSP
 * installed as "ip route add PEER encap mpls L via NH"). FIB results are
 * cached per PW in a dst_cache, which the FIB invalidates on change.
 */
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/fib_notifier.h>
#include <net/ip6_route.h>
#include <net/lwtunnel.h>
#include <net/mpls_iptunnel.h>
#include <net/netevent.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/neighbour.h>
#include <net/route.h>

#include "pw.h"

/* The labels of an "encap mpls" route: they point into @dst. */
static void pw_nexthop_labels(struct pw_nexthop *nh, struct dst_entry *dst)
{
	struct lwtunnel_state *lwt = dst->lwtstate;
	const struct mpls_iptunnel_encap *tun;

	nh->nlabels = 0;
	nh->labels = NULL;
	if (!lwt || lwt->type != LWTUNNEL_ENCAP_MPLS)
		return;
	tun = mpls_lwtunnel_encap(lwt);
	nh->nlabels = tun->labels;
	nh->labels = tun->label;
}

static int pw_route4(struct pw *pw, struct pw_nexthop *nh)
{
	struct net *net = pw->pn->net;
	struct rtable *rt;
	__be32 saddr;

	rt = dst_cache_get_ip4(&pw->dst_cache, &saddr);
	if (!rt) {
		struct flowi4 fl4 = { .daddr = pw->peer.v4 };

		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			return -ENETUNREACH;
		if (rt->rt_type != RTN_UNICAST) {
			ip_rt_put(rt);
			return -ENETUNREACH;
		}
		dst_cache_set_ip4(&pw->dst_cache, &rt->dst, fl4.saddr);
	}
	nh->dst = &rt->dst;
	nh->dev = rt->dst.dev;
	if (rt->rt_gw_family == AF_INET) {
		nh->via.family = AF_INET;
		nh->via.v4 = rt->rt_gw4;
	} else if (rt->rt_gw_family == AF_INET6) {
		nh->via.family = AF_INET6;
		nh->via.v6 = rt->rt_gw6;
	} else {
		nh->via = pw->peer;
	}
	pw_nexthop_labels(nh, &rt->dst);
	return 0;
}

#if IS_ENABLED(CONFIG_IPV6)
static int pw_route6(struct pw *pw, struct pw_nexthop *nh)
{
	struct net *net = pw->pn->net;
	struct dst_entry *dst;
	struct in6_addr saddr;

	dst = dst_cache_get_ip6(&pw->dst_cache, &saddr);
	if (!dst) {
		struct flowi6 fl6 = { .daddr = pw->peer.v6 };

		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error || (dst->flags & DST_FAKE_RTABLE) ||
		    (dst->dev->flags & IFF_LOOPBACK)) {
			dst_release(dst);
			return -ENETUNREACH;
		}
		dst_cache_set_ip6(&pw->dst_cache, dst, &fl6.saddr);
	}
	nh->dst = dst;
	nh->dev = dst->dev;
	nh->via.family = AF_INET6;
	nh->via.v6 = *rt6_nexthop(dst_rt6_info(dst), &pw->peer.v6);
	pw_nexthop_labels(nh, dst);
	return 0;
}
#else
static int pw_route6(struct pw *pw, struct pw_nexthop *nh)
{
	return -EAFNOSUPPORT;
}
#endif

/*
 * Where a frame on @pw goes next. Called under RCU; on success the caller
 * must pw_nexthop_put() once it no longer needs nh->labels.
 */
int pw_tunnel_resolve(struct pw *pw, const struct pw_encap *encap,
		      struct pw_nexthop *nh)
{
	int err;

	nh->dst = NULL;
	if (encap->explicit) {
		nh->dev = encap->tun_dev;
		if (!nh->dev)
			return -ENETUNREACH;
		nh->via = encap->via;
		nh->nlabels = encap->nlabels;
		nh->labels = encap->labels;
		return 0;
	}
	err = pw->peer.family == AF_INET ? pw_route4(pw, nh) :
					   pw_route6(pw, nh);
	if (err)
		return err;
	/* what we cannot carry: more labels than we push, a non-Ethernet
	 * next hop device
	 */
	if (unlikely(nh->nlabels > MPLS_PW_TUNNEL_LABELS_MAX ||
		     nh->dev->type != ARPHRD_ETHER)) {
		pw_nexthop_put(nh);
		return -ENETUNREACH;
	}
	return 0;
}

void pw_nexthop_put(struct pw_nexthop *nh)
{
	dst_release(nh->dst);
	nh->dst = NULL;
}

static bool pw_dev_usable(const struct net_device *dev)
{
	return netif_running(dev) && netif_carrier_ok(dev);
}

static bool pw_addr_eq(const struct pw_addr *a, const struct pw_addr *b)
{
	if (a->family != b->family)
		return false;
	return a->family == AF_INET ? a->v4 == b->v4 :
				      ipv6_addr_equal(&a->v6, &b->v6);
}

/* Whether the neighbour notifier saw @nh fail since the event work ran. */
static bool pw_nfail_seen(const struct pw_net *pn, const struct pw_nexthop *nh)
{
	unsigned int i;

	if (pn->nfail_seen_n > PW_NFAIL_MAX)
		return true;
	for (i = 0; i < pn->nfail_seen_n; i++)
		if (pn->nfail_seen[i].ifindex == nh->dev->ifindex &&
		    pw_addr_eq(&pn->nfail_seen[i].via, &nh->via))
			return true;
	return false;
}

/*
 * Whether @nh failed to resolve. A failed next hop stays failed while a
 * new probe runs (INCOMPLETE), whether the failure was ours already
 * (@was_failed) or only the notifier saw it. A new probe is started, so
 * that the PW comes back by itself when the neighbour answers again.
 */
static bool pw_neigh_failed(const struct pw_net *pn,
			    const struct pw_nexthop *nh, bool was_failed)
{
	struct neigh_table *tbl;
	struct neighbour *n;
	bool failed;

	if (nh->via.family == AF_INET)
		tbl = &arp_tbl;
	else if (IS_ENABLED(CONFIG_IPV6) && ipv6_stub->nd_tbl)
		tbl = ipv6_stub->nd_tbl;
	else
		return false;
	n = neigh_lookup(tbl, &nh->via.v4, nh->dev);
	if (!n)
		return false;
	if (!was_failed)
		was_failed = pw_nfail_seen(pn, nh);
	failed = READ_ONCE(n->nud_state) &
		 (was_failed ? NUD_FAILED | NUD_INCOMPLETE : NUD_FAILED);
	if (failed)
		neigh_event_send(n, NULL);
	neigh_release(n);
	return failed;
}

/*
 * Control path, under the pernet mutex: whether @pw's tunnel works now
 * (MPLS_PW_DOWN_* bits).
 */
u32 pw_tunnel_check(struct pw *pw)
{
	struct pw_encap *encap;
	struct pw_nexthop nh;
	u32 down = 0;

	/* the dst_cache is per CPU and shared with the packet path */
	rcu_read_lock_bh();
	encap = rcu_dereference_bh(pw->encap);
	if (!encap) {
		down = MPLS_PW_DOWN_NO_ROUTE;
	} else if (pw_tunnel_resolve(pw, encap, &nh)) {
		down = encap->explicit ? MPLS_PW_DOWN_TUNNEL_DEV :
					 MPLS_PW_DOWN_NO_ROUTE;
	} else {
		if (!pw_dev_usable(nh.dev))
			down = MPLS_PW_DOWN_TUNNEL_DEV;
		else if (pw_neigh_failed(pw->pn, &nh, pw->down_reason &
						      MPLS_PW_DOWN_NEIGH))
			down = MPLS_PW_DOWN_NEIGH;
		pw_nexthop_put(&nh);
	}
	rcu_read_unlock_bh();
	return down;
}

/*
 * For `pw show`, with no side effect: the next hop @pw resolves to, copied
 * out into @nh (labels in @labels, which has room for
 * MPLS_PW_TUNNEL_LABELS_MAX). The caller holds the pernet mutex, which
 * keeps nh->dev from being freed: unregistering it goes through our
 * notifier, which needs the mutex.
 */
int pw_tunnel_nexthop(struct pw *pw, struct pw_nexthop *nh, u32 *labels)
{
	struct pw_encap *encap;
	struct pw_nexthop tmp;
	int err = -ENETUNREACH;

	rcu_read_lock_bh();
	encap = rcu_dereference_bh(pw->encap);
	if (encap && !pw_tunnel_resolve(pw, encap, &tmp)) {
		if (pw_dev_usable(tmp.dev)) {
			*nh = tmp;
			memcpy(labels, tmp.labels,
			       tmp.nlabels * sizeof(*labels));
			nh->labels = labels;
			nh->dst = NULL;
			err = 0;
		}
		pw_nexthop_put(&tmp);
	}
	rcu_read_unlock_bh();
	return err;
}

/* Hand an MPLS frame to the next hop, resolving its MAC through the
 * neighbour table (ARP or ND). Consumes @skb.
 */
int pw_tunnel_xmit(const struct pw_nexthop *nh, struct sk_buff *skb)
{
	int tbl = nh->via.family == AF_INET ? NEIGH_ARP_TABLE : NEIGH_ND_TABLE;

	skb->dev = nh->dev;
	skb->protocol = htons(ETH_P_MPLS_UC);
	return neigh_xmit(tbl, nh->dev, &nh->via.v4, skb);
}

/*
 * Route and neighbour changes arrive in atomic context, for every change in
 * the netns; the event work re-checks the tunnels under the pernet mutex,
 * which is where the selection moves when a route to a peer goes away or
 * a next hop stops answering.
 */
void pw_route_event(struct pw_net *pn)
{
	/* a netns without PWs has no tunnel to re-check */
	if (!READ_ONCE(pn->npws))
		return;
	WRITE_ONCE(pn->route_ns, ktime_get_ns());
	set_bit(PW_NET_ROUTE, &pn->events);
	queue_work(pw_wq, &pn->work);
}

static int pw_fib_event(struct notifier_block *nb, unsigned long event,
			void *ptr)
{
	switch (event) {
	case FIB_EVENT_ENTRY_REPLACE:
	case FIB_EVENT_ENTRY_APPEND:
	case FIB_EVENT_ENTRY_ADD:
	case FIB_EVENT_ENTRY_DEL:
	case FIB_EVENT_NH_ADD:
	case FIB_EVENT_NH_DEL:
		pw_route_event(container_of(nb, struct pw_net, fib_nb));
		break;
	}
	return NOTIFY_DONE;
}

/* Keep a failed next hop for the event work (see pw_net.nfail). */
static void pw_nfail_record(struct pw_net *pn, const struct neighbour *n)
{
	struct pw_nfail *f;

	spin_lock_bh(&pn->nfail_lock);
	if (pn->nfail_n < PW_NFAIL_MAX) {
		f = &pn->nfail[pn->nfail_n];
		f->ifindex = n->dev->ifindex;
		f->via.family = n->tbl->family;
		if (f->via.family == AF_INET)
			memcpy(&f->via.v4, n->primary_key, sizeof(f->via.v4));
		else
			memcpy(&f->via.v6, n->primary_key, sizeof(f->via.v6));
	}
	if (pn->nfail_n <= PW_NFAIL_MAX)
		pn->nfail_n++;
	spin_unlock_bh(&pn->nfail_lock);
}

/* The event work, under the pernet mutex: take over what was recorded. */
void pw_tunnel_nfail_take(struct pw_net *pn)
{
	spin_lock_bh(&pn->nfail_lock);
	pn->nfail_seen_n = pn->nfail_n;
	memcpy(pn->nfail_seen, pn->nfail,
	       min(pn->nfail_n, PW_NFAIL_MAX) * sizeof(pn->nfail[0]));
	pn->nfail_n = 0;
	spin_unlock_bh(&pn->nfail_lock);
}

/* A next hop failed to resolve, or resolved again. */
static int pw_netevent(struct notifier_block *nb, unsigned long event,
		       void *ptr)
{
	struct neighbour *n = ptr;
	struct pw_net *pn;
	u8 state;

	if (event != NETEVENT_NEIGH_UPDATE)
		return NOTIFY_DONE;
	if (n->tbl != &arp_tbl && n->tbl->family != AF_INET6)
		return NOTIFY_DONE;
	pn = pw_net(dev_net(n->dev));
	if (!READ_ONCE(pn->npws))
		return NOTIFY_DONE;
	state = READ_ONCE(n->nud_state);
	/* a failure always matters; an answer only to a PW waiting for one */
	if (state & NUD_FAILED) {
		/* an entry being removed (GC, device flush) is no failure */
		if (READ_ONCE(n->dead))
			return NOTIFY_DONE;
		pw_nfail_record(pn, n);
		pw_route_event(pn);
	} else if ((state & (NUD_REACHABLE | NUD_PERMANENT)) &&
		   READ_ONCE(pn->neigh_down)) {
		pw_route_event(pn);
	}
	return NOTIFY_DONE;
}

static struct notifier_block pw_netevent_nb = {
	.notifier_call = pw_netevent,
};

int pw_tunnel_net_init(struct pw_net *pn)
{
	pn->fib_nb.notifier_call = pw_fib_event;
	return register_fib_notifier(pn->net, &pn->fib_nb, NULL, NULL);
}

void pw_tunnel_net_exit(struct pw_net *pn)
{
	unregister_fib_notifier(pn->net, &pn->fib_nb);
}

int __init pw_tunnel_init(void)
{
	return register_netevent_notifier(&pw_netevent_nb);
}

void pw_tunnel_exit(void)
{
	unregister_netevent_notifier(&pw_netevent_nb);
}
