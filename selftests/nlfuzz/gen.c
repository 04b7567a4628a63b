// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: requests that pass the policies, for every command: keys mostly
 * of objects the model has (so that changes happen) and sometimes not (so
 * that the handlers refuse them), optional attributes at random, now and
 * then one left out or repeated (the last one counts). model.c says what
 * the kernel must answer.
 */
#include <arpa/inet.h>
#include <string.h>
#include <linux/netlink.h>

#include "nlfuzz.h"

static const char *const peers4[] = {
	"203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4",
};
static const char *const peers6[] = { "2001:db8:ff::1", "2001:db8:ff::2" };
static const uint32_t vcs[] = { 1, 2, 3, 4, 5, 100, 4294967295u };

/* An ifindex: a device of the netns, now and then one that is not. */
static uint32_t gen_ifindex(void)
{
	if (rnd_one_in(16))
		return rnd_one_in(2) ? 0 : 0x7ffffff0u + rnd_below(8);
	return devs[rnd_below(ndevs)].ifindex;
}

/* An AC of the model, or any device. */
static uint32_t gen_ac(const struct model *m)
{
	if (m->nacs && !rnd_one_in(4))
		return m->ac[rnd_below(m->nacs)].ifindex;
	return gen_ifindex();
}

void gen_key(struct pw_key *k, const struct model *m)
{
	if (m->npws && !rnd_one_in(4)) {
		*k = m->pw[rnd_below(m->npws)].key;
		return;
	}
	memset(k, 0, sizeof(*k));
	if (rnd_one_in(3)) {
		k->fam = 6;
		inet_pton(AF_INET6, peers6[rnd_below(2)], k->addr);
	} else {
		k->fam = 4;
		inet_pton(AF_INET, peers4[rnd_below(ARRAY_SIZE(peers4))], k->addr);
	}
	k->vc = vcs[rnd_below(ARRAY_SIZE(vcs))];
}

void gen_put_key(struct req *r, struct attr *nest, const struct pw_key *k)
{
	a_put(r, nest, k->fam == 4 ? MPLS_PW_PW_A_PEER_IPV4 :
	      MPLS_PW_PW_A_PEER_IPV6, k->addr, k->fam == 4 ? 4 : 16);
	a_u32(r, nest, MPLS_PW_PW_A_VC_ID, k->vc);
}

static uint32_t gen_label(const struct model *m)
{
	if (m->npws && rnd_one_in(4))
		return m->pw[rnd_below(m->npws)].llabel;
	if (rnd_one_in(20))
		return MPLS_PW_LABEL_MAX;
	return MPLS_PW_LABEL_MIN + rnd_below(48);
}

static bool maybe(void)
{
	return rnd_one_in(3);
}

static void gen_tunnel(struct req *r, struct attr *n)
{
	struct attr *t = a_nest(r, n, MPLS_PW_PW_A_TUNNEL);
	uint32_t labels[MPLS_PW_TUNNEL_LABELS_MAX], i, nl;
	uint8_t via[16];

	if (!t || rnd_one_in(5))
		return;		/* empty: back to the FIB */
	if (rnd_one_in(3)) {
		inet_pton(AF_INET6, "2001:db8:1::2", via);
		a_put(r, t, MPLS_PW_TUNNEL_A_VIA_IPV6, via, 16);
	} else {
		inet_pton(AF_INET, "198.51.100.2", via);
		a_put(r, t, MPLS_PW_TUNNEL_A_VIA_IPV4, via, 4);
	}
	if (!rnd_one_in(20))
		a_u32(r, t, MPLS_PW_TUNNEL_A_IFINDEX, gen_ifindex());
	if (rnd_one_in(2)) {
		nl = rnd_below(MPLS_PW_TUNNEL_LABELS_MAX + 1);
		for (i = 0; i < nl; i++)
			labels[i] = rnd_one_in(30) ? rnd_below(16) :
				    16 + rnd_below(2000);
		if (nl == 1 && rnd_one_in(4))
			labels[0] = 3;
		a_put(r, t, MPLS_PW_TUNNEL_A_LABELS, labels, nl * 4);
	}
}

static void gen_track(struct req *r, struct attr *n)
{
	struct attr *t = a_nest(r, n, MPLS_PW_PW_A_TRACK_VRRP);

	if (!t || rnd_one_in(4))
		return;		/* empty: no tracking */
	if (!rnd_one_in(20))
		a_u32(r, t, MPLS_PW_TRACK_A_IFINDEX, gen_ifindex());
	if (!rnd_one_in(20))
		a_u8(r, t, MPLS_PW_TRACK_A_VRID, 1 + rnd_below(3));
	if (maybe())
		a_u8(r, t, MPLS_PW_TRACK_A_PW_REDUNDANCY, rnd_below(2));
}

