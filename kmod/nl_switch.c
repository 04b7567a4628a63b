// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: netlink commands on VRRP groups and PW switches.
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

/* ---- VRRP groups ---- */

static int pw_nl_fill_vrrp(struct sk_buff *skb, struct pw_net *pn,
			   const struct pw_vrrp *v, u32 portid, u32 seq,
			   int flags, u8 cmd)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &pw_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, MPLS_PW_A_VRRP);
	if (!nest ||
	    nla_put_u32(skb, MPLS_PW_VRRP_A_IFINDEX, v->ifindex) ||
	    nla_put_u8(skb, MPLS_PW_VRRP_A_VRID, v->vrid) ||
	    nla_put_u8(skb, MPLS_PW_VRRP_A_STATE, v->state) ||
	    pw_nl_put_ifname(skb, pn->net, MPLS_PW_VRRP_A_IFNAME, v->ifindex)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

/* A group was set or forgotten. */
static void pw_nl_notify_vrrp(struct pw_net *pn, const struct pw_vrrp *v,
			      u8 cmd, struct genl_info *info)
{
	struct sk_buff *skb;
	int err;

	skb = pw_nl_notify_new(pn->net, info);
	if (!skb)
		return;
	/* the command says what happened: set (GET) or forgotten (DEL) */
	err = pw_nl_fill_vrrp(skb, pn, v, info->snd_portid, info->snd_seq, 0,
			      cmd);
	pw_nl_notify(pn->net, skb, info, err);
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
	if (PW_NL_REQUIRE(info->extack, nest, tb, MPLS_PW_VRRP_A_IFINDEX,
			  "Missing the VRRP group's device") ||
	    PW_NL_REQUIRE(info->extack, nest, tb, MPLS_PW_VRRP_A_VRID,
			  "Missing the VRRP group's VRID") ||
	    (need_state &&
	     PW_NL_REQUIRE(info->extack, nest, tb, MPLS_PW_VRRP_A_STATE,
			   "Missing the VRRP group's state")))
		return -EINVAL;
	return 0;
}

static int pw_nl_vrrp_set_locked(struct pw_net *pn, struct genl_info *info)
{
	struct nlattr *tb[MPLS_PW_VRRP_A_MAX + 1];
	int ifindex, err;
	u8 vrid;

	err = pw_nl_vrrp_key(info, tb, true);
	if (err)
		return err;
	ifindex = nla_get_u32(tb[MPLS_PW_VRRP_A_IFINDEX]);
	if (!__dev_get_by_index(genl_info_net(info), ifindex)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_VRRP_A_IFINDEX],
				    "No such device in this network namespace");
		return -ENODEV;
	}
	vrid = nla_get_u8(tb[MPLS_PW_VRRP_A_VRID]);
	pw_nl_event(pn);
	err = pw_vrrp_set(pn, ifindex, vrid,
			  nla_get_u8(tb[MPLS_PW_VRRP_A_STATE]));
	if (!err)
		pw_nl_notify_vrrp(pn, pw_vrrp_find(pn, ifindex, vrid),
				  MPLS_PW_CMD_VRRP_GET, info);
	return err;
}

int pw_nl_vrrp_set(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_vrrp_set_locked);
}

static int pw_nl_vrrp_del_locked(struct pw_net *pn, struct genl_info *info)
{
	struct nlattr *tb[MPLS_PW_VRRP_A_MAX + 1];
	struct pw_vrrp *v;
	int err;

	err = pw_nl_vrrp_key(info, tb, false);
	if (err)
		return err;
	v = pw_vrrp_find(pn, nla_get_u32(tb[MPLS_PW_VRRP_A_IFINDEX]),
			 nla_get_u8(tb[MPLS_PW_VRRP_A_VRID]));
	if (!v) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_VRRP_A_VRID],
				    "No such VRRP group");
		return -ENOENT;
	}
	pw_nl_event(pn);
	pw_nl_notify_vrrp(pn, v, MPLS_PW_CMD_VRRP_DEL, info);
	pw_vrrp_del(pn, v);
	return 0;
}

int pw_nl_vrrp_del(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_vrrp_del_locked);
}

/* @arg: the pernet state */
static int pw_nl_vrrp_dump_one(struct sk_buff *skb, struct list_head *node,
			       u32 portid, u32 seq, void *arg)
{
	return pw_nl_fill_vrrp(skb, arg, list_entry(node, struct pw_vrrp, node),
			       portid, seq, NLM_F_MULTI, MPLS_PW_CMD_VRRP_GET);
}

int pw_nl_vrrp_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pw_net *pn = pw_net(sock_net(skb->sk));

	return pw_nl_dump_list(skb, cb, &pn->vrrps, NULL, pw_nl_vrrp_dump_one,
			       pn);
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

/* Both PWs of a switch changed; the requester hears of the first. */
static void pw_nl_notify_switch(struct pw **pws, struct genl_info *info)
{
	pw_nl_notify_pw(pws[0], MPLS_PW_CMD_PW_GET, MPLS_PW_EVENT_CHANGED,
			info);
	pw_nl_notify_pw(pws[1], MPLS_PW_CMD_PW_GET, MPLS_PW_EVENT_CHANGED,
			NULL);
}

static int pw_nl_switch_new_locked(struct pw_net *pn, struct genl_info *info)
{
	struct pw *pws[2];
	int err, i;

	err = pw_nl_switch_pws(pn, info, pws);
	if (err)
		return err;
	for (i = 0; i < 2; i++) {
		if (rcu_access_pointer(pws[i]->ac)) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "A switched PW cannot have an AC");
			return -EBUSY;
		}
		if (rcu_access_pointer(pws[i]->partner)) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "The PW is already switched");
			return -EEXIST;
		}
	}
	pw_nl_event(pn);
	pw_switch_link(pws[0], pws[1]);
	pw_nl_notify_switch(pws, info);
	return 0;
}

int pw_nl_switch_new(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_switch_new_locked);
}

static int pw_nl_switch_del_locked(struct pw_net *pn, struct genl_info *info)
{
	struct pw *pws[2];
	int err;

	err = pw_nl_switch_pws(pn, info, pws);
	if (err)
		return err;
	if (rcu_access_pointer(pws[0]->partner) != pws[1]) {
		NL_SET_ERR_MSG_MOD(info->extack, "These PWs are not switched");
		return -ENOENT;
	}
	pw_nl_event(pn);
	pw_switch_unlink(pws[0]);
	pw_update(pws[0]);
	pw_nl_notify_switch(pws, info);
	return 0;
}

int pw_nl_switch_del(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_switch_del_locked);
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

/* A switch is dumped once, from the PW named first in it. */
static bool pw_nl_switch_match(struct list_head *node, void *arg)
{
	const struct pw *pw = list_entry(node, struct pw, node);

	return rcu_access_pointer(pw->partner) && pw->switch_first;
}

static int pw_nl_switch_dump_one(struct sk_buff *skb, struct list_head *node,
				 u32 portid, u32 seq, void *arg)
{
	return pw_nl_fill_switch(skb, list_entry(node, struct pw, node),
				 portid, seq, NLM_F_MULTI);
}

int pw_nl_switch_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pw_net *pn = pw_net(sock_net(skb->sk));

	return pw_nl_dump_list(skb, cb, &pn->pws, pw_nl_switch_match,
			       pw_nl_switch_dump_one, NULL);
}
