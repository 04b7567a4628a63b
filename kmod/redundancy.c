// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: whether each PW is up, which PW of an AC forwards, and the
 * status each PW signals (RFC 6870).
 *
 * Everything here runs on the control path under pw_net.lock, driven by
 * events: configuration, netdev notifications, and (through the pernet
 * event work) route and neighbour changes, status received, timers. The
 * packet path only reads the result, ac->active, once per frame.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_arp.h>
#include <linux/rtnetlink.h>

#include "pw.h"

#define PW_STATUS_FAULTS	(MPLS_PW_STATUS_NOT_FORWARDING |	\
				 MPLS_PW_STATUS_AC_RX_FAULT |		\
				 MPLS_PW_STATUS_AC_TX_FAULT |		\
				 MPLS_PW_STATUS_PSN_RX_FAULT |		\
				 MPLS_PW_STATUS_PSN_TX_FAULT)

static struct pw_ac *pw_ac_of(const struct pw *pw)
{
	return rcu_dereference_protected(pw->ac, lockdep_is_held(&pw->pn->lock));
}

static struct pw *pw_active(const struct pw_ac *ac)
{
	return rcu_dereference_protected(ac->active,
					 lockdep_is_held(&ac->pn->lock));
}

static bool pw_ac_dev_up(const struct pw_ac *ac)
{
	return netif_running(ac->dev) && netif_carrier_ok(ac->dev);
}

static bool pw_up(const struct pw *pw)
{
	return !pw->down_reason;
}

/* The far end asks us not to forward on @pw, and we listen. */
static bool pw_rcvd_standby(const struct pw *pw)
{
	return (pw->status_rcvd & MPLS_PW_STATUS_STANDBY) && !pw->ignore_standby;
}

static struct pw *pw_partner(const struct pw *pw)
{
	return rcu_dereference_protected(pw->partner,
					 lockdep_is_held(&pw->pn->lock));
}

/* A tracked VRRP group in backup: without pw-redundancy, no forwarding. */
static bool pw_vrrp_blocks(struct pw *pw)
{
	return pw->track.ifindex && !pw->track.pw_redundancy &&
	       !pw_vrrp_master(pw->pn, &pw->track);
}

/*
 * Whether this PE signals standby on @pw by its own decision, whatever the
 * selection: its AC is standby in independent mode (E-Trunk / mVRRP), or a
 * tracked VRRP group with pw-redundancy is backup. A bypass PW never does.
 */
static bool pw_local_standby(struct pw *pw, const struct pw_ac *ac)
{
	if (pw->role == MPLS_PW_ROLE_BYPASS)
		return false;
	if (pw->track.ifindex && pw->track.pw_redundancy)
		return !pw_vrrp_master(pw->pn, &pw->track);
	return ac->cfg.redundancy == MPLS_PW_REDUNDANCY_INDEPENDENT &&
	       ac->cfg.state == MPLS_PW_AC_STATE_STANDBY;
}

/* Why @pw cannot forward now (0: it is up). */
static u32 pw_down_reason(struct pw *pw)
{
	struct pw_ac *ac = pw_ac_of(pw);
	u32 down = 0;

	if (!pw->admin_up)
		down |= MPLS_PW_DOWN_ADMIN;
	if (ac && !pw_ac_dev_up(ac))
		down |= MPLS_PW_DOWN_AC;
	else if (!ac && !pw_partner(pw))
		down |= MPLS_PW_DOWN_NO_AC;
	if (pw_vrrp_blocks(pw))
		down |= MPLS_PW_DOWN_VRRP;
	down |= pw_tunnel_check(pw);
	if (pw->status_rcvd & PW_STATUS_FAULTS)
		down |= MPLS_PW_DOWN_REMOTE;
	if (pw->status_on && test_bit(PW_F_SILENT, &pw->flags))
		down |= MPLS_PW_DOWN_SILENT;
	return down;
}

