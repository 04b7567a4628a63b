// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: AC -> PW. Frames taken from an AC by its rx_handler are
 * encapsulated (RFC 4448: [tunnel labels][PW label, S=1][CW][Ethernet])
 * and handed to the next hop.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <net/mpls.h>

#include "compat.h"
#include "pw.h"

/* Bytes the encapsulation adds in front of the Ethernet frame. */
static unsigned int pw_encap_len(const struct pw_encap *encap,
				 const struct pw_nexthop *nh)
{
	return (nh->nlabels + 1) * sizeof(struct mpls_shim_hdr) +
	       (encap->cw ? sizeof(__be32) : 0);
}

/* @ttl: of the PW label, 0 for the PW's own */
static void pw_push_labels(struct sk_buff *skb, const struct pw_encap *encap,
			   const struct pw_nexthop *nh, bool cw, u8 ttl)
{
	struct mpls_shim_hdr *hdr;
	int i;

	if (cw)
		*(__be32 *)__skb_push(skb, sizeof(__be32)) = 0;

	hdr = __skb_push(skb, sizeof(*hdr));
	*hdr = mpls_entry_encode(encap->remote_label, ttl ?: encap->ttl, 0,
				 true);
	for (i = nh->nlabels - 1; i >= 0; i--) {
		hdr = __skb_push(skb, sizeof(*hdr));
		*hdr = mpls_entry_encode(nh->labels[i], 255, 0, false);
	}
	skb_reset_network_header(skb);
}

/* Tagged mode: the VID to push on an untagged frame (0: none known). */
static u16 pw_tagged_vid(const struct pw *pw, const struct pw_encap *encap)
{
	const struct pw_ac *ac;

	if (encap->vid)
		return encap->vid;
	ac = rcu_dereference(pw->ac);
	return ac && is_vlan_dev(ac->dev) ? vlan_dev_vlan_id(ac->dev) : 0;
}

/*
 * Send one Ethernet frame (skb->data at its first byte, not GSO) on @pw,
 * with @ttl in the PW label (0: the PW's). Consumes @skb; every drop is
 * counted on the PW.
 */
static void pw_xmit_one(struct pw *pw, const struct pw_encap *encap,
			struct sk_buff *skb, u8 ttl)
{
	unsigned int len, hlen;
	struct pw_nexthop nh;
	int stat;

	/*
	 * A checksum a local sender left to the hardware: nobody past the
	 * labels can find it (no inner headers are set, and a NIC's MPLS
	 * offload would take the wrong offset), so it is done now.
	 */
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) {
		stat = MPLS_PW_STATS_A_DROP_NOMEM;
		goto drop;
	}
	skb->encapsulation = 0;
	if (encap->mode == MPLS_PW_MODE_TAGGED &&
	    !eth_type_vlan(((struct ethhdr *)skb->data)->h_proto)) {
		u16 vid = pw_tagged_vid(pw, encap);

		if (vid && __vlan_insert_tag(skb, htons(ETH_P_8021Q), vid)) {
			stat = MPLS_PW_STATS_A_DROP_NOMEM;
			goto drop;
		}
	}
	len = skb->len;
	if (pw_tunnel_resolve(pw, encap, &nh)) {
		stat = MPLS_PW_STATS_A_DROP_NO_ROUTE;
		goto drop;
	}
	if (unlikely(!netif_running(nh.dev) || !netif_carrier_ok(nh.dev))) {
		stat = MPLS_PW_STATS_A_DROP_DOWN;
		goto drop_put;
	}
	hlen = pw_encap_len(encap, &nh);
	if (unlikely(len + hlen > nh.dev->mtu)) {
		stat = MPLS_PW_STATS_A_DROP_MTU;
		goto drop_put;
	}
	if (unlikely(skb_cow_head(skb, hlen + LL_RESERVED_SPACE(nh.dev)))) {
		stat = MPLS_PW_STATS_A_DROP_NOMEM;
		goto drop_put;
	}
	/* a receive checksum does not survive the new headers */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	pw_push_labels(skb, encap, &nh, encap->cw, ttl);
	pw_nexthop_put(&nh);

	pw_stat_inc(pw->stats, MPLS_PW_STATS_A_TX_PACKETS);
	pw_stat_add(pw->stats, MPLS_PW_STATS_A_TX_BYTES, len);
	/* a failure past here is the neighbour layer's to count */
	pw_tunnel_xmit(&nh, skb);
	return;

