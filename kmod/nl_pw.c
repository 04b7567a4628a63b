// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: netlink commands on PWs.
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

int pw_nl_fill_pw(struct sk_buff *skb, struct pw *pw, u32 portid,
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
			      jiffies64_to_msecs(get_jiffies_64() -
						 pw->last_change),
			      MPLS_PW_PW_A_PAD))
		goto cancel;
	if (pw->track.ifindex && pw_nl_put_track(skb, pn, &pw->track))
		goto cancel;
	if (encap->explicit &&
	    pw_nl_put_hop(skb, MPLS_PW_PW_A_TUNNEL, &encap->via,
			  encap->tun_ifindex, encap->tun_dev,
			  encap->labels, encap->nlabels))
		goto cancel;
	if (!pw_tunnel_nexthop(pw, &nh, labels) &&
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

/* ---- PW commands ---- */

/* The (peer, vc-id) key of a PW nest. */
int pw_nl_parse_key(struct nlattr **tb, const struct nlattr *nest,
		    struct pw_addr *peer, u32 *vc_id,
		    struct netlink_ext_ack *extack)
{
	if (!!tb[MPLS_PW_PW_A_PEER_IPV4] == !!tb[MPLS_PW_PW_A_PEER_IPV6]) {
		if (!tb[MPLS_PW_PW_A_PEER_IPV4])
			NL_SET_ERR_ATTR_MISS(extack, nest,
					     MPLS_PW_PW_A_PEER_IPV4);
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "Need exactly one of peer IPv4 and peer IPv6");
		return -EINVAL;
	}
	if (PW_NL_REQUIRE(extack, nest, tb, MPLS_PW_PW_A_VC_ID,
			  "Missing vc-id"))
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
		if (!tb[MPLS_PW_TUNNEL_A_VIA_IPV4])
			NL_SET_ERR_ATTR_MISS(extack, attr,
					     MPLS_PW_TUNNEL_A_VIA_IPV4);
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Tunnel needs exactly one of via IPv4 and via IPv6");
		return -EINVAL;
	}
	if (PW_NL_REQUIRE(extack, attr, tb, MPLS_PW_TUNNEL_A_IFINDEX,
			  "Tunnel needs a device"))
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

	encap = old ? kmemdup(old, sizeof(*old), GFP_KERNEL_ACCOUNT) :
		      kzalloc(sizeof(*encap), GFP_KERNEL_ACCOUNT);
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
	if (PW_NL_REQUIRE(extack, attr, tb, MPLS_PW_TRACK_A_IFINDEX,
			  "VRRP tracking needs a device") ||
	    PW_NL_REQUIRE(extack, attr, tb, MPLS_PW_TRACK_A_VRID,
			  "VRRP tracking needs a VRID"))
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

/*
 * Commit what pw_nl_parse_ctrl() checked, but for the status signalling
 * settings: those wait for pw_nl_apply_status(), once the selection has
 * computed the bits the first message carries.
 */
static void pw_nl_apply_ctrl(struct pw *pw, const struct pw_nl_ctrl *ctrl)
{
	static const u32 remote_bits[] = {
		[MPLS_PW_REMOTE_ACTIVE] = 0,
		[MPLS_PW_REMOTE_STANDBY] = MPLS_PW_STATUS_STANDBY,
		[MPLS_PW_REMOTE_DOWN] = MPLS_PW_STATUS_NOT_FORWARDING,
	};

	pw->admin_up = ctrl->admin_up;
	pw->ignore_standby = ctrl->ignore_standby;
	pw->track = ctrl->track;
	if (ctrl->remote >= 0 && pw->status_rcvd != remote_bits[ctrl->remote]) {
		WRITE_ONCE(pw->status_rcvd, remote_bits[ctrl->remote]);
		pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET,
				MPLS_PW_EVENT_STATUS_RCVD, NULL);
	}
}

