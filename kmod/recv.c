// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: PW -> AC. MPLS unicast frames arriving in the netns are checked
 * for one of our local labels; ours are decapsulated and sent out of the
 * PW's AC, others are left to whoever else listens (af_mpls).
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <net/mpls.h>

#include "pw.h"

#define PW_CW_NIBBLE_DATA	0x0
#define PW_CW_NIBBLE_ACH	0x1

struct pw_lse {
	u32 label;
	u8 ttl;
	bool bos;
};

/* Peek at label stack entry @idx without touching a possibly shared skb. */
static bool pw_peek_label(const struct sk_buff *skb, unsigned int idx,
			  struct pw_lse *dec)
{
	__be32 buf;
	const __be32 *hdr;
	u32 entry;

	hdr = skb_header_pointer(skb, idx * sizeof(buf), sizeof(buf), &buf);
	if (!hdr)
		return false;
	entry = be32_to_cpu(*hdr);
	dec->label = (entry & MPLS_LS_LABEL_MASK) >> MPLS_LS_LABEL_SHIFT;
	dec->ttl = (entry & MPLS_LS_TTL_MASK) >> MPLS_LS_TTL_SHIFT;
	dec->bos = entry & MPLS_LS_S_MASK;
	return true;
}

/* What the receive path found out about a frame of one of our PWs. */
struct pw_rcv {
	struct pw *pw;
	unsigned int hlen;	/* label stack (+ flow label, + CW) */
	u8 ttl;			/* of the PW label */
	bool bad_stack;		/* the PW label is not the last one */
};

/*
 * Find the PW a frame is for: explicit nulls on top are skipped, the next
 * label is looked up. Fills @rcv with the PW and the length of the stack,
 * including a flow label (RFC 6391) below the PW label. Returns 0, or the
 * netns counter to bump when no PW of ours takes it.
 */
static int pw_rcv_lookup(struct pw_net *pn, const struct sk_buff *skb,
			 struct pw_rcv *rcv)
{
	struct pw_lse dec;
	unsigned int idx = 0;

	for (;; idx++) {
		if (!pw_peek_label(skb, idx, &dec))
			return MPLS_PW_STATS_A_DROP_TRUNCATED;
		if (dec.bos || (dec.label != MPLS_LABEL_IPV4NULL &&
				dec.label != MPLS_LABEL_IPV6NULL))
			break;
	}
	rcv->pw = pw_lookup_rcu(pn, dec.label);
	if (!rcv->pw)
		return MPLS_PW_STATS_A_NOT_OURS;
	rcv->ttl = dec.ttl;
	rcv->hlen = (idx + 1) * sizeof(struct mpls_shim_hdr);
	rcv->bad_stack = false;
	if (dec.bos)
		return 0;

	/* only a flow label may follow the PW label, and it ends the stack */
	if (!pw_peek_label(skb, idx + 1, &dec))
		return MPLS_PW_STATS_A_DROP_TRUNCATED;
	rcv->hlen += sizeof(struct mpls_shim_hdr);
	rcv->bad_stack = !dec.bos || dec.label < MPLS_LABEL_FIRST_UNRESERVED;
	return 0;
}

/*
 * The control word, if the PW has one: data goes on (@rcv->hlen past it),
 * an associated channel message is taken here. Returns 0 for data, else
 * the PW counter to bump (MPLS_PW_STATS_A_ACH_RX: consumed).
 */
static int pw_rcv_cw(const struct pw_encap *encap, struct pw_rcv *rcv,
		     const struct sk_buff *skb)
{
	u8 buf, nibble;
	const u8 *cw;

	if (!encap->cw)
		return 0;
	cw = skb_header_pointer(skb, rcv->hlen, 1, &buf);
	if (!cw)
		return MPLS_PW_STATS_A_DROP_RUNT;
	nibble = *cw >> 4;
	if (nibble == PW_CW_NIBBLE_ACH)
		/* associated channel: status, whatever the PW's state */
		return pw_status_rcv(rcv->pw, skb, rcv->hlen);
	if (nibble != PW_CW_NIBBLE_DATA)
		return MPLS_PW_STATS_A_DROP_BAD_CW;
	rcv->hlen += sizeof(__be32);
	return 0;
}

/*
 * An AC in standby: the CE is the other PE's. A frame from the service PW
 * goes over the bypass PW to it, one from the bypass PW back out on the
 * service PW; never bypass to bypass. Returns the PW to relay to, or NULL.
 */
static struct pw *pw_rcv_standby_relay(const struct pw_ac *ac,
				       const struct pw *pw)
{
	struct pw *out;

	if (READ_ONCE(pw->role) == MPLS_PW_ROLE_BYPASS)
		out = rcu_dereference(ac->active);
	else
		out = rcu_dereference(ac->slot[MPLS_PW_ROLE_BYPASS]);
	if (!out || out == pw || READ_ONCE(out->role) == READ_ONCE(pw->role) ||
	    READ_ONCE(out->fwd) == MPLS_PW_FWD_DOWN)
		return NULL;
	return out;
}

/*
 * Where a data frame of @rcv goes: out of @ac (return 0, *@out NULL), on
 * to another PW (return 0, *@out set) or nowhere (the PW counter).
 */
static int pw_rcv_decide(const struct pw_rcv *rcv, const struct sk_buff *skb,
			 struct pw_ac **acp, struct pw **out)
{
	struct pw *pw = rcv->pw;
	struct pw_ac *ac;

