// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: the "mpls_pw" generic netlink family.
 *
 * Every change is parsed and checked whole before anything is touched,
 * then committed under RTNL and the pernet mutex, then notified. Object
 * attributes are filled by one function per object, shared by replies,
 * dumps and notifications.
 */
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/mpls.h>

#include "compat.h"
#include "pw.h"

static struct genl_family pw_nl_family;

static struct netlink_range_validation pw_label_range = {
	.min = MPLS_PW_LABEL_MIN,
	.max = MPLS_PW_LABEL_MAX,
};

static struct netlink_range_validation pw_expire_range = {
	.min = MPLS_PW_EXPIRE_MIN,
	.max = U32_MAX,
};

#define PW_NLA_BOOL		NLA_POLICY_MAX(NLA_U8, 1)
#define PW_NLA_READ_ONLY	{ .type = NLA_REJECT, \
				  .reject_message = "Attribute is read-only" }

static const struct nla_policy pw_ac_policy[MPLS_PW_AC_A_MAX + 1] = {
	[MPLS_PW_AC_A_IFINDEX]		= { .type = NLA_U32 },
	[MPLS_PW_AC_A_IFNAME]		= PW_NLA_READ_ONLY,
	[MPLS_PW_AC_A_REDUNDANCY]	= NLA_POLICY_MAX(NLA_U8, MPLS_PW_REDUNDANCY_INDEPENDENT),
	[MPLS_PW_AC_A_STATE]		= NLA_POLICY_MAX(NLA_U8, MPLS_PW_AC_STATE_STANDBY),
	[MPLS_PW_AC_A_DUAL_RECEIVE]	= PW_NLA_BOOL,
	[MPLS_PW_AC_A_ARP_DUAL_SEND]	= PW_NLA_BOOL,
	[MPLS_PW_AC_A_ARP_EXPIRE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &pw_expire_range),
	[MPLS_PW_AC_A_ND_DUAL_SEND]	= PW_NLA_BOOL,
	[MPLS_PW_AC_A_ND_EXPIRE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &pw_expire_range),
	[MPLS_PW_AC_A_REROUTE]		= NLA_POLICY_MAX(NLA_U8, MPLS_PW_REROUTE_NEVER),
	[MPLS_PW_AC_A_REROUTE_DELAY]	= NLA_POLICY_RANGE(NLA_U32, MPLS_PW_REROUTE_DELAY_MIN,
							   MPLS_PW_REROUTE_DELAY_MAX),
	[MPLS_PW_AC_A_HOLDOFF]		= NLA_POLICY_MAX(NLA_U32, MPLS_PW_HOLDOFF_MAX),
	[MPLS_PW_AC_A_OPER_UP]		= PW_NLA_READ_ONLY,
	[MPLS_PW_AC_A_ACTIVE_PW]	= PW_NLA_READ_ONLY,
	[MPLS_PW_AC_A_SWITCHOVERS]	= PW_NLA_READ_ONLY,
	[MPLS_PW_AC_A_CACHE]		= PW_NLA_READ_ONLY,
	[MPLS_PW_AC_A_STATS]		= PW_NLA_READ_ONLY,
	[MPLS_PW_AC_A_MANUAL]		= PW_NLA_READ_ONLY,
	[MPLS_PW_AC_A_SWITCH_LATENCY_NS] = PW_NLA_READ_ONLY,
};

