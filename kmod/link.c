// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: the netdevs MPLS is received on. Off for every device until it
 * is switched on (pwctl link set dev IF mpls-input on), as af_mpls does
 * with net.mpls.conf.DEV.input: a frame carrying one of our labels from
 * anywhere else (a customer-facing port, a management LAN) must not reach
 * a PW's AC or forge its status.
 *
 * A device with input on has an entry here, holding a reference to it,
 * until input goes off or the device is unregistered. Entries are written
 * under the pernet mutex and looked up under RCU by the receive path.
 */
#include <linux/slab.h>

#include "pw.h"

struct pw_link {
	struct hlist_node hnode;	/* pw_net.links, by ifindex */
	struct list_head node;		/* pw_net.link_list */
	struct net_device *dev;		/* held */
	netdevice_tracker tracker;
	struct rcu_head rcu;
};

/* Receive path, under RCU: whether MPLS may come in on @dev. */
bool pw_link_input_rcu(struct pw_net *pn, const struct net_device *dev)
{
	struct pw_link *l;

	hash_for_each_possible_rcu(pn->links, l, hnode, dev->ifindex)
		if (l->dev == dev)
			return true;
	return false;
}

static struct pw_link *pw_link_find(struct pw_net *pn,
				    const struct net_device *dev)
{
	struct pw_link *l;

	lockdep_assert_held(&pn->lock);
	hash_for_each_possible(pn->links, l, hnode, dev->ifindex)
		if (l->dev == dev)
			return l;
	return NULL;
}

bool pw_link_input(struct pw_net *pn, const struct net_device *dev)
{
	return pw_link_find(pn, dev);
}

static void pw_link_free_rcu(struct rcu_head *head)
{
	struct pw_link *l = container_of(head, struct pw_link, rcu);

	netdev_put(l->dev, &l->tracker);
	kfree(l);
}

static void pw_link_del(struct pw_net *pn, struct pw_link *l)
{
	hash_del_rcu(&l->hnode);
	list_del(&l->node);
	pn->gen++;
	/* a receiver may still be looking at it */
	call_rcu(&l->rcu, pw_link_free_rcu);
}

/* Switch MPLS input on @dev on or off. */
int pw_link_set_input(struct pw_net *pn, struct net_device *dev, bool on)
{
	struct pw_link *l = pw_link_find(pn, dev);

	if (!on) {
		if (l)
			pw_link_del(pn, l);
		return 0;
	}
	if (l)
		return 0;
	l = kzalloc(sizeof(*l), GFP_KERNEL_ACCOUNT);
	if (!l)
		return -ENOMEM;
	l->dev = dev;
	netdev_hold(dev, &l->tracker, GFP_KERNEL);
	list_add_tail(&l->node, &pn->link_list);
	hash_add_rcu(pn->links, &l->hnode, dev->ifindex);
	pn->gen++;
	return 0;
}

/* @dev is being unregistered: its setting goes with it. */
void pw_link_dev_gone(struct pw_net *pn, struct net_device *dev)
{
	struct pw_link *l = pw_link_find(pn, dev);

	if (l)
		pw_link_del(pn, l);
}

struct net_device *pw_link_dev(const struct list_head *node)
{
	return list_entry(node, struct pw_link, node)->dev;
}

void pw_link_flush(struct pw_net *pn)
{
	struct pw_link *l, *tmp;

	list_for_each_entry_safe(l, tmp, &pn->link_list, node)
		pw_link_del(pn, l);
}