#define PW_DOWN_PSN	(MPLS_PW_DOWN_NO_ROUTE | MPLS_PW_DOWN_TUNNEL_DEV | \
			 MPLS_PW_DOWN_NEIGH | MPLS_PW_DOWN_SILENT)
#define PW_STATUS_PSN	(MPLS_PW_STATUS_PSN_RX_FAULT | MPLS_PW_STATUS_PSN_TX_FAULT)
#define PW_STATUS_AC	(MPLS_PW_STATUS_AC_RX_FAULT | MPLS_PW_STATUS_AC_TX_FAULT)

/* The status bits @pw signals, given the AC's selection @best. */
static u32 pw_status_bits(struct pw *pw, const struct pw *best)
{
	struct pw_ac *ac = pw_ac_of(pw);
	struct pw *other = pw_partner(pw);
	u32 bits = 0;

	if (!pw->admin_up || pw_vrrp_blocks(pw))
		bits |= MPLS_PW_STATUS_NOT_FORWARDING;
	if (pw->down_reason & PW_DOWN_PSN & ~MPLS_PW_DOWN_SILENT)
		bits |= PW_STATUS_PSN;
	if (other) {
		/* S-PE: pass on what the other segment's far end says, and
		 * a fault of the other segment's path as a PSN fault
		 */
		bits |= other->status_rcvd;
		if (other->down_reason & (PW_DOWN_PSN | MPLS_PW_DOWN_ADMIN))
			bits |= PW_STATUS_PSN;
		return bits;
	}
	if (!ac || !pw_ac_dev_up(ac))
		bits |= PW_STATUS_AC;
	if (!ac)
		return bits;

	if (pw_local_standby(pw, ac))
		bits |= MPLS_PW_STATUS_STANDBY;
	else if (ac->cfg.redundancy == MPLS_PW_REDUNDANCY_MASTER &&
		 pw->role != MPLS_PW_ROLE_BYPASS &&
		 pw_slot(ac, MPLS_PW_ROLE_SECONDARY) && pw != best)
		/* the master tells the far ends which PW it chose */
		bits |= MPLS_PW_STATUS_STANDBY;
	return bits;
}

static void pw_set_fwd(struct pw *pw, u8 fwd)
{
	if (pw->fwd == fwd)
		return;
	WRITE_ONCE(pw->fwd, fwd);
	pw->last_change = get_jiffies_64();
	if (fwd == MPLS_PW_FWD_ACTIVE)
		pw->activations++;
}

static void pw_ac_timer_start(struct pw_ac *ac, struct timer_list *t,
			      u8 kind, u32 secs)
{
	if (timer_pending(t))
		return;
	mod_timer(t, jiffies + secs * HZ);
	pw_nl_notify_timer(ac, MPLS_PW_EVENT_TIMER_START, kind);
}

/* Stop a timer for good, including an expiry it already reported. */
static void pw_ac_timer_stop(struct pw_ac *ac, struct timer_list *t, int bit)
{
	del_timer_sync(t);
	clear_bit(bit, &ac->flags);
}

/*
 * Master (RFC 6870 master/slave, this PE decides): the primary while it is
 * up, else the secondary; holdoff delays leaving a failed PW, the reroute
 * policy decides when to go back to the primary, and a manual switchover
 * stands until its PW fails.
 */
static struct pw *pw_select_master(struct pw_ac *ac, struct pw *cur)
{
	struct pw *pri = pw_slot(ac, MPLS_PW_ROLE_PRIMARY);
	struct pw *sec = pw_slot(ac, MPLS_PW_ROLE_SECONDARY);
	bool holdoff_done = test_and_clear_bit(PW_AC_HOLDOFF, &ac->flags);
	bool reroute_done = test_and_clear_bit(PW_AC_REROUTE, &ac->flags);
	struct pw *want = NULL;

