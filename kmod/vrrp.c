// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: VRRP group states, set from userspace (e.g. a keepalived notify
 * script), and the PWs that track them (track-vrrp). A PW tracking a group
 * without pw-redundancy does not forward while it is backup; with it, the
 * group state sets the status the PW signals (master: active, backup:
 * standby). A group nobody set, or one forgotten, counts as backup.
 */
#include <linux/slab.h>

#include "pw.h"

struct pw_vrrp *pw_vrrp_find(struct pw_net *pn, int ifindex, u8 vrid)
{
	struct pw_vrrp *v;

	lockdep_assert_held(&pn->lock);
	list_for_each_entry(v, &pn->vrrps, node)
		if (v->ifindex == ifindex && v->vrid == vrid)
			return v;
	return NULL;
}

bool pw_vrrp_master(struct pw_net *pn, const struct pw_track *track)
{
	struct pw_vrrp *v;

	if (track->gone)
		return false;
	v = pw_vrrp_find(pn, track->ifindex, track->vrid);
	return v && v->state == MPLS_PW_VRRP_MASTER;
}

/* The PWs tracking (@ifindex, @vrid) re-evaluate. */
static void pw_vrrp_changed(struct pw_net *pn, int ifindex, u8 vrid)
{
	struct pw *pw;

	list_for_each_entry(pw, &pn->pws, node)
		if (pw->track.ifindex == ifindex && pw->track.vrid == vrid)
			pw_update(pw);
}

int pw_vrrp_set(struct pw_net *pn, int ifindex, u8 vrid, u8 state)
{
	struct pw_vrrp *v = pw_vrrp_find(pn, ifindex, vrid);

	lockdep_assert_held(&pn->lock);
	if (!v) {
		v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
		if (!v)
			return -ENOMEM;
		v->ifindex = ifindex;
		v->vrid = vrid;
		list_add_tail(&v->node, &pn->vrrps);
	} else if (v->state == state) {
		return 0;
	}
	v->state = state;
	pn->gen++;
	pw_vrrp_changed(pn, ifindex, vrid);
	return 0;
}

void pw_vrrp_del(struct pw_net *pn, struct pw_vrrp *v)
{
	int ifindex = v->ifindex;
	u8 vrid = v->vrid;

	lockdep_assert_held(&pn->lock);
	list_del(&v->node);
	kfree(v);
	pn->gen++;
	pw_vrrp_changed(pn, ifindex, vrid);
}

/*
 * The VRRP interface went away: its groups go with it, and the PWs that
 * track it stay bound to it, not to its ifindex.
 */
void pw_vrrp_dev_gone(struct pw_net *pn, int ifindex)
{
	struct pw_vrrp *v, *tmp;
	struct pw *pw;

	list_for_each_entry(pw, &pn->pws, node)
		if (pw->track.ifindex == ifindex)
			pw->track.gone = true;
	list_for_each_entry_safe(v, tmp, &pn->vrrps, node)
		if (v->ifindex == ifindex)
			pw_vrrp_del(pn, v);
}

void pw_vrrp_flush(struct pw_net *pn)
{
	struct pw_vrrp *v, *tmp;

	list_for_each_entry_safe(v, tmp, &pn->vrrps, node) {
		list_del(&v->node);
		kfree(v);
	}
}