	*out = NULL;
	if (unlikely(READ_ONCE(pw->fwd) == MPLS_PW_FWD_DOWN))
		return MPLS_PW_STATS_A_DROP_DOWN;
	ac = rcu_dereference(pw->ac);
	*acp = ac;
	if (!ac) {
		/* S-PE: on to the other segment */
		*out = rcu_dereference(pw->partner);
		return *out ? 0 : MPLS_PW_STATS_A_DROP_DOWN;
	}
	if (unlikely(!netif_running(ac->dev)))
		return MPLS_PW_STATS_A_DROP_DOWN;
	if (unlikely(READ_ONCE(ac->cfg.state) == MPLS_PW_AC_STATE_STANDBY)) {
		*out = pw_rcv_standby_relay(ac, pw);
		return *out ? 0 : MPLS_PW_STATS_A_DROP_STANDBY;
	}
	/* AC active: the bypass PW always delivers, a service PW when it is
	 * the active one, or with dual-receiving, or for ARP/ND
	 */
	if (READ_ONCE(pw->role) != MPLS_PW_ROLE_BYPASS &&
	    rcu_access_pointer(ac->active) != pw &&
	    !READ_ONCE(ac->cfg.dual_receive) && !pw_ds_is_ctrl(skb, rcv->hlen))
		return MPLS_PW_STATS_A_DROP_STANDBY;
	if (unlikely(skb->len - rcv->hlen > ac->dev->mtu + ETH_HLEN + VLAN_HLEN))
		return MPLS_PW_STATS_A_DROP_MTU;
	return 0;
}

/* Strip the PW encapsulation: @skb is left at the inner Ethernet header. */
static int pw_rcv_decap(struct sk_buff *skb, const struct pw_encap *encap,
			unsigned int hlen)
{
	if (unlikely(!pskb_may_pull(skb, hlen + ETH_HLEN)))
		return MPLS_PW_STATS_A_DROP_NOMEM;
	skb_pull_rcsum(skb, hlen);
	skb_scrub_packet(skb, false);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->mac_len = ETH_HLEN;
	skb->protocol = eth_hdr(skb)->h_proto;
	if (encap->mode == MPLS_PW_MODE_TAGGED && eth_type_vlan(skb->protocol)) {
		u16 tci;

		/* a tag type without the tag: short, not out of memory */
		if (unlikely(skb->len < VLAN_ETH_HLEN))
			return MPLS_PW_STATS_A_DROP_RUNT;
		/* the service-delimiting tag is the PW's, not the AC's */
		if (unlikely(__skb_vlan_pop(skb, &tci)))
			return MPLS_PW_STATS_A_DROP_NOMEM;
	}
	return 0;
}

int pw_mpls_rcv(struct sk_buff *skb, struct net_device *dev,
		struct packet_type *pt, struct net_device *orig_dev)
{
	struct pw_net *pn = pw_net(dev_net(dev));
	const struct pw_encap *encap;
	struct pw_ac *ac = NULL;
	struct pw_rcv rcv;
	struct pw *out;
	int stat;

	if (skb->pkt_type != PACKET_HOST)
		goto consume;

	stat = pw_rcv_lookup(pn, skb, &rcv);
	if (stat) {
		pw_stat_inc(pn->stats, stat);
		if (stat == MPLS_PW_STATS_A_NOT_OURS)
			goto consume;
		goto free;
	}
	/* ours, but from a device nobody opened to MPLS */
	if (unlikely(!pw_link_input_rcu(pn, dev))) {
		pw_stat_inc(pn->stats, MPLS_PW_STATS_A_DROP_INPUT);
		goto free;
	}
	if (unlikely(rcv.bad_stack)) {
		stat = MPLS_PW_STATS_A_DROP_NOT_BOS;
		goto drop;
	}
	encap = rcu_dereference(rcv.pw->encap);
	if (unlikely(!encap)) {
		stat = MPLS_PW_STATS_A_DROP_DOWN;
		goto drop;
	}
	stat = pw_rcv_cw(encap, &rcv, skb);
	if (stat == MPLS_PW_STATS_A_ACH_RX) {
		pw_stat_inc(rcv.pw->stats, stat);
		goto consume;
	}
	if (stat)
		goto drop;
	if (unlikely(skb->len < rcv.hlen + ETH_HLEN)) {
		stat = MPLS_PW_STATS_A_DROP_RUNT;
		goto drop;
	}
	stat = pw_rcv_decide(&rcv, skb, &ac, &out);
	if (stat)
		goto drop;
	/* a relay swaps the PW label (RFC 6073): a loop must die out */
	if (out && unlikely(rcv.ttl <= 1)) {
		stat = MPLS_PW_STATS_A_DROP_TTL;
		goto drop;
	}

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		pw_stat_inc(rcv.pw->stats, MPLS_PW_STATS_A_DROP_NOMEM);
		return NET_RX_DROP;
	}
	stat = pw_rcv_decap(skb, encap, rcv.hlen);
	if (unlikely(stat))
		goto drop;

	pw_stat_inc(rcv.pw->stats, MPLS_PW_STATS_A_RX_PACKETS);
	pw_stat_add(rcv.pw->stats, MPLS_PW_STATS_A_RX_BYTES, skb->len);
	if (out) {
		pw_xmit_relay(out, skb, rcv.ttl - 1);
		return NET_RX_SUCCESS;
	}
	skb->dev = ac->dev;
	dev_queue_xmit(skb);
	return NET_RX_SUCCESS;

drop:
	pw_stat_inc(rcv.pw->stats, stat);
free:
	kfree_skb(skb);
	return NET_RX_DROP;
consume:
	consume_skb(skb);
	return NET_RX_SUCCESS;
}