	/* told where the expiry is used, whoever selects first */
	if (holdoff_done)
		pw_nl_notify_timer(ac, MPLS_PW_EVENT_TIMER_EXPIRED,
				   MPLS_PW_TIMER_HOLDOFF);
	if (reroute_done)
		pw_nl_notify_timer(ac, MPLS_PW_EVENT_TIMER_EXPIRED,
				   MPLS_PW_TIMER_REROUTE);

	/* the bypass carries only while no service PW can: leave it at once */
	if (cur && cur->role == MPLS_PW_ROLE_BYPASS)
		cur = NULL;
	if (pri && pw_up(pri))
		want = pri;
	else if (sec && pw_up(sec))
		want = sec;

	if (ac->manual && pw_up(ac->manual)) {
		want = ac->manual;
	} else {
		ac->manual = NULL;
		if (cur && want && cur != want && !pw_up(cur) &&
		    ac->cfg.holdoff && !holdoff_done) {
			pw_ac_timer_stop(ac, &ac->reroute_timer, PW_AC_REROUTE);
			pw_ac_timer_start(ac, &ac->holdoff_timer,
					  MPLS_PW_TIMER_HOLDOFF, ac->cfg.holdoff);
			return cur;
		}
		if (cur && want && cur != want && pw_up(cur)) {
			/* the primary is back */
			pw_ac_timer_stop(ac, &ac->holdoff_timer, PW_AC_HOLDOFF);
			if (ac->cfg.reroute == MPLS_PW_REROUTE_NEVER)
				return cur;
			if (ac->cfg.reroute == MPLS_PW_REROUTE_DELAY &&
			    !reroute_done) {
				pw_ac_timer_start(ac, &ac->reroute_timer,
						  MPLS_PW_TIMER_REROUTE,
						  ac->cfg.reroute_delay);
				return cur;
			}
		}
	}
	pw_ac_timer_stop(ac, &ac->holdoff_timer, PW_AC_HOLDOFF);
	pw_ac_timer_stop(ac, &ac->reroute_timer, PW_AC_REROUTE);
	return want;
}

/* A slave, or an AC with one PW: the far end's standby bit is obeyed. */
static struct pw *pw_select_single(struct pw_ac *ac)
{
	struct pw *pri = pw_slot(ac, MPLS_PW_ROLE_PRIMARY);

	return pri && pw_up(pri) && !pw_rcvd_standby(pri) ? pri : NULL;
}

/*
 * Independent (RFC 6870 section 5.2): a PW forwards when it is up and
 * neither end signals standby; of two, the lower vc-id. When none does,
 * send on an up PW the far end holds in standby, primary first, so that
 * the far end's bypass PW can carry the traffic.
 */
static struct pw *pw_select_independent(struct pw_ac *ac, bool *fallback)
{
	struct pw *best = NULL, *pw;
	int i;

	for (i = MPLS_PW_ROLE_PRIMARY; i <= MPLS_PW_ROLE_SECONDARY; i++) {
		pw = pw_slot(ac, i);
		if (!pw || !pw_up(pw) || pw_local_standby(pw, ac) ||
		    pw_rcvd_standby(pw))
			continue;
		if (!best || pw->vc_id < best->vc_id)
			best = pw;
	}
	if (best)
		return best;
	/*
	 * A standby PE (its AC standby) keeps its service PW selected so that
	 * the bypass PW can relay onto it; that is no fallback.
	 */
	for (i = MPLS_PW_ROLE_PRIMARY; i <= MPLS_PW_ROLE_SECONDARY; i++) {
		pw = pw_slot(ac, i);
		if (pw && pw_up(pw)) {
			*fallback = ac->cfg.state == MPLS_PW_AC_STATE_ACTIVE;
			return pw;
		}
	}
	return NULL;
}

static void pw_ac_publish(struct pw_ac *ac, struct pw *old, struct pw *best);