static const struct nla_policy pw_tunnel_policy[MPLS_PW_TUNNEL_A_MAX + 1] = {
	[MPLS_PW_TUNNEL_A_VIA_IPV4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[MPLS_PW_TUNNEL_A_VIA_IPV6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[MPLS_PW_TUNNEL_A_IFINDEX]	= { .type = NLA_U32 },
	[MPLS_PW_TUNNEL_A_LABELS]	= { .type = NLA_BINARY,
					    .len = MPLS_PW_TUNNEL_LABELS_MAX * sizeof(u32) },
	[MPLS_PW_TUNNEL_A_IFNAME]	= PW_NLA_READ_ONLY,
};

static const struct nla_policy pw_track_policy[MPLS_PW_TRACK_A_MAX + 1] = {
	[MPLS_PW_TRACK_A_IFINDEX]	= { .type = NLA_U32 },
	[MPLS_PW_TRACK_A_VRID]		= NLA_POLICY_MIN(NLA_U8, 1),
	[MPLS_PW_TRACK_A_PW_REDUNDANCY]	= PW_NLA_BOOL,
	[MPLS_PW_TRACK_A_IFNAME]	= PW_NLA_READ_ONLY,
};

static const struct nla_policy pw_pw_policy[MPLS_PW_PW_A_MAX + 1] = {
	[MPLS_PW_PW_A_PEER_IPV4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[MPLS_PW_PW_A_PEER_IPV6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[MPLS_PW_PW_A_VC_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[MPLS_PW_PW_A_IFINDEX]		= { .type = NLA_U32 },
	[MPLS_PW_PW_A_IFNAME]		= PW_NLA_READ_ONLY,
	[MPLS_PW_PW_A_ROLE]		= NLA_POLICY_MAX(NLA_U8, MPLS_PW_ROLE_NONE),
	[MPLS_PW_PW_A_LOCAL_LABEL]	= NLA_POLICY_FULL_RANGE(NLA_U32, &pw_label_range),
	[MPLS_PW_PW_A_REMOTE_LABEL]	= NLA_POLICY_FULL_RANGE(NLA_U32, &pw_label_range),
	[MPLS_PW_PW_A_CONTROL_WORD]	= PW_NLA_BOOL,
	[MPLS_PW_PW_A_MODE]		= NLA_POLICY_MAX(NLA_U8, MPLS_PW_MODE_TAGGED),
	[MPLS_PW_PW_A_VLAN_ID]		= NLA_POLICY_MAX(NLA_U16, 4094),
	[MPLS_PW_PW_A_TTL]		= NLA_POLICY_MIN(NLA_U8, 1),
	[MPLS_PW_PW_A_TUNNEL]		= NLA_POLICY_NESTED(pw_tunnel_policy),
	[MPLS_PW_PW_A_IGNORE_STANDBY]	= PW_NLA_BOOL,
	[MPLS_PW_PW_A_TRACK_VRRP]	= NLA_POLICY_NESTED(pw_track_policy),
	[MPLS_PW_PW_A_STATUS_SIGNALING]	= PW_NLA_BOOL,
	[MPLS_PW_PW_A_REFRESH]		= { .type = NLA_U16 },
	[MPLS_PW_PW_A_ADMIN_UP]		= PW_NLA_BOOL,
	[MPLS_PW_PW_A_REMOTE_STATUS]	= NLA_POLICY_MAX(NLA_U8, MPLS_PW_REMOTE_DOWN),
	[MPLS_PW_PW_A_FWD]		= PW_NLA_READ_ONLY,
	[MPLS_PW_PW_A_DOWN_REASON]	= PW_NLA_READ_ONLY,
	[MPLS_PW_PW_A_STATUS_SENT]	= PW_NLA_READ_ONLY,
	[MPLS_PW_PW_A_STATUS_RCVD]	= PW_NLA_READ_ONLY,
	[MPLS_PW_PW_A_LAST_CHANGE_MS]	= PW_NLA_READ_ONLY,
	[MPLS_PW_PW_A_NEXTHOP]		= PW_NLA_READ_ONLY,
	[MPLS_PW_PW_A_STATS]		= PW_NLA_READ_ONLY,
	[MPLS_PW_PW_A_ACTIVATIONS]	= PW_NLA_READ_ONLY,
};

static const struct nla_policy pw_switch_policy[MPLS_PW_SWITCH_A_MAX + 1] = {
	[MPLS_PW_SWITCH_A_PW]		= NLA_POLICY_NESTED(pw_pw_policy),
};

static const struct nla_policy pw_vrrp_policy[MPLS_PW_VRRP_A_MAX + 1] = {
	[MPLS_PW_VRRP_A_IFINDEX]	= { .type = NLA_U32 },
	[MPLS_PW_VRRP_A_VRID]		= NLA_POLICY_MIN(NLA_U8, 1),
	[MPLS_PW_VRRP_A_STATE]		= NLA_POLICY_MAX(NLA_U8, MPLS_PW_VRRP_MASTER),
	[MPLS_PW_VRRP_A_IFNAME]		= PW_NLA_READ_ONLY,
};

static const struct nla_policy pw_nl_policy[MPLS_PW_A_MAX + 1] = {
	[MPLS_PW_A_AC]		= NLA_POLICY_NESTED(pw_ac_policy),
	[MPLS_PW_A_PW]		= NLA_POLICY_NESTED(pw_pw_policy),
	[MPLS_PW_A_SWITCH]	= NLA_POLICY_NESTED(pw_switch_policy),
	[MPLS_PW_A_VRRP]	= NLA_POLICY_NESTED(pw_vrrp_policy),
	[MPLS_PW_A_EVENT]	= PW_NLA_READ_ONLY,
	[MPLS_PW_A_STATS]	= PW_NLA_READ_ONLY,
	[MPLS_PW_A_TIMER]	= PW_NLA_READ_ONLY,
};

/* Parse the object nest @top of a request into @tb. */
static int pw_nl_parse(struct genl_info *info, int top, struct nlattr **tb,
		       int max, const struct nla_policy *policy)
{
	if (GENL_REQ_ATTR_CHECK(info, top))
		return -EINVAL;
	return nla_parse_nested(tb, max, info->attrs[top], policy,
				info->extack);
}

/* Refuse what a later version implements rather than ignoring it. */
#define pw_nl_not_yet(extack, attr, msg) ({		\
	NL_SET_ERR_MSG_ATTR(extack, attr, msg);		\
	-EOPNOTSUPP;					\
})

/* ---- counters ---- */

static int pw_nl_put_stats(struct sk_buff *skb, int type,
			   struct pw_pcpu_stats __percpu *stats)
{
	u64 sum[PW_STATS_N];
	struct nlattr *nest;
	int i;

	pw_stats_read(stats, sum);
	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = MPLS_PW_STATS_A_RX_PACKETS; i < PW_STATS_N; i++)
		if (nla_put_u64_64bit(skb, i, sum[i], MPLS_PW_STATS_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int pw_nl_put_addr(struct sk_buff *skb, int v4, int v6,
			  const struct pw_addr *a)
{
	if (a->family == AF_INET)
		return nla_put_in_addr(skb, v4, a->v4);
	return nla_put_in6_addr(skb, v6, &a->v6);
}

static int pw_nl_put_key(struct sk_buff *skb, const struct pw *pw)
{
	if (pw_nl_put_addr(skb, MPLS_PW_PW_A_PEER_IPV4, MPLS_PW_PW_A_PEER_IPV6,
			   &pw->peer) ||
	    nla_put_u32(skb, MPLS_PW_PW_A_VC_ID, pw->vc_id))
		return -EMSGSIZE;
	return 0;
}

/* A tunnel or next hop nest: via, device, labels. */
static int pw_nl_put_hop(struct sk_buff *skb, int type,
			 const struct pw_addr *via, int ifindex,
			 const struct net_device *dev,
			 const u32 *labels, unsigned int nlabels)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    pw_nl_put_addr(skb, MPLS_PW_TUNNEL_A_VIA_IPV4,
			   MPLS_PW_TUNNEL_A_VIA_IPV6, via) ||
	    nla_put_u32(skb, MPLS_PW_TUNNEL_A_IFINDEX, ifindex) ||
	    (dev && nla_put_string(skb, MPLS_PW_TUNNEL_A_IFNAME, dev->name)) ||
	    (nlabels && nla_put(skb, MPLS_PW_TUNNEL_A_LABELS,
				nlabels * sizeof(u32), labels)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int pw_nl_put_track(struct sk_buff *skb, struct pw_net *pn,
			   const struct pw_track *track)
{
	struct nlattr *nest = nla_nest_start(skb, MPLS_PW_PW_A_TRACK_VRRP);
	struct net_device *dev;

	if (!nest ||
	    nla_put_u32(skb, MPLS_PW_TRACK_A_IFINDEX, track->ifindex) ||
	    nla_put_u8(skb, MPLS_PW_TRACK_A_VRID, track->vrid) ||
	    nla_put_u8(skb, MPLS_PW_TRACK_A_PW_REDUNDANCY, track->pw_redundancy))
		return -EMSGSIZE;
	dev = __dev_get_by_index(pn->net, track->ifindex);
	if (dev && nla_put_string(skb, MPLS_PW_TRACK_A_IFNAME, dev->name))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* ---- fill functions: replies, dumps and notifications ---- */

static int pw_nl_fill_pw(struct sk_buff *skb, struct pw *pw, u32 portid,
			 u32 seq, int flags, u8 cmd, u32 event)
{
	struct pw_net *pn = pw->pn;
	const struct pw_encap *encap;
	u32 labels[MPLS_PW_TUNNEL_LABELS_MAX];
	struct pw_nexthop nh;
	struct nlattr *nest;
	struct pw_ac *ac;
	void *hdr;

	lockdep_assert_held(&pn->lock);
	encap = rcu_dereference_protected(pw->encap, lockdep_is_held(&pn->lock));
	ac = rcu_dereference_protected(pw->ac, lockdep_is_held(&pn->lock));

	hdr = genlmsg_put(skb, portid, seq, &pw_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (event && nla_put_u32(skb, MPLS_PW_A_EVENT, event))
		goto cancel;
	nest = nla_nest_start(skb, MPLS_PW_A_PW);
	if (!nest || pw_nl_put_key(skb, pw))
		goto cancel;
	if (ac && (nla_put_u32(skb, MPLS_PW_PW_A_IFINDEX, ac->dev->ifindex) ||
		   nla_put_string(skb, MPLS_PW_PW_A_IFNAME, ac->dev->name)))
		goto cancel;
	if (nla_put_u8(skb, MPLS_PW_PW_A_ROLE, pw->role) ||
	    nla_put_u32(skb, MPLS_PW_PW_A_LOCAL_LABEL, pw->local_label) ||
	    nla_put_u32(skb, MPLS_PW_PW_A_REMOTE_LABEL, encap->remote_label) ||
	    nla_put_u8(skb, MPLS_PW_PW_A_CONTROL_WORD, encap->cw) ||
	    nla_put_u8(skb, MPLS_PW_PW_A_MODE, encap->mode) ||
	    (encap->vid && nla_put_u16(skb, MPLS_PW_PW_A_VLAN_ID, encap->vid)) ||
	    nla_put_u8(skb, MPLS_PW_PW_A_TTL, encap->ttl) ||
	    nla_put_u8(skb, MPLS_PW_PW_A_IGNORE_STANDBY, pw->ignore_standby) ||
	    nla_put_u8(skb, MPLS_PW_PW_A_STATUS_SIGNALING, pw->status_on) ||
	    nla_put_u16(skb, MPLS_PW_PW_A_REFRESH, pw->refresh) ||
	    nla_put_u8(skb, MPLS_PW_PW_A_ADMIN_UP, pw->admin_up) ||
	    nla_put_u8(skb, MPLS_PW_PW_A_FWD, pw->fwd) ||
	    nla_put_u32(skb, MPLS_PW_PW_A_DOWN_REASON, pw->down_reason) ||
	    nla_put_u32(skb, MPLS_PW_PW_A_STATUS_SENT, pw->status_sent) ||
	    nla_put_u32(skb, MPLS_PW_PW_A_STATUS_RCVD, pw->status_rcvd) ||
	    nla_put_u64_64bit(skb, MPLS_PW_PW_A_ACTIVATIONS, pw->activations,
			      MPLS_PW_PW_A_PAD) ||
	    nla_put_u64_64bit(skb, MPLS_PW_PW_A_LAST_CHANGE_MS,
			      jiffies_to_msecs(jiffies - pw->last_change),
			      MPLS_PW_PW_A_PAD))
		goto cancel;
	if (pw->track.ifindex && pw_nl_put_track(skb, pn, &pw->track))
		goto cancel;
	if (encap->explicit &&
	    pw_nl_put_hop(skb, MPLS_PW_PW_A_TUNNEL, &encap->via,
			  encap->tun_ifindex, encap->tun_dev,
			  encap->labels, encap->nlabels))
		goto cancel;
	if (!(pw_tunnel_check(pw, &nh, labels) &
	      (MPLS_PW_DOWN_NO_ROUTE | MPLS_PW_DOWN_TUNNEL_DEV)) &&
	    pw_nl_put_hop(skb, MPLS_PW_PW_A_NEXTHOP, &nh.via, nh.dev->ifindex,
			  nh.dev, nh.labels, nh.nlabels))
		goto cancel;
	if (pw_nl_put_stats(skb, MPLS_PW_PW_A_STATS, pw->stats))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int pw_nl_fill_ac(struct sk_buff *skb, struct pw_ac *ac, u32 portid,
			 u32 seq, int flags, u8 cmd, u32 event, bool details)
{
	const struct pw_ac_cfg *cfg = &ac->cfg;
	struct net_device *dev = ac->dev;
	struct nlattr *nest, *pwn;
	struct pw *active;
	u64 latency;
	void *hdr;

	lockdep_assert_held(&ac->pn->lock);
	active = rcu_dereference_protected(ac->active,
					   lockdep_is_held(&ac->pn->lock));

	hdr = genlmsg_put(skb, portid, seq, &pw_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (event && nla_put_u32(skb, MPLS_PW_A_EVENT, event))
		goto cancel;
	nest = nla_nest_start(skb, MPLS_PW_A_AC);
	if (!nest ||
	    nla_put_u32(skb, MPLS_PW_AC_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, MPLS_PW_AC_A_IFNAME, dev->name) ||
	    nla_put_u8(skb, MPLS_PW_AC_A_REDUNDANCY, cfg->redundancy) ||
	    nla_put_u8(skb, MPLS_PW_AC_A_STATE, cfg->state) ||
	    nla_put_u8(skb, MPLS_PW_AC_A_DUAL_RECEIVE, cfg->dual_receive) ||
	    nla_put_u8(skb, MPLS_PW_AC_A_ARP_DUAL_SEND, cfg->arp_dual_send) ||
	    nla_put_u32(skb, MPLS_PW_AC_A_ARP_EXPIRE, cfg->arp_expire) ||
	    nla_put_u8(skb, MPLS_PW_AC_A_ND_DUAL_SEND, cfg->nd_dual_send) ||
	    nla_put_u32(skb, MPLS_PW_AC_A_ND_EXPIRE, cfg->nd_expire) ||
	    nla_put_u8(skb, MPLS_PW_AC_A_REROUTE, cfg->reroute) ||
	    nla_put_u32(skb, MPLS_PW_AC_A_REROUTE_DELAY, cfg->reroute_delay) ||
	    nla_put_u32(skb, MPLS_PW_AC_A_HOLDOFF, cfg->holdoff) ||
	    nla_put_u8(skb, MPLS_PW_AC_A_OPER_UP,
		       netif_running(dev) && netif_carrier_ok(dev)) ||
	    nla_put_u64_64bit(skb, MPLS_PW_AC_A_SWITCHOVERS, ac->switchovers,
			      MPLS_PW_AC_A_PAD) ||
	    nla_put_u8(skb, MPLS_PW_AC_A_MANUAL, !!ac->manual))
		goto cancel;
	latency = READ_ONCE(ac->switch_latency_ns);
	if (latency &&
	    nla_put_u64_64bit(skb, MPLS_PW_AC_A_SWITCH_LATENCY_NS, latency,
			      MPLS_PW_AC_A_PAD))
		goto cancel;
	if (active) {
		pwn = nla_nest_start(skb, MPLS_PW_AC_A_ACTIVE_PW);
		if (!pwn || pw_nl_put_key(skb, active))
			goto cancel;
		nla_nest_end(skb, pwn);
	}
	if (pw_nl_put_stats(skb, MPLS_PW_AC_A_STATS, ac->stats))
		goto cancel;
	if (details && (ac->cfg.arp_dual_send || ac->cfg.nd_dual_send) &&
	    pw_ds_fill(ac, skb))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* ---- notifications ---- */

/* Cleared before the family goes away: module unload still notifies. */
static bool pw_nl_live __read_mostly;

/* The time of the event a request is (for switchover latency). */
static void pw_nl_event(struct pw_net *pn)
{
	pn->event_ns = ktime_get_ns();
}

/*
 * Tell the "events" group, and the requester if it asked for an echo.
 * Built only when somebody listens. Process context, pernet mutex held.
 */
static void pw_nl_notify(struct net *net, struct sk_buff *skb,
			 struct genl_info *info)
{
	if (info)
		genl_notify(&pw_nl_family, skb, info, 0, GFP_KERNEL);
	else
		genlmsg_multicast_netns(&pw_nl_family, net, skb, 0, 0,
					GFP_KERNEL);
}

static bool pw_nl_wanted(struct net *net, struct genl_info *info)
{
	if (!READ_ONCE(pw_nl_live))
		return false;
	return (info && nlmsg_report(info->nlhdr)) ||
	       genl_has_listeners(&pw_nl_family, net, 0);
}

void pw_nl_notify_pw(struct pw *pw, u8 cmd, u32 event,
		     struct genl_info *info)
{
	struct net *net = pw->pn->net;
	struct sk_buff *skb;

	if (!pw_nl_wanted(net, info))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (pw_nl_fill_pw(skb, pw, info ? info->snd_portid : 0,
			  info ? info->snd_seq : 0, 0, cmd, event)) {
		nlmsg_free(skb);
		return;
	}
	pw_nl_notify(net, skb, info);
}

void pw_nl_notify_ac(struct pw_ac *ac, u8 cmd, u32 event,
		     struct genl_info *info)
{
	struct net *net = ac->pn->net;
	struct sk_buff *skb;

	if (!pw_nl_wanted(net, info))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (pw_nl_fill_ac(skb, ac, info ? info->snd_portid : 0,
			  info ? info->snd_seq : 0, 0, cmd, event, false)) {
		nlmsg_free(skb);
		return;
	}
	pw_nl_notify(net, skb, info);
}

/* A reroute or holdoff timer started or expired. */
void pw_nl_notify_timer(struct pw_ac *ac, u32 event, u8 timer)
{
	struct net *net = ac->pn->net;
	struct sk_buff *skb;

	if (!pw_nl_wanted(net, NULL))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (pw_nl_fill_ac(skb, ac, 0, 0, 0, MPLS_PW_CMD_AC_GET, event,
			  false)) {
		nlmsg_free(skb);
		return;
	}
	/* the timer kind goes beside the event, in the same message */
	if (nla_put_u8(skb, MPLS_PW_A_TIMER, timer)) {
		nlmsg_free(skb);
		return;
	}
	nlmsg_end(skb, nlmsg_hdr(skb));
	pw_nl_notify(net, skb, NULL);
}

/* ---- AC commands ---- */

/* Apply the AC attributes of a request to @cfg and check the result;
 * nothing else changes.
 */
static int pw_nl_parse_ac_cfg(struct nlattr **tb, struct pw_ac *ac,
			      struct pw_ac_cfg *cfg,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *a;

	if (tb[MPLS_PW_AC_A_ARP_DUAL_SEND])
		cfg->arp_dual_send = nla_get_u8(tb[MPLS_PW_AC_A_ARP_DUAL_SEND]);
	if (tb[MPLS_PW_AC_A_ARP_EXPIRE])
		cfg->arp_expire = nla_get_u32(tb[MPLS_PW_AC_A_ARP_EXPIRE]);
	if (tb[MPLS_PW_AC_A_ND_DUAL_SEND])
		cfg->nd_dual_send = nla_get_u8(tb[MPLS_PW_AC_A_ND_DUAL_SEND]);
	if (tb[MPLS_PW_AC_A_ND_EXPIRE])
		cfg->nd_expire = nla_get_u32(tb[MPLS_PW_AC_A_ND_EXPIRE]);
	if (tb[MPLS_PW_AC_A_REDUNDANCY])
		cfg->redundancy = nla_get_u8(tb[MPLS_PW_AC_A_REDUNDANCY]);
	if (tb[MPLS_PW_AC_A_STATE])
		cfg->state = nla_get_u8(tb[MPLS_PW_AC_A_STATE]);
	if (tb[MPLS_PW_AC_A_DUAL_RECEIVE])
		cfg->dual_receive = nla_get_u8(tb[MPLS_PW_AC_A_DUAL_RECEIVE]);
	if (tb[MPLS_PW_AC_A_REROUTE])
		cfg->reroute = nla_get_u8(tb[MPLS_PW_AC_A_REROUTE]);
	if (tb[MPLS_PW_AC_A_REROUTE_DELAY]) {
		cfg->reroute_delay = nla_get_u32(tb[MPLS_PW_AC_A_REROUTE_DELAY]);
		if (!tb[MPLS_PW_AC_A_REROUTE])
			cfg->reroute = MPLS_PW_REROUTE_DELAY;
	}
	if (tb[MPLS_PW_AC_A_HOLDOFF])
		cfg->holdoff = nla_get_u32(tb[MPLS_PW_AC_A_HOLDOFF]);

	if (cfg->redundancy == MPLS_PW_REDUNDANCY_INDEPENDENT) {
		/* the far ends decide when to switch: as on the vendor's box */
		a = tb[MPLS_PW_AC_A_REROUTE] ?: tb[MPLS_PW_AC_A_REROUTE_DELAY];
		if (a) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "reroute cannot be set in independent mode: switchback is immediate");
			return -EINVAL;
		}
		a = tb[MPLS_PW_AC_A_HOLDOFF];
		if (a && cfg->holdoff) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "holdoff cannot be set in independent mode");
			return -EINVAL;
		}
		cfg->holdoff = 0;
	}
	if (cfg->dual_receive && ac && pw_slot(ac, MPLS_PW_ROLE_BYPASS)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPLS_PW_AC_A_DUAL_RECEIVE],
				    "stream-dual-receiving cannot be used with a bypass PW on the AC");
		return -EINVAL;
	}
	return 0;
}

/* The AC a request names, under RTNL and the pernet mutex. */
static struct pw_ac *pw_nl_get_ac(struct pw_net *pn, struct genl_info *info,
				  struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[MPLS_PW_A_AC];
	struct pw_ac *ac;

	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, MPLS_PW_AC_A_IFINDEX))
		return ERR_PTR(-EINVAL);
	ac = pw_ac_find(pn, nla_get_u32(tb[MPLS_PW_AC_A_IFINDEX]));
	if (!ac) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_AC_A_IFINDEX],
				    "Device is not an AC");
		return ERR_PTR(-ENOENT);
	}
	return ac;
}

