// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: attachment circuits, the netdevs whose frames we carry.
 */
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "pw.h"

/* The AC bound to @dev: its rx_handler data, if the handler is ours. */
struct pw_ac *pw_ac_of_dev(struct pw_net *pn, const struct net_device *dev)
{
	struct pw_ac *ac = NULL;

	lockdep_assert_held(&pn->lock);
	rcu_read_lock();
	if (rcu_access_pointer(dev->rx_handler) == pw_ac_rx)
		ac = rcu_dereference(dev->rx_handler_data);
	rcu_read_unlock();
	/* removed only under the mutex we hold: safe past the RCU section */
	return ac && ac->pn == pn ? ac : NULL;
}

struct pw_ac *pw_ac_find(struct pw_net *pn, int ifindex)
{
	struct net_device *dev;
	struct pw_ac *ac = NULL;

	lockdep_assert_held(&pn->lock);
	rcu_read_lock();
	dev = dev_get_by_index_rcu(pn->net, ifindex);
	if (dev)
		ac = pw_ac_of_dev(pn, dev);
	rcu_read_unlock();
	return ac;
}

void pw_ac_cfg_default(struct pw_ac_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->redundancy = MPLS_PW_REDUNDANCY_MASTER;
	cfg->state = MPLS_PW_AC_STATE_ACTIVE;
	cfg->arp_expire = MPLS_PW_ARP_EXPIRE_DEFAULT;
	cfg->nd_expire = MPLS_PW_ND_EXPIRE_DEFAULT;
	cfg->reroute = MPLS_PW_REROUTE_DELAY;
	cfg->reroute_delay = MPLS_PW_REROUTE_DELAY_DEFAULT;
}

/* Bind @dev as an AC. */
struct pw_ac *pw_ac_create(struct pw_net *pn, struct net_device *dev,
			   const struct pw_ac_cfg *cfg,
			   struct netlink_ext_ack *extack)
{
	struct pw_ac *ac;
	int err;

	ASSERT_RTNL();
	lockdep_assert_held(&pn->lock);

	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN ||
	    (dev->flags & IFF_LOOPBACK)) {
		NL_SET_ERR_MSG_MOD(extack, "An AC must be an Ethernet device");
		return ERR_PTR(-EINVAL);
	}

	ac = kzalloc(sizeof(*ac), GFP_KERNEL_ACCOUNT);
	if (!ac)
		return ERR_PTR(-ENOMEM);
	ac->stats = pw_stats_alloc();
	if (!ac->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	ac->pn = pn;
	ac->dev = dev;
	ac->cfg = *cfg;
	pw_ac_timers_init(ac);
	pw_ds_init(ac);

	err = netdev_rx_handler_register(dev, pw_ac_rx, ac);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device already has an rx handler (bridge, bond or another AC?)");
		goto err_stats;
	}
	/* frames for any CE address, as a bridge port takes them */
	err = dev_set_promiscuity(dev, 1);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "Cannot make the device promiscuous");
		goto err_rx_handler;
	}
	/* an aggregated frame cannot be carried as it was received */
	dev_disable_lro(dev);
	netdev_hold(dev, &ac->dev_tracker, GFP_KERNEL);
	list_add_tail(&ac->node, &pn->acs);
	pn->nacs++;
	pn->gen++;
	return ac;

err_rx_handler:
	netdev_rx_handler_unregister(dev);
err_stats:
	free_percpu(ac->stats);
err_free:
	kfree(ac);
	return ERR_PTR(err);
}

static void pw_ac_free_rcu(struct rcu_head *head)
{
	struct pw_ac *ac = container_of(head, struct pw_ac, rcu);

	netdev_put(ac->dev, &ac->dev_tracker);
	free_percpu(ac->stats);
	kfree(ac);
}

/* Unbind an AC and delete its PWs. */
void pw_ac_remove(struct pw_ac *ac, struct genl_info *info)
{
	struct pw_net *pn = ac->pn;
	int i;

	ASSERT_RTNL();
	lockdep_assert_held(&pn->lock);

	/* waits for the readers of rx_handler_data (synchronize_net) */
	netdev_rx_handler_unregister(ac->dev);
	dev_set_promiscuity(ac->dev, -1);
	for (i = 0; i < ARRAY_SIZE(ac->slot); i++)
		if (pw_slot(ac, i))
			pw_remove(pw_slot(ac, i), NULL);
	pw_ac_timers_stop(ac);
	pw_ds_flush(ac, 0);
	list_del(&ac->node);
	pn->nacs--;
	pn->gen++;
	pw_nl_notify_ac(ac, MPLS_PW_CMD_AC_DEL, MPLS_PW_EVENT_DELETED, info);
	/* the receive path may still hold it through a PW it found */
	call_rcu(&ac->rcu, pw_ac_free_rcu);
}

/* Give @pw its place on the AC it names in pw->ac. */
void pw_ac_attach(struct pw_ac *ac, struct pw *pw)
{
	lockdep_assert_held(&ac->pn->lock);
	rcu_assign_pointer(ac->slot[pw->role], pw);
	rcu_assign_pointer(pw->ac, ac);
	pw_update(pw);
}

/*
 * Take @pw off its AC. Every pointer the AC keeps to it goes here, before
 * the selection runs again: its slot, the selection itself (ac->active,
 * which the selection would otherwise keep while a holdoff or reroute
 * timer runs) and a manual switchover to it. Packet-path readers that
 * already loaded one of them may use the PW until the grace period that
 * pw_remove() waits for ends; ac->switch_to is only compared, never
 * dereferenced.
 */
void pw_ac_detach(struct pw *pw)
{
	struct pw_ac *ac = rcu_dereference_protected(pw->ac,
				lockdep_is_held(&pw->pn->lock));

	if (!ac)
		return;
	RCU_INIT_POINTER(ac->slot[pw->role], NULL);
	RCU_INIT_POINTER(pw->ac, NULL);
	if (ac->manual == pw)
		ac->manual = NULL;
	pw_ac_select_without(ac, pw);
}
