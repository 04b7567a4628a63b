// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: PW objects, their lifetime and the local label table.
 */
#include <linux/jhash.h>
#include <linux/slab.h>

#include "pw.h"

struct pw_pcpu_stats __percpu *pw_stats_alloc(void)
{
	struct pw_pcpu_stats __percpu *stats;
	int cpu;

	stats = alloc_percpu_gfp(struct pw_pcpu_stats, GFP_KERNEL_ACCOUNT);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

void pw_stats_read(struct pw_pcpu_stats __percpu *stats, u64 *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(u64) * PW_STATS_N);
	for_each_possible_cpu(cpu) {
		const struct pw_pcpu_stats *s = per_cpu_ptr(stats, cpu);
		u64 v[PW_STATS_N];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < PW_STATS_N; i++)
				v[i] = u64_stats_read(&s->c[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < PW_STATS_N; i++)
			sum[i] += v[i];
	}
}

static bool pw_addr_equal(const struct pw_addr *a, const struct pw_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->v4 == b->v4;
	return ipv6_addr_equal(&a->v6, &b->v6);
}

/* The (peer, vc-id) table: control path only, under the pernet mutex. */
struct pw_key {
	const struct pw_addr *peer;
	u32 vc_id;
};

static u32 pw_key_hash(const struct pw_addr *peer, u32 vc_id, u32 seed)
{
	if (peer->family == AF_INET)
		return jhash_2words((__force u32)peer->v4, vc_id, seed);
	return jhash2((const u32 *)&peer->v6, 4, vc_id ^ seed);
}

static u32 pw_key_hashfn(const void *data, u32 len, u32 seed)
{
	const struct pw_key *key = data;

	return pw_key_hash(key->peer, key->vc_id, seed);
}

static u32 pw_key_obj_hashfn(const void *data, u32 len, u32 seed)
{
	const struct pw *pw = data;

	return pw_key_hash(&pw->peer, pw->vc_id, seed);
}

static int pw_key_obj_cmpfn(struct rhashtable_compare_arg *arg,
			    const void *obj)
{
	const struct pw_key *key = arg->key;
	const struct pw *pw = obj;

	return !(pw->vc_id == key->vc_id && pw_addr_equal(&pw->peer, key->peer));
}

static const struct rhashtable_params pw_key_params = {
	.head_offset		= offsetof(struct pw, knode),
	.key_len		= sizeof(struct pw_key),
	.hashfn			= pw_key_hashfn,
	.obj_hashfn		= pw_key_obj_hashfn,
	.obj_cmpfn		= pw_key_obj_cmpfn,
	.automatic_shrinking	= true,
};

int pw_keys_init(struct pw_net *pn)
{
	return rhashtable_init(&pn->keys, &pw_key_params);
}

/* Every PW is gone (pw_remove()) by now. */
void pw_keys_destroy(struct pw_net *pn)
{
	rhashtable_destroy(&pn->keys);
}

struct pw *pw_find(struct pw_net *pn, const struct pw_addr *peer, u32 vc_id)
{
	struct pw_key key = { .peer = peer, .vc_id = vc_id };

	lockdep_assert_held(&pn->lock);
	return rhashtable_lookup_fast(&pn->keys, &key, pw_key_params);
}

struct pw *pw_find_label(struct pw_net *pn, u32 label)
{
	struct pw *pw;

	lockdep_assert_held(&pn->lock);
	hash_for_each_possible(pn->labels, pw, hnode, label)
		if (pw->local_label == label)
			return pw;
	return NULL;
}

/* The packet path's label lookup. */
struct pw *pw_lookup_rcu(struct pw_net *pn, u32 label)
{
	struct pw *pw;

	hash_for_each_possible_rcu(pn->labels, pw, hnode, label)
		if (READ_ONCE(pw->local_label) == label)
			return pw;
	return NULL;
}

void pw_encap_free(struct pw_encap *encap)
{
	if (!encap)
		return;
	netdev_put(encap->tun_dev, &encap->tun_tracker);
	kfree(encap);
}

static void pw_encap_free_rcu_cb(struct rcu_head *head)
{
	pw_encap_free(container_of(head, struct pw_encap, rcu));
}

/* An encap no longer published may still be in use by a reader. */
void pw_encap_free_rcu(struct pw_encap *encap)
{
	if (encap)
		call_rcu(&encap->rcu, pw_encap_free_rcu_cb);
}

/* A new, unlinked PW: nobody else can see it until pw_link(). */
struct pw *pw_create(struct pw_net *pn, const struct pw_addr *peer, u32 vc_id,
		     u32 local_label)
{
	struct pw *pw;

	pw = kzalloc(sizeof(*pw), GFP_KERNEL_ACCOUNT);
	if (!pw)
		return NULL;
	pw->stats = pw_stats_alloc();
	if (!pw->stats)
		goto err_free;
	if (dst_cache_init(&pw->dst_cache, GFP_KERNEL_ACCOUNT))
		goto err_stats;
	pw->pn = pn;
	pw->peer = *peer;
	pw->vc_id = vc_id;
	pw->local_label = local_label;
	pw->admin_up = true;
	pw->role = MPLS_PW_ROLE_NONE;
	pw->fwd = MPLS_PW_FWD_DOWN;
	pw->last_change = get_jiffies_64();
	pw->refresh = MPLS_PW_REFRESH_DEFAULT;
	INIT_LIST_HEAD(&pw->node);
	INIT_HLIST_NODE(&pw->tnode);
	pw_status_init(pw);
	return pw;

err_stats:
	free_percpu(pw->stats);
err_free:
	kfree(pw);
	return NULL;
}