/*
 * Choose the PW that carries the AC's traffic and publish the choice to
 * the packet path in one pointer store, so there is never a moment without
 * a valid selection; then update what each PW signals. @gone, a PW just
 * taken off the AC, may still be the published selection: it is replaced
 * whatever the timers say, never kept.
 */
void pw_ac_select_without(struct pw_ac *ac, const struct pw *gone)
{
	struct pw_net *pn = ac->pn;
	struct pw *best, *bypass, *old = pw_active(ac);
	struct pw *cur = old == gone ? NULL : old;
	bool fallback = false;
	int i;

	lockdep_assert_held(&pn->lock);
	if (ac->cfg.redundancy == MPLS_PW_REDUNDANCY_INDEPENDENT) {
		best = pw_select_independent(ac, &fallback);
	} else if (pw_slot(ac, MPLS_PW_ROLE_SECONDARY)) {
		best = pw_select_master(ac, cur);
	} else {
		/* holdoff and reroute are between a primary and a secondary */
		pw_ac_timer_stop(ac, &ac->holdoff_timer, PW_AC_HOLDOFF);
		pw_ac_timer_stop(ac, &ac->reroute_timer, PW_AC_REROUTE);
		best = pw_select_single(ac);
	}
	/* no service PW forwards: the bypass PW to the other PE does */
	bypass = pw_slot(ac, MPLS_PW_ROLE_BYPASS);
	if (!best && bypass && pw_up(bypass))
		best = bypass;

	for (i = 0; i < ARRAY_SIZE(ac->slot); i++) {
		struct pw *pw = pw_slot(ac, i);

		if (!pw)
			continue;
		if (!pw_up(pw))
			pw_set_fwd(pw, MPLS_PW_FWD_DOWN);
		else
			pw_set_fwd(pw, pw == best ? MPLS_PW_FWD_ACTIVE :
						     MPLS_PW_FWD_STANDBY);
		pw_status_set(pw, pw_status_bits(pw, best));
	}

	if (old != best)
		pw_ac_publish(ac, old, best);
	/* after the switch, so that the event names the PW fallen back to */
	if (fallback != ac->fallback) {
		ac->fallback = fallback;
		if (fallback)
			pw_nl_notify_ac(ac, MPLS_PW_CMD_AC_GET,
					MPLS_PW_EVENT_FALLBACK, NULL);
	}
}

void pw_ac_select(struct pw_ac *ac)
{
	pw_ac_select_without(ac, NULL);
}

/* Hand the packet path its new PW, and tell who wants to know. */
static void pw_ac_publish(struct pw_ac *ac, struct pw *old, struct pw *best)
{
	struct pw_net *pn = ac->pn;

	/*
	 * Only a switchover, from one PW to another, is timed; until its
	 * first frame the last measurement no longer stands.
	 */
	if (old && best) {
		ac->switchovers++;
		WRITE_ONCE(ac->switch_latency_ns, 0);
		WRITE_ONCE(ac->switch_event_ns, pn->event_ns ?: ktime_get_ns());
		WRITE_ONCE(ac->switch_to, best);
		smp_mb__before_atomic();	/* time and PW before the flag */
		set_bit(PW_AC_SWITCHING, &ac->flags);
	} else {
		clear_bit(PW_AC_SWITCHING, &ac->flags);
	}
	rcu_assign_pointer(ac->active, best);
	pr_debug("%s: active PW vc-id %u -> %u\n", ac->dev->name,
		 old ? old->vc_id : 0, best ? best->vc_id : 0);
	pn->gen++;
	pw_nl_notify_ac(ac, MPLS_PW_CMD_AC_GET, MPLS_PW_EVENT_SELECTION, NULL);
	/* the far end behind the new PW learns the CE's addresses at once */
	if (best && (ac->cfg.arp_dual_send || ac->cfg.nd_dual_send))
		pw_ds_switched(ac, best);
}

/*
 * Packet path, PW_AC_SWITCHING seen: a frame about to go on @pw. Only the
 * first one on the new PW counts, not one that read the old PW just
 * before the switch.
 */
