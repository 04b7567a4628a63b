// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: whether each PW is up, and which PW of an AC forwards.
 *
 * Everything here runs on the control path under pw_net.lock, driven by
 * events (configuration, netdev notifications); the packet path only reads
 * the result, ac->active, once per frame.
 */
#include <linux/rtnetlink.h>

#include "pw.h"

static bool pw_ac_dev_up(const struct pw_ac *ac)
{
	return netif_running(ac->dev) && netif_carrier_ok(ac->dev);
}

/* Why @pw cannot forward now (0: it is up). */
static u32 pw_down_reason(struct pw *pw)
{
	struct pw_ac *ac = rcu_dereference_protected(pw->ac,
				lockdep_is_held(&pw->pn->lock));
	u32 down = 0;

	if (!pw->admin_up)
		down |= MPLS_PW_DOWN_ADMIN;
	if (!ac)
		down |= MPLS_PW_DOWN_NO_AC;
	else if (!pw_ac_dev_up(ac))
		down |= MPLS_PW_DOWN_AC;
	down |= pw_tunnel_check(pw, NULL, NULL);
	return down;
}

static void pw_set_fwd(struct pw *pw, u8 fwd)
{
	if (pw->fwd == fwd)
		return;
	pw->fwd = fwd;
	pw->last_change = jiffies;
}

/*
 * Choose the PW that carries the AC's traffic: the primary while it is up,
 * else the secondary. Publishes the choice to the packet path in one
 * pointer store, so there is never a moment without a valid selection.
 */
void pw_ac_select(struct pw_ac *ac)
{
	struct pw_net *pn = ac->pn;
	struct pw *best = NULL, *old;
	int i;

	lockdep_assert_held(&pn->lock);
	for (i = MPLS_PW_ROLE_PRIMARY; i <= MPLS_PW_ROLE_SECONDARY; i++) {
		struct pw *pw = ac->slot[i];

		if (pw && !pw->down_reason) {
			best = pw;
			break;
		}
	}

	for (i = 0; i < ARRAY_SIZE(ac->slot); i++) {
		struct pw *pw = ac->slot[i];

		if (!pw)
			continue;
		if (pw->down_reason)
			pw_set_fwd(pw, MPLS_PW_FWD_DOWN);
		else
			pw_set_fwd(pw, pw == best ? MPLS_PW_FWD_ACTIVE :
						     MPLS_PW_FWD_STANDBY);
	}

	old = rcu_dereference_protected(ac->active, lockdep_is_held(&pn->lock));
	if (old == best)
		return;
	rcu_assign_pointer(ac->active, best);
	if (old && best)
		ac->switchovers++;
	pn->gen++;
	pw_nl_notify_ac(ac, MPLS_PW_CMD_AC_GET, MPLS_PW_EVENT_SELECTION,
			NULL);
}

/* Re-evaluate @pw after anything it depends on changed. */
void pw_update(struct pw *pw)
{
	struct pw_ac *ac = rcu_dereference_protected(pw->ac,
				lockdep_is_held(&pw->pn->lock));
	u32 down = pw_down_reason(pw);
	u32 was = pw->down_reason;

	pw->down_reason = down;
	if (ac)
		pw_ac_select(ac);
	else
		pw_set_fwd(pw, MPLS_PW_FWD_DOWN);

	if (!was != !down) {
		pw->pn->gen++;
		pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET,
				down ? MPLS_PW_EVENT_PW_DOWN : MPLS_PW_EVENT_PW_UP,
				NULL);
	}
}

/* Rebuild @pw's encap around a tunnel device that came or went. */
static void pw_rebind_tunnel(struct pw *pw, const struct pw_encap *old,
			     struct net_device *dev)
{
	struct pw_encap *encap;

	encap = kmemdup(old, sizeof(*old), GFP_KERNEL);
	if (!encap)
		return;	/* keeps the old binding; retried on the next event */
	encap->tun_dev = dev;
	if (dev)
		netdev_hold(dev, &encap->tun_tracker, GFP_KERNEL);
	pw_set_encap(pw, encap);
}

/* A netdev changed state (under RTNL): update whatever depends on it. */
void pw_dev_event(struct pw_net *pn, struct net_device *dev,
		  unsigned long event)
{
	struct pw_ac *ac = NULL;
	struct pw *pw, *tmp;

	lockdep_assert_held(&pn->lock);

	if (event == NETDEV_UNREGISTER) {
		ac = pw_ac_find(pn, dev->ifindex);
		if (ac && ac->dev == dev)
			pw_ac_remove(ac);
	}

	list_for_each_entry_safe(pw, tmp, &pn->pws, node) {
		const struct pw_encap *encap;

		encap = rcu_dereference_protected(pw->encap,
						  lockdep_is_held(&pn->lock));
		if (encap && encap->explicit && encap->tun_ifindex == dev->ifindex) {
			if (event == NETDEV_UNREGISTER && encap->tun_dev == dev)
				pw_rebind_tunnel(pw, encap, NULL);
			else if (event == NETDEV_REGISTER && !encap->tun_dev)
				pw_rebind_tunnel(pw, encap, dev);
		} else if (encap && !encap->explicit &&
			   (event == NETDEV_DOWN || event == NETDEV_UNREGISTER)) {
			/* drop a route through @dev now, not on next use */
			dst_cache_reset(&pw->dst_cache);
		}
		pw_update(pw);
	}
}