static int pw_nl_ac_new(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct pw_net *pn = pw_net(net);
	struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct net_device *dev;
	struct pw_ac_cfg cfg;
	struct pw_ac *ac;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_AC, tb, MPLS_PW_AC_A_MAX,
			  pw_ac_policy);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[MPLS_PW_A_AC], tb,
			      MPLS_PW_AC_A_IFINDEX))
		return -EINVAL;
	pw_ac_cfg_default(&cfg);
	err = pw_nl_parse_ac_cfg(tb, NULL, &cfg, info->extack);
	if (err)
		return err;

	rtnl_lock();
	mutex_lock(&pn->lock);
	dev = __dev_get_by_index(net, nla_get_u32(tb[MPLS_PW_AC_A_IFINDEX]));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_AC_A_IFINDEX],
				    "No such device in this network namespace");
		err = -ENODEV;
		goto out;
	}
	if (pw_ac_find(pn, dev->ifindex)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_AC_A_IFINDEX],
				    "Device is already an AC");
		err = -EEXIST;
		goto out;
	}
	ac = pw_ac_create(pn, dev, &cfg, info->extack);
	if (IS_ERR(ac)) {
		err = PTR_ERR(ac);
		goto out;
	}
	pw_nl_notify_ac(ac, MPLS_PW_CMD_AC_GET, MPLS_PW_EVENT_NEW, info);