/* The attributes of PW_NEW and PW_SET past the key. */
static void gen_pw_body(struct req *r, struct attr *n, const struct model *m,
			bool add)
{
	if (add || maybe())
		a_u32(r, n, MPLS_PW_PW_A_LOCAL_LABEL, gen_label(m));
	if (add || maybe())
		a_u32(r, n, MPLS_PW_PW_A_REMOTE_LABEL,
		      MPLS_PW_LABEL_MIN + rnd_below(MPLS_PW_LABEL_MAX - 15));
	if (rnd_one_in(add ? 2 : 4))
		a_u32(r, n, MPLS_PW_PW_A_IFINDEX, gen_ac(m));
	if (maybe())
		a_u8(r, n, MPLS_PW_PW_A_ROLE, rnd_below(4));
	if (maybe())
		a_u8(r, n, MPLS_PW_PW_A_CONTROL_WORD, rnd_below(2));
	if (rnd_one_in(5))
		a_u8(r, n, MPLS_PW_PW_A_MODE, rnd_below(2));
	if (rnd_one_in(5))
		a_u16(r, n, MPLS_PW_PW_A_VLAN_ID, rnd_one_in(3) ? 0 :
		      rnd_below(4095));
	if (rnd_one_in(5))
		a_u8(r, n, MPLS_PW_PW_A_TTL, 1 + rnd_below(255));
	if (maybe())
		gen_tunnel(r, n);
	if (rnd_one_in(5))
		a_u8(r, n, MPLS_PW_PW_A_IGNORE_STANDBY, rnd_below(2));
	if (rnd_one_in(5))
		gen_track(r, n);
	if (rnd_one_in(5))
		a_u8(r, n, MPLS_PW_PW_A_STATUS_SIGNALING, rnd_below(2));
	if (rnd_one_in(5))
		a_u16(r, n, MPLS_PW_PW_A_REFRESH, (uint16_t)rnd());
	if (rnd_one_in(4))
		a_u8(r, n, MPLS_PW_PW_A_ADMIN_UP, rnd_below(2));
	if (!add && rnd_one_in(5))
		a_u8(r, n, MPLS_PW_PW_A_REMOTE_STATUS, rnd_below(3));
}

static void gen_ac_body(struct req *r, struct attr *n)
{
	if (maybe())
		a_u8(r, n, MPLS_PW_AC_A_REDUNDANCY, rnd_below(2));
	if (maybe())
		a_u8(r, n, MPLS_PW_AC_A_STATE, rnd_below(2));
	if (rnd_one_in(4))
		a_u8(r, n, MPLS_PW_AC_A_DUAL_RECEIVE, rnd_below(2));
	if (rnd_one_in(4))
		a_u8(r, n, MPLS_PW_AC_A_ARP_DUAL_SEND, rnd_below(2));
	if (rnd_one_in(5))
		a_u32(r, n, MPLS_PW_AC_A_ARP_EXPIRE, MPLS_PW_EXPIRE_MIN +
		      (uint32_t)(rnd() % (4294967296ULL - MPLS_PW_EXPIRE_MIN)));
	if (rnd_one_in(4))
		a_u8(r, n, MPLS_PW_AC_A_ND_DUAL_SEND, rnd_below(2));
	if (rnd_one_in(5))
		a_u32(r, n, MPLS_PW_AC_A_ND_EXPIRE, MPLS_PW_EXPIRE_MIN +
		      rnd_below(100000));
	if (rnd_one_in(5))
		a_u8(r, n, MPLS_PW_AC_A_REROUTE, rnd_below(3));
	if (rnd_one_in(5))
		a_u32(r, n, MPLS_PW_AC_A_REROUTE_DELAY,
		      MPLS_PW_REROUTE_DELAY_MIN +
		      rnd_below(MPLS_PW_REROUTE_DELAY_MAX -
				MPLS_PW_REROUTE_DELAY_MIN + 1));
	if (rnd_one_in(5))
		a_u32(r, n, MPLS_PW_AC_A_HOLDOFF,
		      rnd_one_in(2) ? 0 : rnd_below(MPLS_PW_HOLDOFF_MAX + 1));
}

/* Two PW keys in a switch nest: PWs without an AC, mostly. */
static void gen_switch(struct req *r, struct attr *n, const struct model *m)
{
	unsigned int i, cnt = rnd_one_in(10) ? rnd_below(4) : 2;
	struct pw_key k;
	int tries;

	for (i = 0; i < cnt; i++) {
		struct attr *p = a_nest(r, n, MPLS_PW_SWITCH_A_PW);

		if (!p)
			return;
		for (tries = 0; tries < 4; tries++) {
			int j;

			gen_key(&k, m);
			j = m_find_pw(m, &k);
			if (j >= 0 && !m->pw[j].ifindex)
				break;
		}
		gen_put_key(r, p, &k);
	}
}

