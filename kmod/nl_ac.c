// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: netlink commands on attachment circuits.
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

int pw_nl_fill_ac(struct sk_buff *skb, struct pw_ac *ac, u32 portid,
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

/* Commit checked settings; the packet path reads some of them. */
static void pw_ac_set_cfg(struct pw_ac *ac, const struct pw_ac_cfg *cfg)
{
	ac->cfg.redundancy = cfg->redundancy;
	ac->cfg.reroute = cfg->reroute;
	ac->cfg.reroute_delay = cfg->reroute_delay;
	ac->cfg.holdoff = cfg->holdoff;
	ac->cfg.arp_expire = cfg->arp_expire;
	ac->cfg.nd_expire = cfg->nd_expire;
	WRITE_ONCE(ac->cfg.state, cfg->state);
	WRITE_ONCE(ac->cfg.dual_receive, cfg->dual_receive);
	WRITE_ONCE(ac->cfg.arp_dual_send, cfg->arp_dual_send);
	WRITE_ONCE(ac->cfg.nd_dual_send, cfg->nd_dual_send);
}

/* The AC a request names, under the pernet mutex; @tb gets its nest. */
static struct pw_ac *pw_nl_get_ac(struct pw_net *pn, struct genl_info *info,
				  struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[MPLS_PW_A_AC];
	struct pw_ac *ac;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_AC, tb, MPLS_PW_AC_A_MAX,
			  pw_ac_policy);
	if (err)
		return ERR_PTR(err);
	if (PW_NL_REQUIRE(info->extack, nest, tb, MPLS_PW_AC_A_IFINDEX,
			  "Missing the AC's device"))
		return ERR_PTR(-EINVAL);
	ac = pw_ac_find(pn, nla_get_u32(tb[MPLS_PW_AC_A_IFINDEX]));
	if (!ac) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_AC_A_IFINDEX],
				    "Device is not an AC");
		return ERR_PTR(-ENOENT);
	}
	return ac;
}

static int pw_nl_ac_new_locked(struct pw_net *pn, struct genl_info *info)
{
	struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct net_device *dev;
	struct pw_ac_cfg cfg;
	struct pw_ac *ac;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_AC, tb, MPLS_PW_AC_A_MAX,
			  pw_ac_policy);
	if (err)
		return err;
	if (PW_NL_REQUIRE(info->extack, info->attrs[MPLS_PW_A_AC], tb,
			  MPLS_PW_AC_A_IFINDEX, "Missing the AC's device"))
		return -EINVAL;
	pw_ac_cfg_default(&cfg);
	err = pw_nl_parse_ac_cfg(tb, NULL, &cfg, info->extack);
	if (err)
		return err;

	dev = __dev_get_by_index(genl_info_net(info),
				 nla_get_u32(tb[MPLS_PW_AC_A_IFINDEX]));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_AC_A_IFINDEX],
				    "No such device in this network namespace");
		return -ENODEV;
	}
	if (pw_ac_find(pn, dev->ifindex)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_AC_A_IFINDEX],
				    "Device is already an AC");
		return -EEXIST;
	}
	ac = pw_ac_create(pn, dev, &cfg, info->extack);
	if (IS_ERR(ac))
		return PTR_ERR(ac);
	pw_nl_notify_ac(ac, MPLS_PW_CMD_AC_GET, MPLS_PW_EVENT_NEW, info);
	return 0;
}

int pw_nl_ac_new(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_ac_new_locked);
}

static int pw_nl_ac_set_locked(struct pw_net *pn, struct genl_info *info)
{
	struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	bool flush_arp, flush_nd;
	struct pw_ac_cfg cfg;
	struct pw_ac *ac;
	int err;

	ac = pw_nl_get_ac(pn, info, tb);
	if (IS_ERR(ac))
		return PTR_ERR(ac);
	cfg = ac->cfg;
	err = pw_nl_parse_ac_cfg(tb, ac, &cfg, info->extack);
	if (err)
		return err;
	pw_nl_event(pn);
	flush_arp = ac->cfg.arp_dual_send && !cfg.arp_dual_send;
	flush_nd = ac->cfg.nd_dual_send && !cfg.nd_dual_send;
	pw_ac_set_cfg(ac, &cfg);
	/*
	 * Off first, then forgotten: a frame that still saw the option on
	 * (the packet path reads it under RCU) must not learn after the flush.
	 */
	if (flush_arp || flush_nd)
		synchronize_net();
	if (flush_arp)
		pw_ds_flush(ac, ETH_P_ARP);
	if (flush_nd)
		pw_ds_flush(ac, ETH_P_IPV6);
	pn->gen++;
	pw_ac_update(ac);
	pw_nl_notify_ac(ac, MPLS_PW_CMD_AC_GET, MPLS_PW_EVENT_CHANGED, info);
	return 0;
}

int pw_nl_ac_set(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_ac_set_locked);
}

static int pw_nl_ac_del_locked(struct pw_net *pn, struct genl_info *info)
{
	struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct pw_ac *ac = pw_nl_get_ac(pn, info, tb);

	if (IS_ERR(ac))
		return PTR_ERR(ac);
	pw_ac_remove(ac, info);
	return 0;
}

int pw_nl_ac_del(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_ac_del_locked);
}

static int pw_nl_ac_switchover_locked(struct pw_net *pn,
				      struct genl_info *info)
{
	struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct pw_ac *ac = pw_nl_get_ac(pn, info, tb);

	if (IS_ERR(ac))
		return PTR_ERR(ac);
	pw_nl_event(pn);
	return pw_ac_switchover(ac, info->extack);
}

int pw_nl_ac_switchover(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_ac_switchover_locked);
}

static int pw_nl_ac_get_locked(struct sk_buff *msg, struct pw_net *pn,
			       struct genl_info *info)
{
	struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct pw_ac *ac = pw_nl_get_ac(pn, info, tb);

	if (IS_ERR(ac))
		return PTR_ERR(ac);
	return pw_nl_fill_ac(msg, ac, info->snd_portid, info->snd_seq, 0,
			     MPLS_PW_CMD_AC_GET, 0, true);
}

int pw_nl_ac_get(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_reply(info, PW_NL_AC_SIZE, pw_nl_ac_get_locked);
}

static int pw_nl_ac_dump_one(struct sk_buff *skb, struct list_head *node,
			     u32 portid, u32 seq, void *arg)
{
	return pw_nl_fill_ac(skb, list_entry(node, struct pw_ac, node),
			     portid, seq, NLM_F_MULTI, MPLS_PW_CMD_AC_GET, 0,
			     true);
}

/* Room for an AC with a full dual-sending cache in every dump message. */
int pw_nl_ac_dump_start(struct netlink_callback *cb)
{
	cb->min_dump_alloc = PW_NL_AC_SIZE;
	return 0;
}

int pw_nl_ac_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pw_net *pn = pw_net(sock_net(skb->sk));

	return pw_nl_dump_list(skb, cb, &pn->acs, NULL, pw_nl_ac_dump_one,
			       NULL);
}