out:
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static int pw_nl_ac_set(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct pw_ac_cfg cfg;
	struct pw_ac *ac;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_AC, tb, MPLS_PW_AC_A_MAX,
			  pw_ac_policy);
	if (err)
		return err;

	rtnl_lock();
	mutex_lock(&pn->lock);
	ac = pw_nl_get_ac(pn, info, tb);
	if (IS_ERR(ac)) {
		err = PTR_ERR(ac);
		goto out;
	}
	cfg = ac->cfg;
	err = pw_nl_parse_ac_cfg(tb, ac, &cfg, info->extack);
	if (err)
		goto out;
	pw_nl_event(pn);
	ac->cfg = cfg;
	if (!cfg.arp_dual_send && !cfg.nd_dual_send)
		pw_ds_flush(ac);
	pn->gen++;
	pw_ac_update(ac);
	pw_nl_notify_ac(ac, MPLS_PW_CMD_AC_GET, MPLS_PW_EVENT_CHANGED, info);
out:
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static int pw_nl_ac_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct pw_ac *ac;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_AC, tb, MPLS_PW_AC_A_MAX,
			  pw_ac_policy);
	if (err)
		return err;

	rtnl_lock();
	mutex_lock(&pn->lock);
	ac = pw_nl_get_ac(pn, info, tb);
	if (IS_ERR(ac))
		err = PTR_ERR(ac);
	else
		pw_ac_remove(ac, info);
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static int pw_nl_ac_switchover(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct pw_ac *ac;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_AC, tb, MPLS_PW_AC_A_MAX,
			  pw_ac_policy);
	if (err)
		return err;

	rtnl_lock();
	mutex_lock(&pn->lock);
	ac = pw_nl_get_ac(pn, info, tb);
	if (IS_ERR(ac)) {
		err = PTR_ERR(ac);
	} else {
		pw_nl_event(pn);
		err = pw_ac_switchover(ac, info->extack);
	}
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static int pw_nl_ac_get(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct sk_buff *msg;
	struct pw_ac *ac;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_AC, tb, MPLS_PW_AC_A_MAX,
			  pw_ac_policy);
	if (err)
		return err;
	/* room for a full dual-sending cache */
	msg = genlmsg_new(32 * 1024, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&pn->lock);
	ac = pw_nl_get_ac(pn, info, tb);
	if (IS_ERR(ac))
		err = PTR_ERR(ac);
	else
		err = pw_nl_fill_ac(msg, ac, info->snd_portid, info->snd_seq,
				    0, MPLS_PW_CMD_AC_GET, 0, true);
	mutex_unlock(&pn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Dumps resume at the index in cb->args[0]; cb->seq carries the pernet
 * generation, so a change between two parts marks the dump interrupted.
 */
static int pw_nl_ac_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pw_net *pn = pw_net(sock_net(skb->sk));
	long idx = 0, start = cb->args[0];
	struct pw_ac *ac;

	mutex_lock(&pn->lock);
	cb->seq = pn->gen;
	list_for_each_entry(ac, &pn->acs, node) {
		if (idx < start) {
			idx++;
			continue;
		}
		if (pw_nl_fill_ac(skb, ac, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  MPLS_PW_CMD_AC_GET, 0, true))
			break;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		idx++;
	}
	mutex_unlock(&pn->lock);
	cb->args[0] = idx;
	return skb->len;
}

/* ---- PW commands ---- */

/* The (peer, vc-id) key of a PW nest. */
static int pw_nl_parse_key(struct nlattr **tb, const struct nlattr *nest,
			   struct pw_addr *peer, u32 *vc_id,
			   struct netlink_ext_ack *extack)
{
	if (!!tb[MPLS_PW_PW_A_PEER_IPV4] == !!tb[MPLS_PW_PW_A_PEER_IPV6]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "Need exactly one of peer IPv4 and peer IPv6");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, MPLS_PW_PW_A_VC_ID))
		return -EINVAL;
	memset(peer, 0, sizeof(*peer));
	if (tb[MPLS_PW_PW_A_PEER_IPV4]) {
		peer->family = AF_INET;
		peer->v4 = nla_get_in_addr(tb[MPLS_PW_PW_A_PEER_IPV4]);
	} else {
		peer->family = AF_INET6;
		peer->v6 = nla_get_in6_addr(tb[MPLS_PW_PW_A_PEER_IPV6]);
	}
	*vc_id = nla_get_u32(tb[MPLS_PW_PW_A_VC_ID]);
	return 0;
}

