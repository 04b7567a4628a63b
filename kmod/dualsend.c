// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: ARP and ND dual-sending. Standby PWs may carry "specific control
 * plane packets" (RFC 6870 section 5.1): with arp-dual-sending (nd-dual-
 * sending) every ARP (ND) frame from the AC goes on every up PW of the AC,
 * so that the far ends behind standby PWs learn the CE's addresses before
 * a switchover needs them. The frames are also kept per AC, one per sender
 * (MAC, IP), until expire-time after their last refresh, and re-sent on
 * the newly active PW at every switchover.
 *
 * Only ARP and ND frames come here, never data: the cache lock is taken
 * on that slow path alone.
 */
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ipv6.h>
#include <linux/slab.h>
#include <net/ndisc.h>

#include "pw.h"

#define PW_CACHE_MAX	256
/*
 * The longest frame kept: an ARP frame is 42 bytes (+ a tag), an NS or NA
 * with its link-layer option 86; a router advertisement with many options
 * is not worth keeping whole. Longer frames are sent, not cached.
 */
#define PW_CACHE_FRAME_MAX	256

/* A sender: what the cache is keyed by. */
struct pw_cache_key {
	u16 proto;			/* ETH_P_ARP or ETH_P_IPV6 */
	u8 mac[ETH_ALEN];
	struct pw_addr ip;
};

struct pw_cache_entry {
	struct list_head node;		/* pw_ac_cache.entries, LRU first */
	struct pw_cache_key key;
	u64 updated;			/* jiffies64 of the last refresh */
	/* a private copy of the last frame from this sender, never a clone:
	 * a clone would pin the receive buffer it came in
	 */
	u16 len;
	u8 frame[PW_CACHE_FRAME_MAX];
};

/* The ARP or ND frame at @off of @skb: ETH_P_ARP, ETH_P_IPV6 or 0. Fills
 * in the sender when @e is given.
 */
static u16 pw_ds_classify(const struct sk_buff *skb, unsigned int off,
			  struct pw_cache_key *e)
{
	const struct ethhdr *eth;
	struct ethhdr ebuf;
	__be16 proto;

	eth = skb_header_pointer(skb, off, sizeof(ebuf), &ebuf);
	if (!eth)
		return 0;
	proto = eth->h_proto;
	off += ETH_HLEN;
	if (eth_type_vlan(proto)) {
		const struct vlan_hdr *vh;
		struct vlan_hdr vbuf;

		vh = skb_header_pointer(skb, off, sizeof(vbuf), &vbuf);
		if (!vh)
			return 0;
		proto = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}

	if (proto == htons(ETH_P_ARP)) {
		struct {
			struct arphdr ah;
			u8 sha[ETH_ALEN];
			__be32 sip;
		} __packed abuf;
		const typeof(abuf) *a;

		a = skb_header_pointer(skb, off, sizeof(abuf), &abuf);
		if (!a || a->ah.ar_hln != ETH_ALEN || a->ah.ar_pln != 4)
			return 0;
		if (e) {
			ether_addr_copy(e->mac, a->sha);
			e->ip.family = AF_INET;
			e->ip.v4 = a->sip;
		}
		return ETH_P_ARP;
	}
	if (proto == htons(ETH_P_IPV6)) {
		struct {
			struct ipv6hdr ip6;
			u8 type;
		} __packed nbuf;
		const typeof(nbuf) *n;

		n = skb_header_pointer(skb, off, sizeof(nbuf), &nbuf);
		if (!n || n->ip6.nexthdr != IPPROTO_ICMPV6 ||
		    n->type < NDISC_ROUTER_SOLICITATION ||
		    n->type > NDISC_REDIRECT)
			return 0;
		if (e) {
			ether_addr_copy(e->mac, eth->h_source);
			e->ip.family = AF_INET6;
			e->ip.v6 = n->ip6.saddr;
		}
		return ETH_P_IPV6;
	}
	return 0;
}

/* Receive side: whether the frame at @off is ARP or ND (a standby PW
 * still delivers those).
 */
bool pw_ds_is_ctrl(const struct sk_buff *skb, unsigned int off)
{
	return pw_ds_classify(skb, off, NULL);
}

static u32 pw_ds_expire(const struct pw_ac_cfg *cfg, u16 proto)
{
	return proto == ETH_P_ARP ? cfg->arp_expire : cfg->nd_expire;
}

