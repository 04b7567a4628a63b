// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: the "mpls_pw" generic netlink family.
 *
 * Every change runs under RTNL and the pernet mutex (pw_nl_change()): it
 * is parsed and checked whole before anything is touched, then committed,
 * then notified. Object attributes are filled by one function per object,
 * shared by replies (pw_nl_reply()), dumps (pw_nl_dump_list()) and
 * notifications (pw_nl_notify_new(), pw_nl_notify()).
 */
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/mpls.h>

#include "compat.h"
#include "netlink.h"
#include "pw.h"

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

const struct nla_policy pw_ac_policy[MPLS_PW_AC_A_MAX + 1] = {
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

const struct nla_policy pw_tunnel_policy[MPLS_PW_TUNNEL_A_MAX + 1] = {
	[MPLS_PW_TUNNEL_A_VIA_IPV4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[MPLS_PW_TUNNEL_A_VIA_IPV6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[MPLS_PW_TUNNEL_A_IFINDEX]	= { .type = NLA_U32 },
	[MPLS_PW_TUNNEL_A_LABELS]	= { .type = NLA_BINARY,
					    .len = MPLS_PW_TUNNEL_LABELS_MAX * sizeof(u32) },
	[MPLS_PW_TUNNEL_A_IFNAME]	= PW_NLA_READ_ONLY,
};

const struct nla_policy pw_track_policy[MPLS_PW_TRACK_A_MAX + 1] = {
	[MPLS_PW_TRACK_A_IFINDEX]	= { .type = NLA_U32 },
	[MPLS_PW_TRACK_A_VRID]		= NLA_POLICY_MIN(NLA_U8, 1),
	[MPLS_PW_TRACK_A_PW_REDUNDANCY]	= PW_NLA_BOOL,
	[MPLS_PW_TRACK_A_IFNAME]	= PW_NLA_READ_ONLY,
};

const struct nla_policy pw_pw_policy[MPLS_PW_PW_A_MAX + 1] = {
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

const struct nla_policy pw_switch_policy[MPLS_PW_SWITCH_A_MAX + 1] = {
	[MPLS_PW_SWITCH_A_PW]		= NLA_POLICY_NESTED(pw_pw_policy),
};

const struct nla_policy pw_vrrp_policy[MPLS_PW_VRRP_A_MAX + 1] = {
	[MPLS_PW_VRRP_A_IFINDEX]	= { .type = NLA_U32 },
	[MPLS_PW_VRRP_A_VRID]		= NLA_POLICY_MIN(NLA_U8, 1),
	[MPLS_PW_VRRP_A_STATE]		= NLA_POLICY_MAX(NLA_U8, MPLS_PW_VRRP_MASTER),
	[MPLS_PW_VRRP_A_IFNAME]		= PW_NLA_READ_ONLY,
};

const struct nla_policy pw_link_policy[MPLS_PW_LINK_A_MAX + 1] = {
	[MPLS_PW_LINK_A_IFINDEX]	= { .type = NLA_U32 },
	[MPLS_PW_LINK_A_IFNAME]		= PW_NLA_READ_ONLY,
	[MPLS_PW_LINK_A_MPLS_INPUT]	= PW_NLA_BOOL,
};

const struct nla_policy pw_net_policy[MPLS_PW_NET_A_MAX + 1] = {
	[MPLS_PW_NET_A_MAX_PWS]		= { .type = NLA_U32 },
	[MPLS_PW_NET_A_PWS]		= PW_NLA_READ_ONLY,
	[MPLS_PW_NET_A_ACS]		= PW_NLA_READ_ONLY,
};

static const struct nla_policy pw_nl_policy[MPLS_PW_A_MAX + 1] = {
	[MPLS_PW_A_AC]		= NLA_POLICY_NESTED(pw_ac_policy),
	[MPLS_PW_A_PW]		= NLA_POLICY_NESTED(pw_pw_policy),
	[MPLS_PW_A_SWITCH]	= NLA_POLICY_NESTED(pw_switch_policy),
	[MPLS_PW_A_VRRP]	= NLA_POLICY_NESTED(pw_vrrp_policy),
	[MPLS_PW_A_EVENT]	= PW_NLA_READ_ONLY,
	[MPLS_PW_A_STATS]	= PW_NLA_READ_ONLY,
	[MPLS_PW_A_TIMER]	= PW_NLA_READ_ONLY,
	[MPLS_PW_A_LINK]	= NLA_POLICY_NESTED(pw_link_policy),
	[MPLS_PW_A_NET]		= NLA_POLICY_NESTED(pw_net_policy),
};

/* Parse the object nest @top of a request into @tb. */
int pw_nl_parse(struct genl_info *info, int top, struct nlattr **tb,
		int max, const struct nla_policy *policy)
{
	if (PW_NL_REQUIRE(info->extack, NULL, info->attrs, top,
			  "Missing the object's attribute nest"))
		return -EINVAL;
	return nla_parse_nested(tb, max, info->attrs[top], policy,
				info->extack);
}

/* ---- counters ---- */

int pw_nl_put_stats(struct sk_buff *skb, int type,
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

int pw_nl_put_addr(struct sk_buff *skb, int v4, int v6,
		   const struct pw_addr *a)
{
	if (a->family == AF_INET)
		return nla_put_in_addr(skb, v4, a->v4);
	return nla_put_in6_addr(skb, v6, &a->v6);
}

int pw_nl_put_key(struct sk_buff *skb, const struct pw *pw)
{
	if (pw_nl_put_addr(skb, MPLS_PW_PW_A_PEER_IPV4, MPLS_PW_PW_A_PEER_IPV6,
			   &pw->peer) ||
	    nla_put_u32(skb, MPLS_PW_PW_A_VC_ID, pw->vc_id))
		return -EMSGSIZE;
	return 0;
}

/* A tunnel or next hop nest: via, device, labels. */
int pw_nl_put_hop(struct sk_buff *skb, int type,
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

int pw_nl_put_track(struct sk_buff *skb, struct pw_net *pn,
		    const struct pw_track *track)
{
	struct nlattr *nest = nla_nest_start(skb, MPLS_PW_PW_A_TRACK_VRRP);

	if (!nest ||
	    nla_put_u32(skb, MPLS_PW_TRACK_A_IFINDEX, track->ifindex) ||
	    nla_put_u8(skb, MPLS_PW_TRACK_A_VRID, track->vrid) ||
	    nla_put_u8(skb, MPLS_PW_TRACK_A_PW_REDUNDANCY, track->pw_redundancy) ||
	    (!track->gone &&
	     pw_nl_put_ifname(skb, pn->net, MPLS_PW_TRACK_A_IFNAME,
			      track->ifindex)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The name of @ifindex, if it still exists; no RTNL needed. */
int pw_nl_put_ifname(struct sk_buff *skb, struct net *net, int type,
		     int ifindex)
{
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	if (dev)
		err = nla_put_string(skb, type, dev->name);
	rcu_read_unlock();
	return err;
}

/* ---- requests, replies and dumps ---- */

/*
 * Run a change request: @fn runs under RTNL and then the pernet mutex, the
 * order pw.h gives, and returns the request's result.
 */
int pw_nl_change(struct genl_info *info,
		 int (*fn)(struct pw_net *pn, struct genl_info *info))
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	int err;

	rtnl_lock();
	mutex_lock(&pn->lock);
	err = fn(pn, info);
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	return err;
}

/*
 * Answer a request with one object: @fill finds it and puts it in @msg,
 * a message of @size, under the pernet mutex.
 */
int pw_nl_reply(struct genl_info *info, size_t size,
		int (*fill)(struct sk_buff *msg, struct pw_net *pn,
			    struct genl_info *info))
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&pn->lock);
	err = fill(msg, pn, info);
	mutex_unlock(&pn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Dump the objects on @head, a list of the pernet state, under its mutex:
 * those @match (NULL: all) takes, each put by @fill as an NLM_F_MULTI
 * message. A dump resumes at the index in cb->args[0], counting only what
 * @match takes; cb->seq carries the pernet generation, so a change between
 * two parts marks the dump interrupted (NLM_F_DUMP_INTR).
 */
int pw_nl_dump_list(struct sk_buff *skb, struct netlink_callback *cb,
		    struct list_head *head,
		    bool (*match)(struct list_head *node, void *arg),
		    int (*fill)(struct sk_buff *skb, struct list_head *node,
				u32 portid, u32 seq, void *arg),
		    void *arg)
{
	struct pw_net *pn = pw_net(sock_net(skb->sk));
	long idx = 0, start = cb->args[0];
	struct list_head *node;

	mutex_lock(&pn->lock);
	cb->seq = pn->gen;
	list_for_each(node, head) {
		unsigned char *mark = skb_tail_pointer(skb);

		if (match && !match(node, arg))
			continue;
		if (idx < start) {
			idx++;
			continue;
		}
		if (fill(skb, node, NETLINK_CB(cb->skb).portid,
			 cb->nlh->nlmsg_seq, arg)) {
			/* an object that does not fit a message of its own
			 * would end the dump early without a word
			 */
			if (!skb->len) {
				mutex_unlock(&pn->lock);
				return -EMSGSIZE;
			}
			break;
		}
		/*
		 * The room min_dump_alloc made is for one big object: a
		 * reader with a buffer of a page (the minimum netlink asks
		 * for) would lose the rest of a fuller message.
		 */
		if (cb->min_dump_alloc > NLMSG_GOODSIZE &&
		    mark != skb->data && skb->len > NLMSG_GOODSIZE) {
			nlmsg_trim(skb, mark);
			break;
		}
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		idx++;
	}
	mutex_unlock(&pn->lock);
	cb->args[0] = idx;
	return skb->len;
}

/* ---- notifications ---- */

/* Cleared before the family goes away: module unload still notifies. */
static bool pw_nl_live __read_mostly;

/* The time of the event a request is (for switchover latency). */
void pw_nl_event(struct pw_net *pn)
{
	pn->event_ns = ktime_get_ns();
}

/*
 * A message for a notification to the "events" group, and to the
 * requester (@info, NULL for events of our own) if it asked for an echo;
 * NULL when nobody listens or there is no memory.
 */
struct sk_buff *pw_nl_notify_new(struct net *net, struct genl_info *info)
{
	if (!READ_ONCE(pw_nl_live))
		return NULL;
	if (!(info && nlmsg_report(info->nlhdr)) &&
	    !genl_has_listeners(&pw_nl_family, net, 0))
		return NULL;
	return genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
}

/*
 * Send a message from pw_nl_notify_new(), or free it if filling it failed
 * (@err). Process context, pernet mutex held.
 */
void pw_nl_notify(struct net *net, struct sk_buff *skb,
		  struct genl_info *info, int err)
{
	if (err)
		nlmsg_free(skb);
	else if (info)
		genl_notify(&pw_nl_family, skb, info, 0, GFP_KERNEL);
	else
		genlmsg_multicast_netns(&pw_nl_family, net, skb, 0, 0,
					GFP_KERNEL);
}

void pw_nl_notify_pw(struct pw *pw, u8 cmd, u32 event,
		     struct genl_info *info)
{
	struct net *net = pw->pn->net;
	struct sk_buff *skb;
	int err;

	skb = pw_nl_notify_new(net, info);
	if (!skb)
		return;
	err = pw_nl_fill_pw(skb, pw, info ? info->snd_portid : 0,
			    info ? info->snd_seq : 0, 0, cmd, event);
	pw_nl_notify(net, skb, info, err);
}

void pw_nl_notify_ac(struct pw_ac *ac, u8 cmd, u32 event,
		     struct genl_info *info)
{
	struct net *net = ac->pn->net;
	struct sk_buff *skb;
	int err;

	skb = pw_nl_notify_new(net, info);
	if (!skb)
		return;
	err = pw_nl_fill_ac(skb, ac, info ? info->snd_portid : 0,
			    info ? info->snd_seq : 0, 0, cmd, event, false);
	pw_nl_notify(net, skb, info, err);
}

/* A reroute or holdoff timer started or expired. */
void pw_nl_notify_timer(struct pw_ac *ac, u32 event, u8 timer)
{
	struct net *net = ac->pn->net;
	struct sk_buff *skb;
	int err;

	skb = pw_nl_notify_new(net, NULL);
	if (!skb)
		return;
	err = pw_nl_fill_ac(skb, ac, 0, 0, 0, MPLS_PW_CMD_AC_GET, event,
			    false);
	/* the timer kind goes beside the event, in the same message */
	if (!err)
		err = nla_put_u8(skb, MPLS_PW_A_TIMER, timer);
	if (!err)
		nlmsg_end(skb, nlmsg_hdr(skb));
	pw_nl_notify(net, skb, NULL, err);
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
		.start = pw_nl_ac_dump_start,
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
	}, {
		.cmd = MPLS_PW_CMD_LINK_SET,
		.doit = pw_nl_link_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_LINK_GET,
		.doit = pw_nl_link_get,
		.dumpit = pw_nl_link_dump,
	}, {
		.cmd = MPLS_PW_CMD_NET_SET,
		.doit = pw_nl_net_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MPLS_PW_CMD_NET_GET,
		.doit = pw_nl_net_get,
	},
};

static const struct genl_multicast_group pw_nl_mcgrps[] = {
	{ .name = MPLS_PW_MCGRP_EVENTS },
};

struct genl_family pw_nl_family __ro_after_init = {
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