/* Status signalling switched on or off, or a new refresh: after selection. */
static void pw_nl_apply_status(struct pw *pw, const struct pw_nl_ctrl *ctrl)
{
	if (ctrl->status_on == pw->status_on && ctrl->refresh == pw->refresh)
		return;
	WRITE_ONCE(pw->refresh, ctrl->refresh);
	WRITE_ONCE(pw->status_on, ctrl->status_on);
	pw_status_config(pw);
	/* what signalling decided (silence, what the far end said) may go */
	pw_update(pw);
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

static int pw_nl_pw_new_locked(struct pw_net *pn, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
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
	if (PW_NL_REQUIRE(info->extack, nest, tb, MPLS_PW_PW_A_LOCAL_LABEL,
			  "Missing local label") ||
	    PW_NL_REQUIRE(info->extack, nest, tb, MPLS_PW_PW_A_REMOTE_LABEL,
			  "Missing remote label"))
		return -EINVAL;

	if (pw_find(pn, &peer, vc_id)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPLS_PW_PW_A_VC_ID],
				    "A PW with this peer and vc-id exists");
		return -EEXIST;
	}
	if (pn->npws >= pn->max_pws) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "This network namespace has as many PWs as its max-pws allows");
		return -ENOSPC;
	}
	err = pw_nl_check_label(pn, tb[MPLS_PW_PW_A_LOCAL_LABEL], info->extack);
	if (err)
		return err;
	err = pw_nl_parse_place(pn, tb, NULL, &ac, &role, info->extack);
	if (err)
		return err;
	encap = pw_nl_parse_encap(net, tb, NULL, info->extack);
	if (IS_ERR(encap))
		return PTR_ERR(encap);
	err = pw_nl_parse_ctrl(net, tb, NULL, encap, ac, &ctrl, info->extack);
	if (err)
		goto out_encap;
	pw = pw_create(pn, &peer, vc_id,
		       nla_get_u32(tb[MPLS_PW_PW_A_LOCAL_LABEL]));
	if (!pw) {
		err = -ENOMEM;
		goto out_encap;
	}
	pw->role = role;
	RCU_INIT_POINTER(pw->encap, encap);
	err = pw_link(pw);
	if (err) {
		pw_destroy(pw);
		goto out_encap;
	}
	/* nothing can fail from here on */
	pw_index_tunnel(pw);
	pw_nl_event(pn);
	pw_nl_apply_ctrl(pw, &ctrl);
	if (ac)
		pw_ac_attach(ac, pw);
	else
		pw_update(pw);
	pw_nl_apply_status(pw, &ctrl);
	pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET, MPLS_PW_EVENT_NEW, info);
	return 0;

out_encap:
	pw_encap_free(encap);
	return err;
}

int pw_nl_pw_new(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_pw_new_locked);
}

/* The PW a request names, under the pernet mutex; @tb gets its nest. */
static struct pw *pw_nl_get_pw(struct pw_net *pn, struct genl_info *info,
			       struct nlattr **tb)
{
	struct pw_addr peer;
	struct pw *pw;
	u32 vc_id;
	int err;

	err = pw_nl_parse(info, MPLS_PW_A_PW, tb, MPLS_PW_PW_A_MAX,
			  pw_pw_policy);
	if (err)
		return ERR_PTR(err);
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

static int pw_nl_pw_set_locked(struct pw_net *pn, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];
	const struct pw_encap *old_encap;
	struct pw_encap *encap;
	struct pw_ac *ac, *old_ac;
	struct pw_nl_ctrl ctrl;
	struct nlattr *label;
	struct pw *pw;
	u8 role;
	int err;