/* In u64 jiffies: an expire-time of 2^32-1 s is 136 years. */
static bool pw_ds_live(const struct pw_ac *ac, const struct pw_cache_entry *e)
{
	u32 expire = pw_ds_expire(&ac->cfg, e->key.proto);

	if (expire == U32_MAX)
		return true;
	return get_jiffies_64() - e->updated < (u64)expire * HZ;
}

static void pw_ds_entry_free(struct pw_cache_entry *e)
{
	list_del(&e->node);
	kfree(e);
}

/* Keep the last frame of this sender; the oldest goes when full. */
static void pw_ds_learn(struct pw_ac *ac, const struct pw_cache_key *key,
			const struct sk_buff *skb)
{
	struct pw_ac_cache *c = &ac->cache;
	struct pw_cache_entry *e, *found = NULL;

	if (skb->len > PW_CACHE_FRAME_MAX)
		return;
	spin_lock(&c->lock);
	list_for_each_entry(e, &c->entries, node)
		if (!memcmp(&e->key, key, sizeof(*key))) {
			found = e;
			break;
		}
	if (!found) {
		if (c->n >= PW_CACHE_MAX) {
			pw_ds_entry_free(list_first_entry(&c->entries,
							  struct pw_cache_entry,
							  node));
			c->n--;
		}
		found = kzalloc(sizeof(*found), GFP_ATOMIC);
		if (!found) {
			spin_unlock(&c->lock);
			return;
		}
		found->key = *key;
		list_add_tail(&found->node, &c->entries);
		c->n++;
	}
	if (skb_copy_bits(skb, 0, found->frame, skb->len))
		found->len = 0;
	else
		found->len = skb->len;
	found->updated = get_jiffies_64();
	list_move_tail(&found->node, &c->entries);
	spin_unlock(&c->lock);
}

/* A new frame from a cache entry's copy. */
static struct sk_buff *pw_ds_frame(const struct pw_cache_entry *e)
{
	struct sk_buff *skb;

	if (!e->len)
		return NULL;
	skb = alloc_skb(PW_HEADROOM + e->len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, PW_HEADROOM);
	skb_put_data(skb, e->frame, e->len);
	skb_reset_mac_header(skb);
	return skb;
}

/*
 * AC -> PW, packet path: an ARP or ND frame with dual-sending on goes on
 * every up service PW, @active last (it takes @skb). Returns false if the
 * frame is not one of those, leaving @skb to the caller.
 */
bool pw_ds_xmit(struct pw_ac *ac, struct pw *active, struct sk_buff *skb)
{
	struct pw_cache_key key;
	struct pw *pw;
	u16 proto;
	int i;

	memset(&key, 0, sizeof(key));	/* compared whole, padding too */

	proto = pw_ds_classify(skb, 0, &key);
	if (!proto ||
	    !(proto == ETH_P_ARP ? READ_ONCE(ac->cfg.arp_dual_send) :
				   READ_ONCE(ac->cfg.nd_dual_send)))
		return false;
	key.proto = proto;
	pw_ds_learn(ac, &key, skb);

	for (i = MPLS_PW_ROLE_PRIMARY; i <= MPLS_PW_ROLE_SECONDARY; i++) {
		struct sk_buff *copy;

		pw = rcu_dereference(ac->slot[i]);
		if (!pw || pw == active ||
		    READ_ONCE(pw->fwd) == MPLS_PW_FWD_DOWN)
			continue;
		copy = skb_clone(skb, GFP_ATOMIC);
		if (copy)
			pw_xmit(pw, copy);
	}
	if (active)
		pw_xmit(active, skb);
	else
		kfree_skb(skb);
	return true;
}

/* Control path: re-send the live entries on @pw, the new active PW. */
static void pw_ds_resend(struct pw_ac *ac, struct pw *pw)
{
	struct pw_ac_cache *c = &ac->cache;
	struct pw_cache_entry *e, *tmp;
	struct sk_buff_head q;
	struct sk_buff *skb;

	__skb_queue_head_init(&q);
	spin_lock_bh(&c->lock);
	list_for_each_entry_safe(e, tmp, &c->entries, node) {
		if (!pw_ds_live(ac, e)) {
			pw_ds_entry_free(e);
			c->n--;
			continue;
		}
		skb = pw_ds_frame(e);
		if (skb)
			__skb_queue_tail(&q, skb);
	}
	spin_unlock_bh(&c->lock);

	local_bh_disable();
	rcu_read_lock();
	while ((skb = __skb_dequeue(&q)))
		pw_xmit(pw, skb);
	rcu_read_unlock();
	local_bh_enable();
}