void pw_ac_switch_seen(struct pw_ac *ac, const struct pw *pw)
{
	/* the flag, then the PW; pairs with the barrier in pw_ac_publish() */
	smp_rmb();
	if (READ_ONCE(ac->switch_to) != pw)
		return;
	if (test_and_clear_bit(PW_AC_SWITCHING, &ac->flags))
		WRITE_ONCE(ac->switch_latency_ns,
			   ktime_get_ns() - READ_ONCE(ac->switch_event_ns));
}

/* The AC's settings changed: what was decided under the old ones goes. */
void pw_ac_update(struct pw_ac *ac)
{
	lockdep_assert_held(&ac->pn->lock);
	if (ac->cfg.redundancy != MPLS_PW_REDUNDANCY_MASTER) {
		ac->manual = NULL;
		pw_ac_timer_stop(ac, &ac->holdoff_timer, PW_AC_HOLDOFF);
		pw_ac_timer_stop(ac, &ac->reroute_timer, PW_AC_REROUTE);
	}
	pw_ac_select(ac);
}

/* `pwctl ac switchover`: force the other PW while it stays up. */
int pw_ac_switchover(struct pw_ac *ac, struct netlink_ext_ack *extack)
{
	struct pw *pri = pw_slot(ac, MPLS_PW_ROLE_PRIMARY);
	struct pw *sec = pw_slot(ac, MPLS_PW_ROLE_SECONDARY);
	struct pw *cur = pw_active(ac), *other;

	lockdep_assert_held(&ac->pn->lock);
	if (ac->cfg.redundancy != MPLS_PW_REDUNDANCY_MASTER) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Manual switchover needs redundancy master: in independent mode the far ends decide");
		return -EOPNOTSUPP;
	}
	if (!pri || !sec) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Manual switchover needs a primary and a secondary PW");
		return -ENOENT;
	}
	other = cur == pri ? sec : pri;
	if (!pw_up(other)) {
		NL_SET_ERR_MSG_MOD(extack, "The other PW is not up");
		return -ENETDOWN;
	}
	ac->manual = other;
	pw_ac_select(ac);
	return 0;
}

/* An S-PE's PW (no AC): forwards while the other segment is up. */
static void pw_switch_update(struct pw *pw)
{
	struct pw *other = pw_partner(pw);

	lockdep_assert_held(&pw->pn->lock);
	if (!pw_up(pw))
		pw_set_fwd(pw, MPLS_PW_FWD_DOWN);
	else
		pw_set_fwd(pw, other && pw_up(other) ? MPLS_PW_FWD_ACTIVE :
						       MPLS_PW_FWD_STANDBY);
	pw_status_set(pw, pw_status_bits(pw, NULL));
	if (other) {
		/* what the other segment signals depends on this one */
		if (pw_up(other))
			pw_set_fwd(other, pw_up(pw) ? MPLS_PW_FWD_ACTIVE :
						      MPLS_PW_FWD_STANDBY);
		pw_status_set(other, pw_status_bits(other, NULL));
	}
}

/*
 * @pw's down reasons and forwarding state from what it depends on now. The
 * up/down event comes first, as the cause of what follows (status sent,
 * timers, selection), and carries the PW's state: down, or up and standby
 * until the selection makes it active.
 */
static void pw_update_state(struct pw *pw)
{
	u32 down = pw_down_reason(pw);
	u32 was = pw->down_reason;

	lockdep_assert_held(&pw->pn->lock);
	pw->down_reason = down;
	if ((was ^ down) & MPLS_PW_DOWN_NEIGH)
		WRITE_ONCE(pw->pn->neigh_down, pw->pn->neigh_down +
			   (down & MPLS_PW_DOWN_NEIGH ? 1 : -1));
	if (was != down)
		pw->pn->gen++;
	if (!was != !down) {
		pw_set_fwd(pw, down ? MPLS_PW_FWD_DOWN : MPLS_PW_FWD_STANDBY);
		pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET,
				down ? MPLS_PW_EVENT_PW_DOWN : MPLS_PW_EVENT_PW_UP,
				NULL);
	}
}