static const struct {
	uint8_t cmd;
	uint8_t weight;
} mix[] = {
	{ MPLS_PW_CMD_AC_NEW, 8 },	{ MPLS_PW_CMD_AC_SET, 10 },
	{ MPLS_PW_CMD_AC_DEL, 2 },	{ MPLS_PW_CMD_AC_SWITCHOVER, 3 },
	{ MPLS_PW_CMD_AC_GET, 3 },	{ MPLS_PW_CMD_PW_NEW, 16 },
	{ MPLS_PW_CMD_PW_SET, 18 },	{ MPLS_PW_CMD_PW_DEL, 3 },
	{ MPLS_PW_CMD_PW_GET, 4 },	{ MPLS_PW_CMD_SWITCH_NEW, 6 },
	{ MPLS_PW_CMD_SWITCH_DEL, 3 },	{ MPLS_PW_CMD_VRRP_SET, 5 },
	{ MPLS_PW_CMD_VRRP_DEL, 3 },	{ MPLS_PW_CMD_LINK_SET, 4 },
	{ MPLS_PW_CMD_LINK_GET, 2 },	{ MPLS_PW_CMD_NET_SET, 2 },
	{ MPLS_PW_CMD_NET_GET, 1 },	{ MPLS_PW_CMD_STATS_GET, 1 },
};

static uint8_t gen_cmd(void)
{
	unsigned int total = 0, i, x;

	for (i = 0; i < ARRAY_SIZE(mix); i++)
		total += mix[i].weight;
	x = rnd_below(total);
	for (i = 0; x >= mix[i].weight; i++)
		x -= mix[i].weight;
	return mix[i].cmd;
}

/* The u8 attributes where 0 is out of range: no flipped copy of 1. */
static bool gen_no_flip(uint8_t cmd, uint16_t type)
{
	switch (cmd) {
	case MPLS_PW_CMD_PW_NEW:
	case MPLS_PW_CMD_PW_SET:
		return type == MPLS_PW_PW_A_TTL;
	case MPLS_PW_CMD_VRRP_SET:
	case MPLS_PW_CMD_VRRP_DEL:
		return type == MPLS_PW_VRRP_A_VRID;
	}
	return false;
}

/* One attribute of the object nest left out, or one repeated first. */
static void gen_alter(struct req *r)
{
	struct attr *n = r->top.n ? r->top.ch[0] : NULL, *a, *copy;
	unsigned int i;

	if (!n || !n->n)
		return;
	i = rnd_below(n->n);
	if (rnd_one_in(2)) {
		a_remove(n, i);
		return;
	}
	a = n->ch[i];
	if (a->nest || n->n >= ATTR_CHILDREN)
		return;
	/* a copy before it: the kernel takes the last one; a boolean
	 * repeated is flipped first
	 */
	copy = a_put(r, n, a->type, a->data, a->len);
	if (!copy)
		return;
	n->n--;
	if (a->len == 1 && a->data[0] <= 1 && !gen_no_flip(r->cmd, a->type))
		copy->data[0] ^= 1;
	memmove(&n->ch[i + 1], &n->ch[i], (n->n - i) * sizeof(n->ch[0]));
	n->ch[i] = copy;
	n->n++;
}

