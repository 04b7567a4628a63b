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
	dec->bos = entry & MPLS_LS_S_MASK;
	return true;
}

/*
 * Find the PW a frame is for: explicit nulls on top are skipped, the next
 * label is looked up. Returns the PW and, in @hlen, the length of the
 * stack including a flow label (RFC 6391) below the PW label. Sets @stat
 * to the netns counter to bump when it returns NULL.
 */
static struct pw *pw_rcv_lookup(struct pw_net *pn, const struct sk_buff *skb,
				unsigned int *hlen, int *stat)
{
	struct pw_lse dec;
	unsigned int idx = 0;
	struct pw *pw;

	for (;; idx++) {
		if (!pw_peek_label(skb, idx, &dec)) {
			*stat = MPLS_PW_STATS_A_DROP_TRUNCATED;
			return NULL;
		}
		if (dec.bos || (dec.label != MPLS_LABEL_IPV4NULL &&
				dec.label != MPLS_LABEL_IPV6NULL))
			break;
	}
	pw = pw_lookup_rcu(pn, dec.label);
	if (!pw) {
		*stat = MPLS_PW_STATS_A_NOT_OURS;
		return NULL;
	}
	*hlen = (idx + 1) * sizeof(struct mpls_shim_hdr);
	if (dec.bos)
		return pw;

	/* only a flow label may follow the PW label, and it ends the stack */
	if (!pw_peek_label(skb, idx + 1, &dec)) {
		*stat = MPLS_PW_STATS_A_DROP_TRUNCATED;
		return NULL;
	}
	*hlen += sizeof(struct mpls_shim_hdr);
	if (!dec.bos || dec.label < MPLS_LABEL_FIRST_UNRESERVED)
		*hlen = 0;	/* caller counts it on the PW */
	return pw;
}

int pw_mpls_rcv(struct sk_buff *skb, struct net_device *dev,
		struct packet_type *pt, struct net_device *orig_dev)
{
	struct pw_net *pn = pw_net(dev_net(dev));
	const struct pw_encap *encap;
	struct pw *pw, *out = NULL;
	unsigned int hlen = 0;
	struct pw_ac *ac;
	int stat;

	if (skb->pkt_type != PACKET_HOST)
		goto consume;

	pw = pw_rcv_lookup(pn, skb, &hlen, &stat);
	if (!pw) {
		pw_stat_inc(pn->stats, stat);
		if (stat == MPLS_PW_STATS_A_NOT_OURS)
			goto consume;
		goto free;
	}
	if (unlikely(!hlen)) {
		stat = MPLS_PW_STATS_A_DROP_NOT_BOS;
		goto drop;
	}

	encap = rcu_dereference(pw->encap);
	if (unlikely(!encap)) {
		stat = MPLS_PW_STATS_A_DROP_DOWN;
		goto drop;
	}
	if (encap->cw) {
		u8 buf, nibble;
		const u8 *cw = skb_header_pointer(skb, hlen, 1, &buf);

		if (!cw) {
			stat = MPLS_PW_STATS_A_DROP_RUNT;
			goto drop;
		}
		nibble = *cw >> 4;
		if (nibble == PW_CW_NIBBLE_ACH) {
			/* associated channel: status, whatever the PW's state */
			stat = pw_status_rcv(pw, skb, hlen);
			if (stat == MPLS_PW_STATS_A_ACH_RX) {
				pw_stat_inc(pw->stats, stat);
				goto consume;
			}
			goto drop;
		}
		if (nibble != PW_CW_NIBBLE_DATA) {
			stat = MPLS_PW_STATS_A_DROP_BAD_CW;
			goto drop;
		}
		hlen += sizeof(__be32);
	}
	if (unlikely(skb->len < hlen + ETH_HLEN)) {
		stat = MPLS_PW_STATS_A_DROP_RUNT;
		goto drop;
	}

	if (unlikely(READ_ONCE(pw->fwd) == MPLS_PW_FWD_DOWN)) {
		stat = MPLS_PW_STATS_A_DROP_DOWN;
		goto drop;
	}
	ac = rcu_dereference(pw->ac);
	if (!ac) {
		/* S-PE: on to the other segment */
		out = rcu_dereference(pw->partner);
		if (!out) {
			stat = MPLS_PW_STATS_A_DROP_DOWN;
			goto drop;
		}
		goto relay;
	}
	if (unlikely(!netif_running(ac->dev))) {
		stat = MPLS_PW_STATS_A_DROP_DOWN;
		goto drop;
	}

	if (unlikely(READ_ONCE(ac->cfg.state) == MPLS_PW_AC_STATE_STANDBY)) {
		/*
		 * The CE is the other PE's: a frame from the service PW goes
		 * over the bypass PW to it, one from the bypass PW back out on
		 * the service PW. Never bypass to bypass.
		 */
		if (pw->role == MPLS_PW_ROLE_BYPASS)
			out = rcu_dereference(ac->active);
		else
			out = rcu_dereference(ac->slot[MPLS_PW_ROLE_BYPASS]);
		if (!out || out == pw || out->role == pw->role ||
		    READ_ONCE(out->fwd) == MPLS_PW_FWD_DOWN) {
			stat = MPLS_PW_STATS_A_DROP_STANDBY;
			goto drop;
		}
		goto relay;
	}
	/* AC active: the bypass PW always delivers, a service PW when it is
	 * the active one, or with dual-receiving, or for ARP/ND
	 */
	if (pw->role != MPLS_PW_ROLE_BYPASS &&
	    rcu_access_pointer(ac->active) != pw &&
	    !READ_ONCE(ac->cfg.dual_receive) && !pw_ds_is_ctrl(skb, hlen)) {
		stat = MPLS_PW_STATS_A_DROP_STANDBY;
		goto drop;
	}
	if (unlikely(skb->len - hlen > ac->dev->mtu + ETH_HLEN + VLAN_HLEN)) {
		stat = MPLS_PW_STATS_A_DROP_MTU;
		goto drop;
	}

relay:
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		pw_stat_inc(pw->stats, MPLS_PW_STATS_A_DROP_NOMEM);
		return NET_RX_DROP;
	}
	if (unlikely(!pskb_may_pull(skb, hlen + ETH_HLEN))) {
		stat = MPLS_PW_STATS_A_DROP_NOMEM;
		goto drop;
	}
	skb_pull_rcsum(skb, hlen);
	skb_scrub_packet(skb, false);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->mac_len = ETH_HLEN;
	skb->protocol = eth_hdr(skb)->h_proto;
	if (encap->mode == MPLS_PW_MODE_TAGGED && eth_type_vlan(skb->protocol)) {
		u16 tci;

		/* the service-delimiting tag is the PW's, not the AC's */
		if (unlikely(__skb_vlan_pop(skb, &tci))) {
			stat = MPLS_PW_STATS_A_DROP_NOMEM;
			goto drop;
		}
	}

	pw_stat_inc(pw->stats, MPLS_PW_STATS_A_RX_PACKETS);
	pw_stat_add(pw->stats, MPLS_PW_STATS_A_RX_BYTES, skb->len);
	if (out) {
		pw_xmit(out, skb);
		return NET_RX_SUCCESS;
	}
	skb->dev = ac->dev;
	dev_queue_xmit(skb);
	return NET_RX_SUCCESS;

drop:
	pw_stat_inc(pw->stats, stat);
free:
	kfree_skb(skb);
	return NET_RX_DROP;
consume:
	consume_skb(skb);
	return NET_RX_SUCCESS;
}