/* Tunnel labels, checked like af_mpls does: count, reserved values. */
static int pw_nl_parse_labels(const struct nlattr *attr, u32 *labels,
			      u8 *nlabels, struct netlink_ext_ack *extack)
{
	unsigned int len = nla_len(attr), n, i;
	const u32 *in = nla_data(attr);

	if (!len || len % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Tunnel labels must be an array of u32");
		return -EINVAL;
	}
	n = len / sizeof(u32);
	if (n == 1 && in[0] == MPLS_LABEL_IMPLNULL) {
		*nlabels = 0;
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (in[i] < MPLS_PW_LABEL_MIN || in[i] > MPLS_PW_LABEL_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "Tunnel label out of range 16..1048575");
			return -EINVAL;
		}
		labels[i] = in[i];
	}
	*nlabels = n;
	return 0;
}

static int pw_nl_parse_tunnel(struct net *net, const struct nlattr *attr,
			      struct pw_encap *encap,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MPLS_PW_TUNNEL_A_MAX + 1];
	struct net_device *dev;
	int err;

	err = nla_parse_nested(tb, MPLS_PW_TUNNEL_A_MAX, attr,
			       pw_tunnel_policy, extack);
	if (err)
		return err;
	encap->explicit = false;
	encap->nlabels = 0;
	encap->tun_ifindex = 0;
	memset(&encap->via, 0, sizeof(encap->via));
	if (!nla_len(attr))
		return 0;	/* empty: back to the FIB */

	if (!!tb[MPLS_PW_TUNNEL_A_VIA_IPV4] == !!tb[MPLS_PW_TUNNEL_A_VIA_IPV6]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Tunnel needs exactly one of via IPv4 and via IPv6");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, MPLS_PW_TUNNEL_A_IFINDEX))
		return -EINVAL;
	if (tb[MPLS_PW_TUNNEL_A_VIA_IPV4]) {
		encap->via.family = AF_INET;
		encap->via.v4 = nla_get_in_addr(tb[MPLS_PW_TUNNEL_A_VIA_IPV4]);
	} else {
		if (!IS_ENABLED(CONFIG_IPV6)) {
			NL_SET_ERR_MSG_MOD(extack, "IPv6 is not enabled");
			return -EAFNOSUPPORT;
		}
		encap->via.family = AF_INET6;
		encap->via.v6 = nla_get_in6_addr(tb[MPLS_PW_TUNNEL_A_VIA_IPV6]);
	}
	if (tb[MPLS_PW_TUNNEL_A_LABELS]) {
		err = pw_nl_parse_labels(tb[MPLS_PW_TUNNEL_A_LABELS],
					 encap->labels, &encap->nlabels, extack);
		if (err)
			return err;
	}
	dev = __dev_get_by_index(net, nla_get_u32(tb[MPLS_PW_TUNNEL_A_IFINDEX]));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPLS_PW_TUNNEL_A_IFINDEX],
				    "No such tunnel device in this network namespace");
		return -ENODEV;
	}
	if (dev->type != ARPHRD_ETHER) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPLS_PW_TUNNEL_A_IFINDEX],
				    "Tunnel device must be an Ethernet device");
		return -EINVAL;
	}
	encap->explicit = true;
	encap->tun_ifindex = dev->ifindex;
	encap->tun_dev = dev;
	return 0;
}

/*
 * Build the data-plane configuration a request asks for, starting from
 * @old (SET) or the defaults (NEW). The result holds its own reference on
 * the tunnel device; free it with pw_encap_free() if it is not used.
 */
static struct pw_encap *pw_nl_parse_encap(struct net *net, struct nlattr **tb,
					  const struct pw_encap *old,
					  struct netlink_ext_ack *extack)
{
	struct pw_encap *encap;
	int err;

	encap = old ? kmemdup(old, sizeof(*old), GFP_KERNEL) :
		      kzalloc(sizeof(*encap), GFP_KERNEL);
	if (!encap)
		return ERR_PTR(-ENOMEM);
	if (!old) {
		encap->ttl = 255;
		encap->mode = MPLS_PW_MODE_RAW;
	}
	if (tb[MPLS_PW_PW_A_REMOTE_LABEL])
		encap->remote_label = nla_get_u32(tb[MPLS_PW_PW_A_REMOTE_LABEL]);
	if (tb[MPLS_PW_PW_A_CONTROL_WORD])
		encap->cw = nla_get_u8(tb[MPLS_PW_PW_A_CONTROL_WORD]);
	if (tb[MPLS_PW_PW_A_TTL])
		encap->ttl = nla_get_u8(tb[MPLS_PW_PW_A_TTL]);
	if (tb[MPLS_PW_PW_A_MODE])
		encap->mode = nla_get_u8(tb[MPLS_PW_PW_A_MODE]);
	if (tb[MPLS_PW_PW_A_VLAN_ID])
		encap->vid = nla_get_u16(tb[MPLS_PW_PW_A_VLAN_ID]);
	if (tb[MPLS_PW_PW_A_TUNNEL]) {
		encap->tun_dev = NULL;
		err = pw_nl_parse_tunnel(net, tb[MPLS_PW_PW_A_TUNNEL], encap,
					 extack);
		if (err) {
			kfree(encap);
			return ERR_PTR(err);
		}
	}
	/* the copy needs a reference of its own */
	if (encap->tun_dev)
		netdev_hold(encap->tun_dev, &encap->tun_tracker, GFP_KERNEL);
	return encap;
}

/* The control-plane settings of a PW request, checked before any change. */
struct pw_nl_ctrl {
	struct pw_track track;
	bool admin_up;
	bool ignore_standby;
	bool status_on;
	u16 refresh;
	int remote;		/* enum mpls_pw_remote_status, -1: not given */
};

/* track-vrrp dev IF vrid N [pw-redundancy]; an empty nest: no tracking */
static int pw_nl_parse_track(struct net *net, const struct nlattr *attr,
			     struct pw_track *track,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MPLS_PW_TRACK_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, MPLS_PW_TRACK_A_MAX, attr, pw_track_policy,
			       extack);
	if (err)
		return err;
	memset(track, 0, sizeof(*track));
	if (!nla_len(attr))
		return 0;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, MPLS_PW_TRACK_A_IFINDEX) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, MPLS_PW_TRACK_A_VRID))
		return -EINVAL;
	track->ifindex = nla_get_u32(tb[MPLS_PW_TRACK_A_IFINDEX]);
	if (!__dev_get_by_index(net, track->ifindex)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPLS_PW_TRACK_A_IFINDEX],
				    "No such VRRP device in this network namespace");
		return -ENODEV;
	}
	track->vrid = nla_get_u8(tb[MPLS_PW_TRACK_A_VRID]);
	if (tb[MPLS_PW_TRACK_A_PW_REDUNDANCY])
		track->pw_redundancy =
			nla_get_u8(tb[MPLS_PW_TRACK_A_PW_REDUNDANCY]);
	return 0;
}