void gen_request(struct req *r, const struct model *m)
{
	uint8_t cmd = gen_cmd();
	struct attr *n;
	struct pw_key k;
	uint32_t v;

	/* far more PWs than the key space allows cannot happen; still */
	if (cmd == MPLS_PW_CMD_PW_NEW && m->npws >= MAX_PWS - 1)
		cmd = MPLS_PW_CMD_PW_DEL;
	if (cmd == MPLS_PW_CMD_VRRP_SET && m->nvrrps >= MAX_VRRPS - 1)
		cmd = MPLS_PW_CMD_VRRP_DEL;
	req_init(r, cmd);
	switch (cmd) {
	case MPLS_PW_CMD_AC_NEW:
	case MPLS_PW_CMD_AC_SET:
		n = a_nest(r, &r->top, MPLS_PW_A_AC);
		a_u32(r, n, MPLS_PW_AC_A_IFINDEX, cmd == MPLS_PW_CMD_AC_NEW &&
		      !rnd_one_in(4) ? gen_ifindex() : gen_ac(m));
		gen_ac_body(r, n);
		break;
	case MPLS_PW_CMD_AC_DEL:
	case MPLS_PW_CMD_AC_GET:
	case MPLS_PW_CMD_AC_SWITCHOVER:
		n = a_nest(r, &r->top, MPLS_PW_A_AC);
		a_u32(r, n, MPLS_PW_AC_A_IFINDEX, gen_ac(m));
		break;
	case MPLS_PW_CMD_PW_NEW:
	case MPLS_PW_CMD_PW_SET:
	case MPLS_PW_CMD_PW_DEL:
	case MPLS_PW_CMD_PW_GET:
		n = a_nest(r, &r->top, MPLS_PW_A_PW);
		gen_key(&k, m);
		gen_put_key(r, n, &k);
		if (cmd == MPLS_PW_CMD_PW_NEW || cmd == MPLS_PW_CMD_PW_SET)
			gen_pw_body(r, n, m, cmd == MPLS_PW_CMD_PW_NEW);
		break;
	case MPLS_PW_CMD_SWITCH_NEW:
	case MPLS_PW_CMD_SWITCH_DEL:
		n = a_nest(r, &r->top, MPLS_PW_A_SWITCH);
		if (cmd == MPLS_PW_CMD_SWITCH_DEL && rnd_one_in(2)) {
			/* a switch the model has, either way round */
			unsigned int i;

			for (i = 0; i < m->npws; i++)
				if (m->pw[i].partner >= 0)
					break;
			if (i < m->npws) {
				int a = rnd_one_in(2) ? (int)i : m->pw[i].partner;
				int b = a == (int)i ? m->pw[i].partner : (int)i;

				gen_put_key(r, a_nest(r, n, MPLS_PW_SWITCH_A_PW),
					    &m->pw[a].key);
				gen_put_key(r, a_nest(r, n, MPLS_PW_SWITCH_A_PW),
					    &m->pw[b].key);
				break;
			}
		}
		gen_switch(r, n, m);
		break;
	case MPLS_PW_CMD_VRRP_SET:
	case MPLS_PW_CMD_VRRP_DEL:
		n = a_nest(r, &r->top, MPLS_PW_A_VRRP);
		if (cmd == MPLS_PW_CMD_VRRP_DEL && m->nvrrps &&
		    !rnd_one_in(3)) {
			const struct m_vrrp *g = &m->vrrp[rnd_below(m->nvrrps)];

			a_u32(r, n, MPLS_PW_VRRP_A_IFINDEX, g->ifindex);
			a_u8(r, n, MPLS_PW_VRRP_A_VRID, g->vrid);
			break;
		}
		a_u32(r, n, MPLS_PW_VRRP_A_IFINDEX, gen_ifindex());
		a_u8(r, n, MPLS_PW_VRRP_A_VRID, rnd_one_in(8) ? 255 :
		     1 + rnd_below(3));
		if (cmd == MPLS_PW_CMD_VRRP_SET)
			a_u8(r, n, MPLS_PW_VRRP_A_STATE, rnd_below(2));
		break;
	case MPLS_PW_CMD_LINK_SET:
	case MPLS_PW_CMD_LINK_GET:
		n = a_nest(r, &r->top, MPLS_PW_A_LINK);
		a_u32(r, n, MPLS_PW_LINK_A_IFINDEX, gen_ifindex());
		if (cmd == MPLS_PW_CMD_LINK_SET && !rnd_one_in(8))
			a_u8(r, n, MPLS_PW_LINK_A_MPLS_INPUT, rnd_below(2));
		break;
	case MPLS_PW_CMD_NET_SET:
		n = a_nest(r, &r->top, MPLS_PW_A_NET);
		switch (rnd_below(4)) {
		case 0:
			v = (uint32_t)rnd();
			break;
		case 1:
			v = m->npws + rnd_below(3);
			v = v ? v - 1 : 0;
			break;
		default:
			v = MPLS_PW_MAX_PWS_DEFAULT;
		}
		if (!rnd_one_in(8))
			a_u32(r, n, MPLS_PW_NET_A_MAX_PWS, v);
		break;
	}
	if (rnd_one_in(12))
		gen_alter(r);
	/* the one flag the genetlink core lets through besides NLM_F_REQUEST
	 * and NLM_F_ACK: an echo comes before the ack; and a version the
	 * family does not look at
	 */
	if (rnd_one_in(10))
		r->flags |= NLM_F_ECHO;
	if (rnd_one_in(20))
		r->version = (uint8_t)rnd();
}

void gen_dump(struct req *r, uint8_t cmd, const struct model *m)
{
	struct attr *n;
	struct pw_key k;

	req_init(r, cmd);
	r->flags = NLM_F_REQUEST | NLM_F_DUMP;
	if (cmd != MPLS_PW_CMD_PW_GET || rnd_one_in(2))
		return;
	n = a_nest(r, &r->top, MPLS_PW_A_PW);
	if (rnd_one_in(2)) {
		a_u32(r, n, MPLS_PW_PW_A_IFINDEX, gen_ac(m));
	} else {
		gen_key(&k, m);
		a_put(r, n, k.fam == 4 ? MPLS_PW_PW_A_PEER_IPV4 :
		      MPLS_PW_PW_A_PEER_IPV6, k.addr, k.fam == 4 ? 4 : 16);
	}
}