drop_put:
	pw_nexthop_put(&nh);
drop:
	pw_stat_inc(pw->stats, stat);
	kfree_skb(skb);
}

/*
 * Send an Ethernet frame (from an AC, or relayed from another PW with the
 * PW label TTL @ttl; 0: the PW's own) on @pw, skb->data and the mac header
 * at its first byte. A GSO frame (from a local sender or GRO on the AC) is
 * segmented here: MPLS-encapsulated Ethernet cannot be offloaded further,
 * and each segment must fit the core MTU by itself.
 */
void pw_xmit_relay(struct pw *pw, struct sk_buff *skb, u8 ttl)
{
	const struct pw_encap *encap = rcu_dereference(pw->encap);
	struct sk_buff *segs, *next;

	if (unlikely(!encap)) {
		pw_stat_inc(pw->stats, MPLS_PW_STATS_A_DROP_DOWN);
		kfree_skb(skb);
		return;
	}
	if (!skb_is_gso(skb)) {
		pw_xmit_one(pw, encap, skb, ttl);
		return;
	}
	segs = __skb_gso_segment(skb, NETIF_F_SG, false);
	if (IS_ERR_OR_NULL(segs)) {
		pw_stat_inc(pw->stats, MPLS_PW_STATS_A_DROP_NOMEM);
		kfree_skb(skb);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		pw_xmit_one(pw, encap, skb, ttl);
	}
}

void pw_xmit(struct pw *pw, struct sk_buff *skb)
{
	pw_xmit_relay(pw, skb, 0);
}

/* The AC's rx_handler: every frame the AC receives belongs to its VPWS. */
rx_handler_result_t pw_ac_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct pw_ac *ac;
	struct pw *pw;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	ac = rcu_dereference(skb->dev->rx_handler_data);
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		pw_stat_inc(ac->stats, MPLS_PW_STATS_A_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}

	/* back to the Ethernet header the frame came with */
	__skb_push(skb, skb->data - skb_mac_header(skb));
	if (skb_vlan_tag_present(skb)) {
		/* a customer tag the device took out: put it back */
		skb = __vlan_hwaccel_push_inside(skb);
		if (unlikely(!skb)) {
			pw_stat_inc(ac->stats, MPLS_PW_STATS_A_DROP_NOMEM);
			return RX_HANDLER_CONSUMED;
		}
	}

	/* E-Trunk / mVRRP made the other PE the CE's gateway */
	if (unlikely(READ_ONCE(ac->cfg.state) == MPLS_PW_AC_STATE_STANDBY)) {
		pw_stat_inc(ac->stats, MPLS_PW_STATS_A_DROP_STANDBY);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	pw = rcu_dereference(ac->active);
	if (unlikely(!pw)) {
		pw_stat_inc(ac->stats, MPLS_PW_STATS_A_DROP_NO_PW);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	if (unlikely(test_bit(PW_AC_SWITCHING, &ac->flags)))
		pw_ac_switch_seen(ac, pw);
	skb_scrub_packet(skb, false);
	skb_reset_mac_header(skb);
	if (unlikely(READ_ONCE(ac->cfg.arp_dual_send) ||
		     READ_ONCE(ac->cfg.nd_dual_send)) &&
	    pw_ds_xmit(ac, pw, skb))
		return RX_HANDLER_CONSUMED;
	pw_xmit(pw, skb);
	return RX_HANDLER_CONSUMED;
}

/*
 * Send a control message (skb->data at its associated channel header) on
 * @pw: labels but no control word, the ACH takes its place. Any context.
 */
void pw_xmit_ctrl(struct pw *pw, struct sk_buff *skb)
{
	const struct pw_encap *encap;
	struct pw_nexthop nh;

	rcu_read_lock_bh();
	encap = rcu_dereference_bh(pw->encap);
	if (!encap || pw_tunnel_resolve(pw, encap, &nh)) {
		kfree_skb(skb);
		goto out;
	}
	if (skb_cow_head(skb, pw_encap_len(encap, &nh) +
			 LL_RESERVED_SPACE(nh.dev))) {
		pw_nexthop_put(&nh);
		kfree_skb(skb);
		goto out;
	}
	pw_push_labels(skb, encap, &nh, false, 0);
	pw_nexthop_put(&nh);
	pw_stat_inc(pw->stats, MPLS_PW_STATS_A_ACH_TX);
	pw_tunnel_xmit(&nh, skb);
out:
	rcu_read_unlock_bh();
}