static int pw_nl_parse_ctrl(struct net *net, struct nlattr **tb,
			    const struct pw *pw, const struct pw_encap *encap,
			    const struct pw_ac *ac, struct pw_nl_ctrl *ctrl,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *a;

	ctrl->admin_up = pw ? pw->admin_up : true;
	ctrl->ignore_standby = pw ? pw->ignore_standby : false;
	ctrl->status_on = pw ? pw->status_on : false;
	ctrl->refresh = pw ? pw->refresh : MPLS_PW_REFRESH_DEFAULT;
	ctrl->remote = -1;
	if (pw)
		ctrl->track = pw->track;
	else
		memset(&ctrl->track, 0, sizeof(ctrl->track));

	a = tb[MPLS_PW_PW_A_TRACK_VRRP];
	if (a) {
		int err = pw_nl_parse_track(net, a, &ctrl->track, extack);

		if (err)
			return err;
	}

	if (tb[MPLS_PW_PW_A_ADMIN_UP])
		ctrl->admin_up = nla_get_u8(tb[MPLS_PW_PW_A_ADMIN_UP]);
	if (tb[MPLS_PW_PW_A_IGNORE_STANDBY])
		ctrl->ignore_standby = nla_get_u8(tb[MPLS_PW_PW_A_IGNORE_STANDBY]);
	if (tb[MPLS_PW_PW_A_STATUS_SIGNALING])
		ctrl->status_on = nla_get_u8(tb[MPLS_PW_PW_A_STATUS_SIGNALING]);
	if (tb[MPLS_PW_PW_A_REFRESH])
		ctrl->refresh = nla_get_u16(tb[MPLS_PW_PW_A_REFRESH]);
	if (tb[MPLS_PW_PW_A_REMOTE_STATUS])
		ctrl->remote = nla_get_u8(tb[MPLS_PW_PW_A_REMOTE_STATUS]);

	if (encap->mode == MPLS_PW_MODE_TAGGED && !encap->vid &&
	    !(ac && is_vlan_dev(ac->dev))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPLS_PW_PW_A_MODE] ?:
				    tb[MPLS_PW_PW_A_VLAN_ID],
				    "Tagged mode needs a VID: vlan VID, or a VLAN device as AC");
		return -EINVAL;
	}
	if (ctrl->status_on && !encap->cw) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPLS_PW_PW_A_STATUS_SIGNALING] ?:
				    tb[MPLS_PW_PW_A_CONTROL_WORD],
				    "status-signaling needs the control word: status travels in its associated channel");
		return -EINVAL;
	}
	return 0;
}

/* Commit what pw_nl_parse_ctrl() checked. */
static void pw_nl_apply_ctrl(struct pw *pw, const struct pw_nl_ctrl *ctrl)
{
	static const u32 remote_bits[] = {
		[MPLS_PW_REMOTE_ACTIVE] = 0,
		[MPLS_PW_REMOTE_STANDBY] = MPLS_PW_STATUS_STANDBY,
		[MPLS_PW_REMOTE_DOWN] = MPLS_PW_STATUS_NOT_FORWARDING,
	};
	bool status_changed = ctrl->status_on != pw->status_on ||
			      ctrl->refresh != pw->refresh;

	pw->admin_up = ctrl->admin_up;
	pw->ignore_standby = ctrl->ignore_standby;
	pw->track = ctrl->track;
	WRITE_ONCE(pw->refresh, ctrl->refresh);
	WRITE_ONCE(pw->status_on, ctrl->status_on);
	if (status_changed)
		pw_status_config(pw);
	if (ctrl->remote >= 0 && pw->status_rcvd != remote_bits[ctrl->remote]) {
		pw->status_rcvd = remote_bits[ctrl->remote];
		pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET,
				MPLS_PW_EVENT_STATUS_RCVD, NULL);
	}
}

/* The AC and role a PW request asks for (NULL AC: none). */
static int pw_nl_parse_place(struct pw_net *pn, struct nlattr **tb,
			     struct pw *pw, struct pw_ac **acp, u8 *rolep,
			     struct netlink_ext_ack *extack)
{
	struct pw_ac *ac = pw ? rcu_dereference_protected(pw->ac,
				lockdep_is_held(&pn->lock)) : NULL;
	u8 role = pw ? pw->role : MPLS_PW_ROLE_PRIMARY;
	struct nlattr *a = tb[MPLS_PW_PW_A_IFINDEX];

	if (a) {
		ac = pw_ac_find(pn, nla_get_u32(a));
		if (!ac) {
			if (__dev_get_by_index(pn->net, nla_get_u32(a)))
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "Device is not an AC: add it with \"ac add\" first");
			else
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "No such device in this network namespace");
			return -ENODEV;
		}
	}
	if (tb[MPLS_PW_PW_A_ROLE])
		role = nla_get_u8(tb[MPLS_PW_PW_A_ROLE]);
	else if (!pw)
		role = ac ? MPLS_PW_ROLE_PRIMARY : MPLS_PW_ROLE_NONE;
	else if (!ac)
		role = MPLS_PW_ROLE_NONE;

	if (ac && role == MPLS_PW_ROLE_NONE) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPLS_PW_PW_A_ROLE],
				    "A PW on an AC needs a role");
		return -EINVAL;
	}
	if (!ac && role != MPLS_PW_ROLE_NONE) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPLS_PW_PW_A_ROLE],
				    "A primary, secondary or bypass PW needs an AC (dev)");
		return -EINVAL;
	}
	if (ac && pw_slot(ac, role) && pw_slot(ac, role) != pw) {
		NL_SET_ERR_MSG_ATTR(extack, a ?: tb[MPLS_PW_PW_A_ROLE],
				    "The AC already has a PW in this role");
		return -EEXIST;
	}
	if (ac && role == MPLS_PW_ROLE_BYPASS && ac->cfg.dual_receive) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPLS_PW_PW_A_ROLE],
				    "A bypass PW cannot join an AC with stream-dual-receiving");
		return -EINVAL;
	}
	if (pw && rcu_access_pointer(pw->partner) && ac) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "The PW is switched: delete the switch first");
		return -EBUSY;
	}
	*acp = ac;
	*rolep = role;
	return 0;
}

static int pw_nl_check_label(struct pw_net *pn, struct nlattr *a,
			     struct netlink_ext_ack *extack)
{
	if (pw_find_label(pn, nla_get_u32(a))) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "Local label already in use in this network namespace");
		return -EEXIST;
	}
	return 0;
}

static int pw_nl_pw_new(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct pw_net *pn = pw_net(net);
	struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];
	struct nlattr *nest = info->attrs[MPLS_PW_A_PW];
	struct pw_nl_ctrl ctrl;
	struct pw_encap *encap;
	struct pw_addr peer;
	struct pw_ac *ac;
	struct pw *pw;
	u32 vc_id;
	u8 role;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_PW, tb, MPLS_PW_PW_A_MAX,
			  pw_pw_policy);
	if (err)
		return err;
	err = pw_nl_parse_key(tb, nest, &peer, &vc_id, info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, MPLS_PW_PW_A_LOCAL_LABEL) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb, MPLS_PW_PW_A_REMOTE_LABEL))
		return -EINVAL;

	rtnl_lock();
	mutex_lock(&pn->lock);
	if (pw_find(pn, &peer, vc_id)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_PW_A_VC_ID],
				    "A PW with this peer and vc-id exists");
		err = -EEXIST;
		goto out;
	}
	err = pw_nl_check_label(pn, tb[MPLS_PW_PW_A_LOCAL_LABEL], info->extack);
	if (err)
		goto out;
	err = pw_nl_parse_place(pn, tb, NULL, &ac, &role, info->extack);
	if (err)
		goto out;
	encap = pw_nl_parse_encap(net, tb, NULL, info->extack);
	if (IS_ERR(encap)) {
		err = PTR_ERR(encap);
		goto out;
	}
	err = pw_nl_parse_ctrl(net, tb, NULL, encap, ac, &ctrl, info->extack);
	if (err)
		goto out_encap;
	pw = pw_create(pn, &peer, vc_id,
		       nla_get_u32(tb[MPLS_PW_PW_A_LOCAL_LABEL]));
	if (!pw) {
		err = -ENOMEM;
		goto out_encap;
	}
	/* nothing can fail from here on */
	pw_nl_event(pn);
	pw->role = role;
	RCU_INIT_POINTER(pw->encap, encap);
	pw_link(pw);
	pw_nl_apply_ctrl(pw, &ctrl);
	if (ac)
		pw_ac_attach(ac, pw);
	else
		pw_update(pw);
	pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET, MPLS_PW_EVENT_NEW, info);
	goto out;
out_encap:
	pw_encap_free(encap);
out:
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static struct pw *pw_nl_get_pw(struct pw_net *pn, struct genl_info *info,
			       struct nlattr **tb)
{
	struct pw_addr peer;
	struct pw *pw;
	u32 vc_id;
	int err;

	err = pw_nl_parse_key(tb, info->attrs[MPLS_PW_A_PW], &peer, &vc_id,
			      info->extack);
	if (err)
		return ERR_PTR(err);
	pw = pw_find(pn, &peer, vc_id);
	if (!pw) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_PW_A_VC_ID],
				    "No PW with this peer and vc-id");
		return ERR_PTR(-ENOENT);
	}
	return pw;
}