/* What follows from @pw's state: its AC's selection, or its switch. */
static void pw_update_selection(struct pw *pw)
{
	struct pw_ac *ac = pw_ac_of(pw);

	lockdep_assert_held(&pw->pn->lock);
	if (ac)
		pw_ac_select(ac);
	else
		pw_switch_update(pw);
}

/* Re-evaluate @pw after anything it depends on changed. */
void pw_update(struct pw *pw)
{
	pw_update_state(pw);
	pw_update_selection(pw);
}

static void pw_holdoff_expired(struct timer_list *t)
{
	struct pw_ac *ac = from_timer(ac, t, holdoff_timer);

	set_bit(PW_AC_HOLDOFF, &ac->flags);
	queue_work(pw_wq, &ac->pn->work);
}

static void pw_reroute_expired(struct timer_list *t)
{
	struct pw_ac *ac = from_timer(ac, t, reroute_timer);

	set_bit(PW_AC_REROUTE, &ac->flags);
	queue_work(pw_wq, &ac->pn->work);
}

void pw_ac_timers_init(struct pw_ac *ac)
{
	timer_setup(&ac->holdoff_timer, pw_holdoff_expired, 0);
	timer_setup(&ac->reroute_timer, pw_reroute_expired, 0);
}

/* Under the mutex: the timers only queue the event work, never wait on us. */
void pw_ac_timers_stop(struct pw_ac *ac)
{
	del_timer_sync(&ac->holdoff_timer);
	del_timer_sync(&ac->reroute_timer);
}

/*
 * The PWs queued with pw_event_queue(): status received or gone silent, a
 * dual-sending re-send that may go. A PW deleted meanwhile (off the list
 * of PWs) is only taken off the queue; pw_status_stop() waits for that.
 */
static void pw_net_pending(struct pw_net *pn)
{
	struct llist_node *list = llist_del_all(&pn->pending);
	struct pw *pw, *tmp;

	list = llist_reverse_order(list);
	llist_for_each_entry_safe(pw, tmp, list, pending) {
		/* off the queue first: an event from now on queues it again */
		clear_bit(PW_F_QUEUED, &pw->flags);
		/* the flag before what the event left; pairs with the
		 * test_and_set_bit() of pw_event_queue()
		 */
		smp_mb__after_atomic();
		if (list_empty(&pw->node))
			continue;
		if (test_bit(PW_F_RX, &pw->flags) ||
		    test_bit(PW_F_SILENT, &pw->flags) !=
		    !!(pw->down_reason & MPLS_PW_DOWN_SILENT)) {
			pn->event_ns = ktime_get_ns();
			pw_status_apply(pw);
		}
		pw_ds_settled(pw);
	}
}

/*
 * What atomic context handed over: route and neighbour changes, status
 * received or gone silent, expired timers. Applied in that order.
 */
