// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: netlink commands on what belongs to the netns rather than one
 * object: the devices MPLS is received on (LINK) and the PW limit (NET).
 */
#include <linux/rtnetlink.h>
#include <net/genetlink.h>

#include "compat.h"
#include "netlink.h"
#include "pw.h"

/* ---- devices: MPLS input ---- */

static int pw_nl_fill_link(struct sk_buff *skb, struct pw_net *pn,
			   const struct net_device *dev, u32 portid, u32 seq,
			   int flags, u32 event)
{
	struct nlattr *nest;
	void *hdr;

	lockdep_assert_held(&pn->lock);
	hdr = genlmsg_put(skb, portid, seq, &pw_nl_family, flags,
			  MPLS_PW_CMD_LINK_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (event && nla_put_u32(skb, MPLS_PW_A_EVENT, event))
		goto cancel;
	nest = nla_nest_start(skb, MPLS_PW_A_LINK);
	if (!nest ||
	    nla_put_u32(skb, MPLS_PW_LINK_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, MPLS_PW_LINK_A_IFNAME, dev->name) ||
	    nla_put_u8(skb, MPLS_PW_LINK_A_MPLS_INPUT, pw_link_input(pn, dev)))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* The device a LINK request names; @tb gets its nest. Under RTNL. */
static struct net_device *pw_nl_get_link(struct genl_info *info,
					 struct nlattr **tb)
{
	struct net_device *dev;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_LINK, tb, MPLS_PW_LINK_A_MAX,
			  pw_link_policy);
	if (err)
		return ERR_PTR(err);
	if (PW_NL_REQUIRE(info->extack, info->attrs[MPLS_PW_A_LINK], tb,
			  MPLS_PW_LINK_A_IFINDEX, "Missing the link's device"))
		return ERR_PTR(-EINVAL);
	dev = __dev_get_by_index(genl_info_net(info),
				 nla_get_u32(tb[MPLS_PW_LINK_A_IFINDEX]));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_LINK_A_IFINDEX],
				    "No such device in this network namespace");
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

static void pw_nl_notify_link(struct pw_net *pn, const struct net_device *dev,
			      struct genl_info *info)
{
	struct sk_buff *skb;
	int err;

	skb = pw_nl_notify_new(pn->net, info);
	if (!skb)
		return;
	err = pw_nl_fill_link(skb, pn, dev, info->snd_portid, info->snd_seq,
			      0, MPLS_PW_EVENT_CHANGED);
	pw_nl_notify(pn->net, skb, info, err);
}

static int pw_nl_link_set_locked(struct pw_net *pn, struct genl_info *info)
{
	struct nlattr *tb[MPLS_PW_LINK_A_MAX + 1];
	struct net_device *dev;
	bool was;
	int err;

	dev = pw_nl_get_link(info, tb);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	if (!tb[MPLS_PW_LINK_A_MPLS_INPUT])
		return 0;
	was = pw_link_input(pn, dev);
	err = pw_link_set_input(pn, dev,
				nla_get_u8(tb[MPLS_PW_LINK_A_MPLS_INPUT]));
	if (err)
		return err;
	if (was != pw_link_input(pn, dev))
		pw_nl_notify_link(pn, dev, info);
	return 0;
}

int pw_nl_link_set(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_link_set_locked);
}

int pw_nl_link_get(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	struct nlattr *tb[MPLS_PW_LINK_A_MAX + 1];
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	mutex_lock(&pn->lock);
	dev = pw_nl_get_link(info, tb);
	err = IS_ERR(dev) ? PTR_ERR(dev) :
			    pw_nl_fill_link(msg, pn, dev, info->snd_portid,
					    info->snd_seq, 0, 0);
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* @arg: the pernet state */
static int pw_nl_link_dump_one(struct sk_buff *skb, struct list_head *node,
			       u32 portid, u32 seq, void *arg)
{
	return pw_nl_fill_link(skb, arg, pw_link_dev(node), portid, seq,
			       NLM_F_MULTI, 0);
}

/* The devices with MPLS input on. */
int pw_nl_link_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pw_net *pn = pw_net(sock_net(skb->sk));

	return pw_nl_dump_list(skb, cb, &pn->link_list, NULL,
			       pw_nl_link_dump_one, pn);
}

/* ---- netns settings ---- */

static int pw_nl_fill_net(struct sk_buff *skb, struct pw_net *pn, u32 portid,
			  u32 seq, u32 event)
{
	struct nlattr *nest;
	void *hdr;

	lockdep_assert_held(&pn->lock);
	hdr = genlmsg_put(skb, portid, seq, &pw_nl_family, 0,
			  MPLS_PW_CMD_NET_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (event && nla_put_u32(skb, MPLS_PW_A_EVENT, event))
		goto cancel;
	nest = nla_nest_start(skb, MPLS_PW_A_NET);
	if (!nest ||
	    nla_put_u32(skb, MPLS_PW_NET_A_MAX_PWS, pn->max_pws) ||
	    nla_put_u32(skb, MPLS_PW_NET_A_PWS, pn->npws) ||
	    nla_put_u32(skb, MPLS_PW_NET_A_ACS, pn->nacs))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* @may_raise: the requester has CAP_NET_ADMIN in the initial user ns */
static int pw_nl_net_set_locked(struct pw_net *pn, struct genl_info *info,
				bool may_raise)
{
	struct nlattr *tb[MPLS_PW_NET_A_MAX + 1];
	struct sk_buff *skb;
	struct nlattr *a;
	u32 max;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_NET, tb, MPLS_PW_NET_A_MAX,
			  pw_net_policy);
	if (err)
		return err;
	a = tb[MPLS_PW_NET_A_MAX_PWS];
	if (!a)
		return 0;
	max = nla_get_u32(a);
	/*
	 * The owner of an unprivileged user namespace administers its netns
	 * but may only lower its limit: the one it was created with, or the
	 * one the host's administrator set, holds.
	 */
	if (max > pn->max_pws && !may_raise) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "Raising max-pws needs CAP_NET_ADMIN in the initial user namespace");
		return -EPERM;
	}
	if (max == pn->max_pws)
		return 0;
	pn->max_pws = max;
	skb = pw_nl_notify_new(pn->net, info);
	if (skb)
		pw_nl_notify(pn->net, skb, info,
			     pw_nl_fill_net(skb, pn, info->snd_portid,
					    info->snd_seq,
					    MPLS_PW_EVENT_CHANGED));
	return 0;
}

int pw_nl_net_set(struct sk_buff *skb, struct genl_info *info)
{
	struct pw_net *pn = pw_net(genl_info_net(info));
	bool may_raise = netlink_capable(skb, CAP_NET_ADMIN);
	int err;

	mutex_lock(&pn->lock);
	err = pw_nl_net_set_locked(pn, info, may_raise);
	mutex_unlock(&pn->lock);
	return err;
}

static int pw_nl_net_get_locked(struct sk_buff *msg, struct pw_net *pn,
				struct genl_info *info)
{
	return pw_nl_fill_net(msg, pn, info->snd_portid, info->snd_seq, 0);
}

int pw_nl_net_get(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_reply(info, NLMSG_GOODSIZE, pw_nl_net_get_locked);
}