static int pw_nl_pw_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct pw_net *pn = pw_net(net);
	struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];
	struct pw_encap *encap;
	struct pw_ac *ac, *old_ac;
	struct pw_nl_ctrl ctrl;
	struct nlattr *label;
	struct pw *pw;
	u8 role;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_PW, tb, MPLS_PW_PW_A_MAX,
			  pw_pw_policy);
	if (err)
		return err;

	rtnl_lock();
	mutex_lock(&pn->lock);
	pw = pw_nl_get_pw(pn, info, tb);
	if (IS_ERR(pw)) {
		err = PTR_ERR(pw);
		goto out;
	}
	label = tb[MPLS_PW_PW_A_LOCAL_LABEL];
	if (label && nla_get_u32(label) != pw->local_label) {
		err = pw_nl_check_label(pn, label, info->extack);
		if (err)
			goto out;
	}
	err = pw_nl_parse_place(pn, tb, pw, &ac, &role, info->extack);
	if (err)
		goto out;
	encap = pw_nl_parse_encap(net, tb, rcu_dereference_protected(pw->encap,
					lockdep_is_held(&pn->lock)),
				  info->extack);
	if (IS_ERR(encap)) {
		err = PTR_ERR(encap);
		goto out;
	}
	err = pw_nl_parse_ctrl(net, tb, pw, encap, ac, &ctrl, info->extack);
	if (err) {
		pw_encap_free(encap);
		goto out;
	}

	/* validated: commit */
	pw_nl_event(pn);
	if (label && nla_get_u32(label) != pw->local_label)
		pw_set_label(pw, nla_get_u32(label));
	old_ac = rcu_dereference_protected(pw->ac, lockdep_is_held(&pn->lock));
	if (old_ac != ac || role != pw->role) {
		pw_ac_detach(pw);
		pw->role = role;
	}
	pw_set_encap(pw, encap);
	pw_nl_apply_ctrl(pw, &ctrl);
	if (ac && !rcu_access_pointer(pw->ac))
		pw_ac_attach(ac, pw);
	else
		pw_update(pw);
	pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET, MPLS_PW_EVENT_CHANGED, info);
out:
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static int pw_nl_pw_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];
	struct pw *pw;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_PW, tb, MPLS_PW_PW_A_MAX,
			  pw_pw_policy);
	if (err)
		return err;

	rtnl_lock();
	mutex_lock(&pn->lock);
	pw = pw_nl_get_pw(pn, info, tb);
	if (IS_ERR(pw)) {
		err = PTR_ERR(pw);
	} else {
		pw_nl_event(pn);
		pw_remove(pw, info);
	}
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static int pw_nl_pw_get(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];
	struct sk_buff *msg;
	struct pw *pw;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_PW, tb, MPLS_PW_PW_A_MAX,
			  pw_pw_policy);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&pn->lock);
	pw = pw_nl_get_pw(pn, info, tb);
	if (IS_ERR(pw))
		err = PTR_ERR(pw);
	else
		err = pw_nl_fill_pw(msg, pw, info->snd_portid, info->snd_seq,
				    0, MPLS_PW_CMD_PW_GET, 0);
	mutex_unlock(&pn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* A dump may be narrowed to one AC (ifindex) or one peer. */
static bool pw_nl_dump_match(const struct pw *pw, struct nlattr **tb)
{
	struct pw_ac *ac = rcu_dereference_protected(pw->ac,
				lockdep_is_held(&pw->pn->lock));

	if (tb[MPLS_PW_PW_A_IFINDEX] &&
	    (!ac || ac->dev->ifindex != nla_get_u32(tb[MPLS_PW_PW_A_IFINDEX])))
		return false;
	if (tb[MPLS_PW_PW_A_PEER_IPV4] &&
	    (pw->peer.family != AF_INET ||
	     pw->peer.v4 != nla_get_in_addr(tb[MPLS_PW_PW_A_PEER_IPV4])))
		return false;
	if (tb[MPLS_PW_PW_A_PEER_IPV6] &&
	    (pw->peer.family != AF_INET6 ||
	     !ipv6_addr_equal(&pw->peer.v6,
			      nla_data(tb[MPLS_PW_PW_A_PEER_IPV6]))))
		return false;
	return true;
}

static int pw_nl_pw_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pw_net *pn = pw_net(sock_net(skb->sk));
	struct nlattr *tb[MPLS_PW_PW_A_MAX + 1] = {};
	struct nlattr **attrs = pw_dump_attrs(cb);
	long idx = 0, start = cb->args[0];
	struct pw *pw;
	int err;

	if (attrs && attrs[MPLS_PW_A_PW]) {
		err = nla_parse_nested(tb, MPLS_PW_PW_A_MAX, attrs[MPLS_PW_A_PW],
				       pw_pw_policy, cb->extack);
		if (err)
			return err;
	}

	mutex_lock(&pn->lock);
	cb->seq = pn->gen;
	list_for_each_entry(pw, &pn->pws, node) {
		if (!pw_nl_dump_match(pw, tb))
			continue;
		if (idx < start) {
			idx++;
			continue;
		}
		if (pw_nl_fill_pw(skb, pw, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  MPLS_PW_CMD_PW_GET, 0))
			break;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		idx++;
	}
	mutex_unlock(&pn->lock);
	cb->args[0] = idx;
	return skb->len;
}

/* ---- VRRP groups ---- */

static int pw_nl_fill_vrrp(struct sk_buff *skb, struct pw_net *pn,
			   const struct pw_vrrp *v, u32 portid, u32 seq,
			   int flags)
{
	struct net_device *dev = __dev_get_by_index(pn->net, v->ifindex);
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &pw_nl_family, flags,
			  MPLS_PW_CMD_VRRP_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, MPLS_PW_A_VRRP);
	if (!nest ||
	    nla_put_u32(skb, MPLS_PW_VRRP_A_IFINDEX, v->ifindex) ||
	    nla_put_u8(skb, MPLS_PW_VRRP_A_VRID, v->vrid) ||
	    nla_put_u8(skb, MPLS_PW_VRRP_A_STATE, v->state) ||
	    (dev && nla_put_string(skb, MPLS_PW_VRRP_A_IFNAME, dev->name))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

static int pw_nl_vrrp_key(struct genl_info *info, struct nlattr **tb,
			  bool need_state)
{
	struct nlattr *nest = info->attrs[MPLS_PW_A_VRRP];
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_VRRP, tb, MPLS_PW_VRRP_A_MAX,
			  pw_vrrp_policy);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, MPLS_PW_VRRP_A_IFINDEX) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb, MPLS_PW_VRRP_A_VRID) ||
	    (need_state &&
	     NL_REQ_ATTR_CHECK(info->extack, nest, tb, MPLS_PW_VRRP_A_STATE)))
		return -EINVAL;
	return 0;
}

