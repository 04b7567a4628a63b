// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: module init and exit, per network namespace state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/netns/generic.h>

#include "pw.h"

unsigned int pw_net_id __read_mostly;
struct workqueue_struct *pw_wq __read_mostly;
/*
 * PW free works wait for the event work on pw_wq (pw_status_stop()): on a
 * workqueue of their own, without a rescuer, as flushing a work of a
 * WQ_MEM_RECLAIM workqueue from one of its own works can deadlock on its
 * rescuer.
 */
struct workqueue_struct *pw_free_wq __read_mostly;

static int __net_init pw_net_init(struct net *net)
{
	struct pw_net *pn = pw_net(net);
	int err;

	pn->net = net;
	mutex_init(&pn->lock);
	spin_lock_init(&pn->nfail_lock);
	INIT_LIST_HEAD(&pn->acs);
	INIT_LIST_HEAD(&pn->pws);
	INIT_LIST_HEAD(&pn->vrrps);
	INIT_LIST_HEAD(&pn->link_list);
	hash_init(pn->labels);
	hash_init(pn->links);
	hash_init(pn->tunnels);
	pn->max_pws = MPLS_PW_MAX_PWS_DEFAULT;
	INIT_WORK(&pn->work, pw_net_work);
	init_llist_head(&pn->pending);
	pn->stats = pw_stats_alloc();
	if (!pn->stats)
		return -ENOMEM;
	err = pw_keys_init(pn);
	if (err)
		goto err_stats;
	err = pw_tunnel_net_init(pn);
	if (err)
		goto err_keys;
	return 0;

err_keys:
	/* the FIB notifier's replay may have queued the event work */
	cancel_work_sync(&pn->work);
	pw_keys_destroy(pn);
err_stats:
	free_percpu(pn->stats);
	return err;
}

/* Everything goes with the namespace: ACs (and with them their PWs), then
 * the PWs that had no AC.
 */
static void __net_exit pw_net_exit(struct net *net)
{
	struct pw_net *pn = pw_net(net);
	struct pw_ac *ac, *tmp_ac;
	struct pw *pw, *tmp;

	pw_tunnel_net_exit(pn);
	rtnl_lock();
	mutex_lock(&pn->lock);
	list_for_each_entry_safe(ac, tmp_ac, &pn->acs, node)
		pw_ac_remove(ac, NULL);
	list_for_each_entry_safe(pw, tmp, &pn->pws, node)
		pw_remove(pw, NULL);
	pw_vrrp_flush(pn);
	pw_link_flush(pn);
	mutex_unlock(&pn->lock);
	rtnl_unlock();
	/*
	 * A removed PW's status timer may still fire and queue pn->work until
	 * its free work stops it, a grace period on: wait for those, then
	 * nothing is left to queue the work (the notifiers are gone, the
	 * devices and their traffic unregistered before us).
	 */
	rcu_barrier();
	flush_workqueue(pw_free_wq);
	flush_workqueue(pw_wq);
	cancel_work_sync(&pn->work);
	pw_keys_destroy(pn);
	free_percpu(pn->stats);
}

static struct pernet_operations pw_net_ops = {
	.init = pw_net_init,
	.exit = pw_net_exit,
	.id   = &pw_net_id,
	.size = sizeof(struct pw_net),
};

static int pw_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct pw_net *pn = pw_net(dev_net(dev));

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
	case NETDEV_REGISTER:
	case NETDEV_UNREGISTER:
		mutex_lock(&pn->lock);
		pn->event_ns = ktime_get_ns();
		pw_dev_event(pn, dev, event);
		mutex_unlock(&pn->lock);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block pw_netdev_notifier = {
	.notifier_call = pw_netdev_event,
};

static struct packet_type pw_mpls_packet_type __read_mostly = {
	.type = cpu_to_be16(ETH_P_MPLS_UC),
	.func = pw_mpls_rcv,
};

static int __init pw_init(void)
{
	int err;

	pw_wq = alloc_workqueue("mpls_pw", WQ_HIGHPRI | WQ_MEM_RECLAIM, 0);
	if (!pw_wq)
		return -ENOMEM;
	pw_free_wq = alloc_workqueue("mpls_pw_free", 0, 0);
	if (!pw_free_wq) {
		err = -ENOMEM;
		goto err_wq;
	}
	err = register_pernet_subsys(&pw_net_ops);
	if (err)
		goto err_free_wq;
	err = register_netdevice_notifier(&pw_netdev_notifier);
	if (err)
		goto err_pernet;
	err = pw_tunnel_init();
	if (err)
		goto err_netdev;
	dev_add_pack(&pw_mpls_packet_type);
	err = pw_nl_init();
	if (err)
		goto err_pack;
	pr_info("Ethernet pseudowires over MPLS with redundancy\n");
	return 0;

err_pack:
	dev_remove_pack(&pw_mpls_packet_type);
	pw_tunnel_exit();
err_netdev:
	unregister_netdevice_notifier(&pw_netdev_notifier);
err_pernet:
	unregister_pernet_subsys(&pw_net_ops);
err_free_wq:
	destroy_workqueue(pw_free_wq);
err_wq:
	destroy_workqueue(pw_wq);
	return err;
}

static void __exit pw_exit(void)
{
	pw_nl_exit();
	dev_remove_pack(&pw_mpls_packet_type);
	pw_tunnel_exit();
	unregister_netdevice_notifier(&pw_netdev_notifier);
	unregister_pernet_subsys(&pw_net_ops);
	/* PWs are freed by RCU works, ACs by RCU callbacks: wait for both */
	rcu_barrier();
	destroy_workqueue(pw_free_wq);
	destroy_workqueue(pw_wq);
}

module_init(pw_init);
module_exit(pw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Ethernet pseudowires over MPLS with PW redundancy");
MODULE_ALIAS_GENL_FAMILY(MPLS_PW_GENL_NAME);