/*
 * Control path: @pw became the AC's active PW, and its far end is to learn
 * the CE's addresses at once from the live entries. With status signalling,
 * a far end that has not taken in our last status change may still hold the
 * PW down and drop them: they wait until it has acknowledged the change, or
 * the change's repeats are over (pw_ds_settled()).
 */
void pw_ds_switched(struct pw_ac *ac, struct pw *pw)
{
	lockdep_assert_held(&ac->pn->lock);
	if (pw->status_on) {
		set_bit(PW_F_DS_WAIT, &pw->flags);
		/* the flag before the test; pairs with pw_status_rcv() */
		smp_mb__after_atomic();
		if (!pw_status_settled(pw))
			return;
		clear_bit(PW_F_DS_WAIT, &pw->flags);
	}
	pw_ds_resend(ac, pw);
}

/* Event work: the re-send that waited on @pw's far end, if it may go now. */
void pw_ds_settled(struct pw *pw)
{
	struct pw_ac *ac;

	lockdep_assert_held(&pw->pn->lock);
	if (!test_bit(PW_F_DS_WAIT, &pw->flags) || !pw_status_settled(pw))
		return;
	clear_bit(PW_F_DS_WAIT, &pw->flags);
	ac = rcu_dereference_protected(pw->ac, lockdep_is_held(&pw->pn->lock));
	/* still the one it was re-sent for */
	if (ac && rcu_access_pointer(ac->active) == pw &&
	    (ac->cfg.arp_dual_send || ac->cfg.nd_dual_send))
		pw_ds_resend(ac, pw);
}

/* Netlink: the live entries, with their ages; the dead ones go. */
int pw_ds_fill(struct pw_ac *ac, struct sk_buff *skb)
{
	struct pw_ac_cache *c = &ac->cache;
	struct pw_cache_entry *e, *tmp;
	struct nlattr *nest, *en;
	int err = 0;

	nest = nla_nest_start(skb, MPLS_PW_AC_A_CACHE);
	if (!nest)
		return -EMSGSIZE;
	spin_lock_bh(&c->lock);
	list_for_each_entry_safe(e, tmp, &c->entries, node) {
		if (!pw_ds_live(ac, e)) {
			pw_ds_entry_free(e);
			c->n--;
			continue;
		}
		en = nla_nest_start(skb, MPLS_PW_CACHE_A_ENTRY);
		if (!en ||
		    nla_put_u16(skb, MPLS_PW_CACHE_A_PROTO, e->key.proto) ||
		    nla_put(skb, MPLS_PW_CACHE_A_MAC, ETH_ALEN, e->key.mac) ||
		    (e->key.ip.family == AF_INET ?
		     nla_put_in_addr(skb, MPLS_PW_CACHE_A_IPV4, e->key.ip.v4) :
		     nla_put_in6_addr(skb, MPLS_PW_CACHE_A_IPV6,
				      &e->key.ip.v6)) ||
		    nla_put_u64_64bit(skb, MPLS_PW_CACHE_A_AGE_MS,
				      jiffies64_to_msecs(get_jiffies_64() -
							 e->updated),
				      MPLS_PW_CACHE_A_PAD)) {
			err = -EMSGSIZE;
			break;
		}
		nla_nest_end(skb, en);
	}
	spin_unlock_bh(&c->lock);
	if (err)
		return err;
	nla_nest_end(skb, nest);
	return 0;
}

void pw_ds_init(struct pw_ac *ac)
{
	spin_lock_init(&ac->cache.lock);
	INIT_LIST_HEAD(&ac->cache.entries);
}

/* Forget the entries of @proto (0: all): its dual-sending went off, or
 * the AC goes.
 */
void pw_ds_flush(struct pw_ac *ac, u16 proto)
{
	struct pw_ac_cache *c = &ac->cache;
	struct pw_cache_entry *e, *tmp;

	spin_lock_bh(&c->lock);
	list_for_each_entry_safe(e, tmp, &c->entries, node) {
		if (proto && e->key.proto != proto)
			continue;
		pw_ds_entry_free(e);
		c->n--;
	}
	spin_unlock_bh(&c->lock);
}
