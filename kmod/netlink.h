/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mpls_pw: what the netlink files share: the family, its policies, the
 * request helpers, the fill functions and the command handlers.
 */
#ifndef _MPLS_PW_NETLINK_H
#define _MPLS_PW_NETLINK_H

#include <net/genetlink.h>

#include "pw.h"

extern struct genl_family pw_nl_family;

extern const struct nla_policy pw_ac_policy[MPLS_PW_AC_A_MAX + 1];
extern const struct nla_policy pw_tunnel_policy[MPLS_PW_TUNNEL_A_MAX + 1];
extern const struct nla_policy pw_track_policy[MPLS_PW_TRACK_A_MAX + 1];
extern const struct nla_policy pw_pw_policy[MPLS_PW_PW_A_MAX + 1];
extern const struct nla_policy pw_switch_policy[MPLS_PW_SWITCH_A_MAX + 1];
extern const struct nla_policy pw_vrrp_policy[MPLS_PW_VRRP_A_MAX + 1];
extern const struct nla_policy pw_link_policy[MPLS_PW_LINK_A_MAX + 1];
extern const struct nla_policy pw_net_policy[MPLS_PW_NET_A_MAX + 1];

/*
 * NL_REQ_ATTR_CHECK() with words too: the missing attribute's type for
 * the tools that read it, @msg for the person reading pwctl's error.
 */
#define PW_NL_REQUIRE(extack, nest, tb, type, msg) ({			\
	bool __missing = NL_REQ_ATTR_CHECK(extack, nest, tb, type);	\
									\
	if (__missing)							\
		NL_SET_ERR_MSG_MOD(extack, msg);			\
	__missing;							\
})

int pw_nl_parse(struct genl_info *info, int top, struct nlattr **tb,
		int max, const struct nla_policy *policy);
int pw_nl_parse_key(struct nlattr **tb, const struct nlattr *nest,
		    struct pw_addr *peer, u32 *vc_id,
		    struct netlink_ext_ack *extack);
void pw_nl_event(struct pw_net *pn);
struct sk_buff *pw_nl_notify_new(struct net *net, struct genl_info *info);
void pw_nl_notify(struct net *net, struct sk_buff *skb,
		  struct genl_info *info, int err);

int pw_nl_change(struct genl_info *info,
		 int (*fn)(struct pw_net *pn, struct genl_info *info));
int pw_nl_reply(struct genl_info *info, size_t size,
		int (*fill)(struct sk_buff *msg, struct pw_net *pn,
			    struct genl_info *info));
int pw_nl_dump_list(struct sk_buff *skb, struct netlink_callback *cb,
		    struct list_head *head,
		    bool (*match)(struct list_head *node, void *arg),
		    int (*fill)(struct sk_buff *skb, struct list_head *node,
				u32 portid, u32 seq, void *arg),
		    void *arg);

int pw_nl_put_stats(struct sk_buff *skb, int type,
		    struct pw_pcpu_stats __percpu *stats);
int pw_nl_put_addr(struct sk_buff *skb, int v4, int v6,
		   const struct pw_addr *a);
int pw_nl_put_key(struct sk_buff *skb, const struct pw *pw);
int pw_nl_put_hop(struct sk_buff *skb, int type, const struct pw_addr *via,
		  int ifindex, const struct net_device *dev,
		  const u32 *labels, unsigned int nlabels);
int pw_nl_put_track(struct sk_buff *skb, struct pw_net *pn,
		    const struct pw_track *track);
int pw_nl_put_ifname(struct sk_buff *skb, struct net *net, int type,
		     int ifindex);

int pw_nl_fill_pw(struct sk_buff *skb, struct pw *pw, u32 portid, u32 seq,
		  int flags, u8 cmd, u32 event);
int pw_nl_fill_ac(struct sk_buff *skb, struct pw_ac *ac, u32 portid, u32 seq,
		  int flags, u8 cmd, u32 event, bool details);

/* nl_ac.c */
int pw_nl_ac_new(struct sk_buff *skb, struct genl_info *info);
int pw_nl_ac_set(struct sk_buff *skb, struct genl_info *info);
int pw_nl_ac_del(struct sk_buff *skb, struct genl_info *info);
int pw_nl_ac_switchover(struct sk_buff *skb, struct genl_info *info);
int pw_nl_ac_get(struct sk_buff *skb, struct genl_info *info);
int pw_nl_ac_dump_start(struct netlink_callback *cb);
int pw_nl_ac_dump(struct sk_buff *skb, struct netlink_callback *cb);
/* An AC message with a full dual-sending cache (256 entries) fits. */
#define PW_NL_AC_SIZE		(32 * 1024)

/* nl_pw.c */
int pw_nl_pw_new(struct sk_buff *skb, struct genl_info *info);
int pw_nl_pw_set(struct sk_buff *skb, struct genl_info *info);
int pw_nl_pw_del(struct sk_buff *skb, struct genl_info *info);
int pw_nl_pw_get(struct sk_buff *skb, struct genl_info *info);
int pw_nl_pw_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* nl_switch.c */
int pw_nl_vrrp_set(struct sk_buff *skb, struct genl_info *info);
int pw_nl_vrrp_del(struct sk_buff *skb, struct genl_info *info);
int pw_nl_vrrp_dump(struct sk_buff *skb, struct netlink_callback *cb);
int pw_nl_switch_new(struct sk_buff *skb, struct genl_info *info);
int pw_nl_switch_del(struct sk_buff *skb, struct genl_info *info);
int pw_nl_switch_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* nl_net.c */
int pw_nl_link_set(struct sk_buff *skb, struct genl_info *info);
int pw_nl_link_get(struct sk_buff *skb, struct genl_info *info);
int pw_nl_link_dump(struct sk_buff *skb, struct netlink_callback *cb);
int pw_nl_net_set(struct sk_buff *skb, struct genl_info *info);
int pw_nl_net_get(struct sk_buff *skb, struct genl_info *info);

#endif /* _MPLS_PW_NETLINK_H */