static int pw_nl_vrrp_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct pw_net *pn = pw_net(net);
	struct nlattr *tb[MPLS_PW_VRRP_A_MAX + 1];
	int err;

	err = pw_nl_vrrp_key(info, tb, true);
	if (err)
		return err;
	rtnl_lock();
	mutex_lock(&pn->lock);
	if (!__dev_get_by_index(net, nla_get_u32(tb[MPLS_PW_VRRP_A_IFINDEX]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_VRRP_A_IFINDEX],
				    "No such device in this network namespace");
		err = -ENODEV;
	} else {
		pw_nl_event(pn);
		err = pw_vrrp_set(pn, nla_get_u32(tb[MPLS_PW_VRRP_A_IFINDEX]),
				  nla_get_u8(tb[MPLS_PW_VRRP_A_VRID]),
				  nla_get_u8(tb[MPLS_PW_VRRP_A_STATE]));
	}
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static int pw_nl_vrrp_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct nlattr *tb[MPLS_PW_VRRP_A_MAX + 1];
	struct pw_vrrp *v;
	int err;

	err = pw_nl_vrrp_key(info, tb, false);
	if (err)
		return err;
	rtnl_lock();
	mutex_lock(&pn->lock);
	v = pw_vrrp_find(pn, nla_get_u32(tb[MPLS_PW_VRRP_A_IFINDEX]),
			 nla_get_u8(tb[MPLS_PW_VRRP_A_VRID]));
	if (!v) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_VRRP_A_VRID],
				    "No such VRRP group");
		err = -ENOENT;
	} else {
		pw_nl_event(pn);
		pw_vrrp_del(pn, v);
	}
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static int pw_nl_vrrp_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pw_net *pn = pw_net(sock_net(skb->sk));
	long idx = 0, start = cb->args[0];
	struct pw_vrrp *v;

	mutex_lock(&pn->lock);
	cb->seq = pn->gen;
	list_for_each_entry(v, &pn->vrrps, node) {
		if (idx < start) {
			idx++;
			continue;
		}
		if (pw_nl_fill_vrrp(skb, pn, v, NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		idx++;
	}
	mutex_unlock(&pn->lock);
	cb->args[0] = idx;
	return skb->len;
}

/* ---- PW switching ---- */

/* The two PWs a switch request names; both must exist. */
static int pw_nl_switch_pws(struct pw_net *pn, struct genl_info *info,
			    struct pw **pws)
{
	struct nlattr *tb[MPLS_PW_SWITCH_A_MAX + 1];
	struct nlattr *nest = info->attrs[MPLS_PW_A_SWITCH];
	struct nlattr *a;
	int rem, n = 0, err;

	err = pw_nl_parse(info, MPLS_PW_A_SWITCH, tb, MPLS_PW_SWITCH_A_MAX,
			  pw_switch_policy);
	if (err)
		return err;
	nla_for_each_nested(a, nest, rem) {
		struct nlattr *ptb[MPLS_PW_PW_A_MAX + 1];
		struct pw_addr peer;
		u32 vc_id;

		if (nla_type(a) != MPLS_PW_SWITCH_A_PW)
			continue;
		if (n == 2) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "A switch joins exactly two PWs");
			return -EINVAL;
		}
		err = nla_parse_nested(ptb, MPLS_PW_PW_A_MAX, a, pw_pw_policy,
				       info->extack);
		if (err)
			return err;
		err = pw_nl_parse_key(ptb, a, &peer, &vc_id, info->extack);
		if (err)
			return err;
		pws[n] = pw_find(pn, &peer, vc_id);
		if (!pws[n]) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "No PW with this peer and vc-id");
			return -ENOENT;
		}
		n++;
	}
	if (n != 2) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "A switch joins exactly two PWs");
		return -EINVAL;
	}
	if (pws[0] == pws[1]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "A PW cannot be switched to itself");
		return -EINVAL;
	}
	return 0;
}

static int pw_nl_switch_new(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct pw *pws[2];
	int err, i;

	rtnl_lock();
	mutex_lock(&pn->lock);
	err = pw_nl_switch_pws(pn, info, pws);
	for (i = 0; !err && i < 2; i++) {
		if (rcu_access_pointer(pws[i]->ac)) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "A switched PW cannot have an AC");
			err = -EBUSY;
		} else if (rcu_access_pointer(pws[i]->partner)) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "The PW is already switched");
			err = -EEXIST;
		}
	}
	if (!err) {
		pw_nl_event(pn);
		pw_switch_link(pws[0], pws[1]);
		pw_nl_notify_pw(pws[0], MPLS_PW_CMD_PW_GET,
				MPLS_PW_EVENT_CHANGED, info);
		pw_nl_notify_pw(pws[1], MPLS_PW_CMD_PW_GET,
				MPLS_PW_EVENT_CHANGED, NULL);
	}
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static int pw_nl_switch_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct pw *pws[2];
	int err;

	rtnl_lock();
	mutex_lock(&pn->lock);
	err = pw_nl_switch_pws(pn, info, pws);
	if (!err && rcu_access_pointer(pws[0]->partner) != pws[1]) {
		NL_SET_ERR_MSG_MOD(info->extack, "These PWs are not switched");
		err = -ENOENT;
	}
	if (!err) {
		pw_nl_event(pn);
		pw_switch_unlink(pws[0]);
		pw_update(pws[0]);
	}
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

static int pw_nl_fill_switch(struct sk_buff *skb, struct pw *pw, u32 portid,
			     u32 seq, int flags)
{
	struct pw *other = rcu_dereference_protected(pw->partner,
					lockdep_is_held(&pw->pn->lock));
	struct nlattr *nest, *pn1, *pn2;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &pw_nl_family, flags,
			  MPLS_PW_CMD_SWITCH_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, MPLS_PW_A_SWITCH);
	if (!nest)
		goto cancel;
	pn1 = nla_nest_start(skb, MPLS_PW_SWITCH_A_PW);
	if (!pn1 || pw_nl_put_key(skb, pw))
		goto cancel;
	nla_nest_end(skb, pn1);
	pn2 = nla_nest_start(skb, MPLS_PW_SWITCH_A_PW);
	if (!pn2 || pw_nl_put_key(skb, other))
		goto cancel;
	nla_nest_end(skb, pn2);
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int pw_nl_switch_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pw_net *pn = pw_net(sock_net(skb->sk));
	long idx = 0, start = cb->args[0];
	struct pw *pw;

	mutex_lock(&pn->lock);
	cb->seq = pn->gen;
	list_for_each_entry(pw, &pn->pws, node) {
		if (!rcu_access_pointer(pw->partner) || !pw->switch_first)
			continue;
		if (idx < start) {
			idx++;
			continue;
		}
		if (pw_nl_fill_switch(skb, pw, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		idx++;
	}
	mutex_unlock(&pn->lock);
	cb->args[0] = idx;
	return skb->len;
}

/* ---- netns counters ---- */

static int pw_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &pw_nl_family, 0,
				MPLS_PW_CMD_STATS_GET);
	if (!hdr || pw_nl_put_stats(msg, MPLS_PW_A_STATS, pn->stats)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct genl_ops pw_nl_ops[] = {
	{
		.cmd = MPLS_PW_CMD_AC_NEW,
		.doit = pw_nl_ac_new,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_AC_SET,
		.doit = pw_nl_ac_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_AC_DEL,
		.doit = pw_nl_ac_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_AC_GET,
		.doit = pw_nl_ac_get,
		.dumpit = pw_nl_ac_dump,
	}, {
		.cmd = MPLS_PW_CMD_AC_SWITCHOVER,
		.doit = pw_nl_ac_switchover,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_PW_NEW,
		.doit = pw_nl_pw_new,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_PW_SET,
		.doit = pw_nl_pw_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_PW_DEL,
		.doit = pw_nl_pw_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_PW_GET,
		.doit = pw_nl_pw_get,
		.dumpit = pw_nl_pw_dump,
	}, {
		.cmd = MPLS_PW_CMD_SWITCH_NEW,
		.doit = pw_nl_switch_new,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_SWITCH_DEL,
		.doit = pw_nl_switch_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_SWITCH_GET,
		.dumpit = pw_nl_switch_dump,
	}, {
		.cmd = MPLS_PW_CMD_VRRP_SET,
		.doit = pw_nl_vrrp_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_VRRP_GET,
		.dumpit = pw_nl_vrrp_dump,
	}, {
		.cmd = MPLS_PW_CMD_STATS_GET,
		.doit = pw_nl_stats_get,
	}, {
		.cmd = MPLS_PW_CMD_VRRP_DEL,
		.doit = pw_nl_vrrp_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group pw_nl_mcgrps[] = {
	{ .name = MPLS_PW_MCGRP_EVENTS },
};

static struct genl_family pw_nl_family __ro_after_init = {
	.name		= MPLS_PW_GENL_NAME,
	.version	= MPLS_PW_GENL_VERSION,
	.maxattr	= MPLS_PW_A_MAX,
	.policy		= pw_nl_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= pw_nl_ops,
	.n_ops		= ARRAY_SIZE(pw_nl_ops),
	.mcgrps		= pw_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(pw_nl_mcgrps),
};

int __init pw_nl_init(void)
{
	int err = genl_register_family(&pw_nl_family);

	WRITE_ONCE(pw_nl_live, !err);
	return err;
}

void pw_nl_exit(void)
{
	WRITE_ONCE(pw_nl_live, false);
	genl_unregister_family(&pw_nl_family);
}