	pw = pw_nl_get_pw(pn, info, tb);
	if (IS_ERR(pw))
		return PTR_ERR(pw);
	label = tb[MPLS_PW_PW_A_LOCAL_LABEL];
	if (label && nla_get_u32(label) != pw->local_label) {
		err = pw_nl_check_label(pn, label, info->extack);
		if (err)
			return err;
	}
	err = pw_nl_parse_place(pn, tb, pw, &ac, &role, info->extack);
	if (err)
		return err;
	old_encap = rcu_dereference_protected(pw->encap,
					      lockdep_is_held(&pn->lock));
	encap = pw_nl_parse_encap(net, tb, old_encap, info->extack);
	if (IS_ERR(encap))
		return PTR_ERR(encap);
	err = pw_nl_parse_ctrl(net, tb, pw, encap, ac, &ctrl, info->extack);
	if (err) {
		pw_encap_free(encap);
		return err;
	}

	/* validated: commit */
	pw_nl_event(pn);
	if (label && nla_get_u32(label) != pw->local_label)
		pw_set_label(pw, nla_get_u32(label));
	old_ac = rcu_dereference_protected(pw->ac, lockdep_is_held(&pn->lock));
	if (old_ac != ac || role != pw->role) {
		pw_ac_detach(pw);
		WRITE_ONCE(pw->role, role);
	}
	pw_set_encap(pw, encap);
	pw_nl_apply_ctrl(pw, &ctrl);
	if (ac && !rcu_access_pointer(pw->ac))
		pw_ac_attach(ac, pw);
	else
		pw_update(pw);
	pw_nl_apply_status(pw, &ctrl);
	pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET, MPLS_PW_EVENT_CHANGED, info);
	return 0;
}

int pw_nl_pw_set(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_pw_set_locked);
}

static int pw_nl_pw_del_locked(struct pw_net *pn, struct genl_info *info)
{
	struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];
	struct pw *pw = pw_nl_get_pw(pn, info, tb);

	if (IS_ERR(pw))
		return PTR_ERR(pw);
	pw_nl_event(pn);
	pw_remove(pw, info);
	return 0;
}

int pw_nl_pw_del(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_change(info, pw_nl_pw_del_locked);
}

static int pw_nl_pw_get_locked(struct sk_buff *msg, struct pw_net *pn,
			       struct genl_info *info)
{
	struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];
	struct pw *pw = pw_nl_get_pw(pn, info, tb);

	if (IS_ERR(pw))
		return PTR_ERR(pw);
	return pw_nl_fill_pw(msg, pw, info->snd_portid, info->snd_seq, 0,
			     MPLS_PW_CMD_PW_GET, 0);
}

int pw_nl_pw_get(struct sk_buff *skb, struct genl_info *info)
{
	return pw_nl_reply(info, NLMSG_GOODSIZE, pw_nl_pw_get_locked);
}

/* A dump may be narrowed to one AC (ifindex) or one peer (@arg: the nest). */
static bool pw_nl_dump_match(struct list_head *node, void *arg)
{
	const struct pw *pw = list_entry(node, struct pw, node);
	struct pw_ac *ac = rcu_dereference_protected(pw->ac,
				lockdep_is_held(&pw->pn->lock));
	struct nlattr **tb = arg;

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

static int pw_nl_pw_dump_one(struct sk_buff *skb, struct list_head *node,
			     u32 portid, u32 seq, void *arg)
{
	return pw_nl_fill_pw(skb, list_entry(node, struct pw, node), portid,
			     seq, NLM_F_MULTI, MPLS_PW_CMD_PW_GET, 0);
}

int pw_nl_pw_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pw_net *pn = pw_net(sock_net(skb->sk));
	struct nlattr *tb[MPLS_PW_PW_A_MAX + 1] = {};
	struct nlattr **attrs = pw_dump_attrs(cb);
	int err;

	if (attrs && attrs[MPLS_PW_A_PW]) {
		err = nla_parse_nested(tb, MPLS_PW_PW_A_MAX, attrs[MPLS_PW_A_PW],
				       pw_pw_policy, cb->extack);
		if (err)
			return err;
	}
	return pw_nl_dump_list(skb, cb, &pn->pws, pw_nl_dump_match,
			       pw_nl_pw_dump_one, tb);
}