void pw_net_work(struct work_struct *work)
{
	struct pw_net *pn = container_of(work, struct pw_net, work);
	bool route = test_and_clear_bit(PW_NET_ROUTE, &pn->events);
	struct pw_ac *ac;
	struct pw *pw;

	/*
	 * The FIB notifies before it has finished the change (a deleted
	 * route is still in its table): RTNL, which the change holds, makes
	 * us look after it. Taken and dropped: re-checking every PW must not
	 * hold up everybody else's RTNL.
	 */
	if (route) {
		rtnl_lock();
		rtnl_unlock();
	}
	mutex_lock(&pn->lock);
	if (route) {
		pn->event_ns = READ_ONCE(pn->route_ns);
		pw_tunnel_nfail_take(pn);
		/*
		 * Every PW's state before any selection, so that no AC
		 * selects among PWs of which some are not updated yet.
		 */
		list_for_each_entry(pw, &pn->pws, node) {
			/*
			 * A deleted route's cached dst may stay valid until
			 * its fib_info is freed, a grace period later: look
			 * the peer up afresh.
			 */
			dst_cache_reset(&pw->dst_cache);
			pw_update_state(pw);
		}
		list_for_each_entry(pw, &pn->pws, node)
			pw_update_selection(pw);
		pn->nfail_seen_n = 0;
	}
	pw_net_pending(pn);
	list_for_each_entry(ac, &pn->acs, node) {
		if (!test_bit(PW_AC_HOLDOFF, &ac->flags) &&
		    !test_bit(PW_AC_REROUTE, &ac->flags))
			continue;
		pn->event_ns = ktime_get_ns();
		pw_ac_select(ac);
	}
	pn->event_ns = 0;
	mutex_unlock(&pn->lock);
}

/* @pw's explicit tunnel device is being unregistered: the PW stays bound
 * to it (down), not to its ifindex, until a request names another.
 */
static void pw_unbind_tunnel(struct pw *pw, const struct pw_encap *old)
{
	struct pw_encap *encap;

	/* the device reference must go now, and the configuration stay */
	encap = kmalloc(sizeof(*encap), GFP_KERNEL | __GFP_NOFAIL);
	memcpy(encap, old, sizeof(*encap));
	encap->tun_dev = NULL;
	pw_set_encap(pw, encap);
}

/*
 * A netdev changed state (under RTNL): update what depends on it, and only
 * that, so that the cost does not grow with the number of PWs: the AC's
 * PWs, the PWs whose explicit tunnel goes through it. PWs routed through
 * the FIB are re-checked by the event work, off RTNL.
 */
void pw_dev_event(struct pw_net *pn, struct net_device *dev,
		  unsigned long event)
{
	struct pw_ac *ac = pw_ac_of_dev(pn, dev);
	struct hlist_node *tmp;
	struct pw *pw;
	int i;

	lockdep_assert_held(&pn->lock);

	if (event == NETDEV_UNREGISTER) {
		if (ac)
			pw_ac_remove(ac, NULL);
		ac = NULL;
		pw_vrrp_dev_gone(pn, dev->ifindex);
		pw_link_dev_gone(pn, dev);
	}
	/*
	 * The AC's PWs and the PWs through it as an explicit tunnel: every
	 * one's state first, so that no AC selects among PWs of which some
	 * are not updated yet (a primary and a secondary down together).
	 * Then the selections (unbinding unhashes the PW). UNREGISTER
	 * updates and selects a PW at a time: the device went down (and
	 * so its PWs, together) before it is unregistered.
	 */
	for (i = 0; ac && i < ARRAY_SIZE(ac->slot); i++) {
		pw = pw_slot(ac, i);
		if (pw)
			pw_update_state(pw);
	}
	hash_for_each_possible(pn->tunnels, pw, tnode, (unsigned long)dev) {
		const struct pw_encap *encap;

		encap = rcu_dereference_protected(pw->encap,
						  lockdep_is_held(&pn->lock));
		if (encap->tun_dev == dev && event != NETDEV_UNREGISTER)
			pw_update_state(pw);
	}
	if (ac)
		pw_ac_select(ac);
	hash_for_each_possible_safe(pn->tunnels, pw, tmp, tnode,
				    (unsigned long)dev) {
		const struct pw_encap *encap;

		encap = rcu_dereference_protected(pw->encap,
						  lockdep_is_held(&pn->lock));
		if (encap->tun_dev != dev)
			continue;
		if (event == NETDEV_UNREGISTER) {
			pw_unbind_tunnel(pw, encap);
			pw_update(pw);
		} else {
			pw_update_selection(pw);
		}
	}
	if (event != NETDEV_REGISTER)
		pw_route_event(pn);
}