/*
 * Publish a PW created by pw_create(): from here the packet path finds it.
 * The only step that can fail (the key table may have to grow) comes first.
 */
int pw_link(struct pw *pw)
{
	struct pw_net *pn = pw->pn;
	int err;

	lockdep_assert_held(&pn->lock);
	err = rhashtable_insert_fast(&pn->keys, &pw->knode, pw_key_params);
	if (err)
		return err;
	list_add_tail(&pw->node, &pn->pws);
	hash_add_rcu(pn->labels, &pw->hnode, pw->local_label);
	WRITE_ONCE(pn->npws, pn->npws + 1);
	pn->gen++;
	return 0;
}

/* File @pw under its encap's explicit tunnel device, if it names one. */
void pw_index_tunnel(struct pw *pw)
{
	const struct pw_encap *encap;

	encap = rcu_dereference_protected(pw->encap,
					  lockdep_is_held(&pw->pn->lock));
	hash_del(&pw->tnode);
	if (encap && encap->explicit && encap->tun_dev)
		hash_add(pw->pn->tunnels, &pw->tnode,
			 (unsigned long)encap->tun_dev);
}

/* Swap in a new data-plane configuration; the old one goes after a grace
 * period, and so does any route cached for it.
 */
void pw_set_encap(struct pw *pw, struct pw_encap *encap)
{
	struct pw_encap *old;

	lockdep_assert_held(&pw->pn->lock);
	old = rcu_replace_pointer(pw->encap, encap,
				  lockdep_is_held(&pw->pn->lock));
	pw_index_tunnel(pw);
	dst_cache_reset(&pw->dst_cache);
	pw_encap_free_rcu(old);
	pw->pn->gen++;
}

/*
 * A new local label: readers walking the old bucket must be done with the
 * node before it moves to another chain.
 */
void pw_set_label(struct pw *pw, u32 label)
{
	lockdep_assert_held(&pw->pn->lock);
	hash_del_rcu(&pw->hnode);
	synchronize_net();
	WRITE_ONCE(pw->local_label, label);
	hash_add_rcu(pw->pn->labels, &pw->hnode, label);
	pw->pn->gen++;
}

/*
 * Stitch two PWs without an AC (an S-PE, RFC 6073): frames received on
 * one are sent on the other, and each signals what the other's far end
 * and path say.
 */
void pw_switch_link(struct pw *a, struct pw *b)
{
	lockdep_assert_held(&a->pn->lock);
	a->switch_first = true;
	b->switch_first = false;
	rcu_assign_pointer(a->partner, b);
	rcu_assign_pointer(b->partner, a);
	a->pn->gen++;
	pw_update(a);
	pw_update(b);
}

void pw_switch_unlink(struct pw *pw)
{
	struct pw *other = rcu_dereference_protected(pw->partner,
					lockdep_is_held(&pw->pn->lock));

	if (!other)
		return;
	RCU_INIT_POINTER(pw->partner, NULL);
	RCU_INIT_POINTER(other->partner, NULL);
	pw->pn->gen++;
	pw_update(other);
}

/* A PW that pw_link() never published. */
void pw_destroy(struct pw *pw)
{
	dst_cache_destroy(&pw->dst_cache);
	free_percpu(pw->stats);
	kfree(pw);
}

/* Runs a grace period after pw_remove(): nobody can reach the PW any more,
 * so its timers, once stopped, stay stopped.
 */
static void pw_free_work(struct work_struct *work)
{
	struct pw *pw = container_of(to_rcu_work(work), struct pw, free_work);

	pw_status_stop(pw);
	pw_encap_free(rcu_dereference_protected(pw->encap, 1));
	dst_cache_destroy(&pw->dst_cache);
	free_percpu(pw->stats);
	kfree(pw);
}

/*
 * Unlink a PW: after this no new reader finds it, through the label table
 * or its AC. Readers that already hold it (the packet path and its timers,
 * under RCU) may use it until the grace period ends, then it is freed.
 */
void pw_remove(struct pw *pw, struct genl_info *info)
{
	struct pw_net *pn = pw->pn;

	lockdep_assert_held(&pn->lock);
	hash_del_rcu(&pw->hnode);
	rhashtable_remove_fast(&pn->keys, &pw->knode, pw_key_params);
	hash_del(&pw->tnode);
	/* empty: the event work skips it (pw_net_pending()) */
	list_del_init(&pw->node);
	WRITE_ONCE(pn->npws, pn->npws - 1);
	if (pw->down_reason & MPLS_PW_DOWN_NEIGH)
		WRITE_ONCE(pn->neigh_down, pn->neigh_down - 1);
	pw_ac_detach(pw);
	pw_switch_unlink(pw);
	pn->gen++;
	pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_DEL, MPLS_PW_EVENT_DELETED, info);
	INIT_RCU_WORK(&pw->free_work, pw_free_work);
	queue_rcu_work(pw_free_wq, &pw->free_work);
}
