// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: the model. model_run() reads a request the way the family does
 * (kmod/nl_*.c: the last of repeated attributes wins, the checks in the
 * order the handlers make them) and says what the kernel must answer; when
 * the request succeeds it applies it to the model. Only requests that pass
 * the policies come here: what the policies refuse is fuzz.c's.
 */
#include <errno.h>
#include <string.h>
#include <linux/netlink.h>

#include "nlfuzz.h"

struct dev devs[MAX_DEVS];
unsigned int ndevs;

struct dev *dev_by_ifindex(uint32_t ifindex)
{
	unsigned int i;

	for (i = 0; i < ndevs; i++)
		if (devs[i].ifindex == ifindex)
			return &devs[i];
	return NULL;
}

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->max_pws = MPLS_PW_MAX_PWS_DEFAULT;
}

int m_find_pw(const struct model *m, const struct pw_key *k)
{
	unsigned int i;

	for (i = 0; i < m->npws; i++)
		if (m->pw[i].key.fam == k->fam && m->pw[i].key.vc == k->vc &&
		    !memcmp(m->pw[i].key.addr, k->addr, k->fam == 4 ? 4 : 16))
			return (int)i;
	return -1;
}

int m_find_ac(const struct model *m, uint32_t ifindex)
{
	unsigned int i;

	for (i = 0; i < m->nacs; i++)
		if (m->ac[i].ifindex == ifindex)
			return (int)i;
	return -1;
}

int m_find_label(const struct model *m, uint32_t label)
{
	unsigned int i;

	for (i = 0; i < m->npws; i++)
		if (m->pw[i].llabel == label)
			return (int)i;
	return -1;
}

/* The PW in @role on the AC @ifindex, -1 if none. */
static int m_slot(const struct model *m, uint32_t ifindex, uint8_t role)
{
	unsigned int i;

	for (i = 0; i < m->npws; i++)
		if (m->pw[i].ifindex == ifindex && m->pw[i].role == role)
			return (int)i;
	return -1;
}

void model_del_pw(struct model *m, int i)
{
	unsigned int j;

	if (m->pw[i].partner >= 0)
		m->pw[m->pw[i].partner].partner = -1;
	m->npws--;
	if ((unsigned int)i != m->npws)
		m->pw[i] = m->pw[m->npws];
	/* the PW moved into slot i: its partner points at it anew */
	for (j = 0; j < m->npws; j++)
		if (m->pw[j].partner == (int)m->npws)
			m->pw[j].partner = i;
}

/* ---- ACs ---- */

static void ac_default(struct m_ac *c, uint32_t ifindex)
{
	memset(c, 0, sizeof(*c));
	c->ifindex = ifindex;
	c->red = MPLS_PW_REDUNDANCY_MASTER;
	c->state = MPLS_PW_AC_STATE_ACTIVE;
	c->arp_exp = MPLS_PW_ARP_EXPIRE_DEFAULT;
	c->nd_exp = MPLS_PW_ND_EXPIRE_DEFAULT;
	c->reroute = MPLS_PW_REROUTE_DELAY;
	c->delay = MPLS_PW_REROUTE_DELAY_DEFAULT;
}

/* The value of an attribute of @n into @v, if it is there. */
static void get_u8(const struct attr *n, uint16_t type, uint8_t *v)
{
	const struct attr *a = a_get(n, type);

	if (a)
		*v = a_get_u8(a);
}

static void get_u16(const struct attr *n, uint16_t type, uint16_t *v)
{
	const struct attr *a = a_get(n, type);

	if (a)
		*v = a_get_u16(a);
}

static void get_u32(const struct attr *n, uint16_t type, uint32_t *v)
{
	const struct attr *a = a_get(n, type);

	if (a)
		*v = a_get_u32(a);
}

/* pw_nl_parse_ac_cfg(): @have_ac says the AC exists (SET) */
static int ac_cfg(const struct model *m, const struct attr *n,
		  struct m_ac *c, bool have_ac)
{
	const struct attr *a;

	get_u8(n, MPLS_PW_AC_A_ARP_DUAL_SEND, &c->arp);
	get_u32(n, MPLS_PW_AC_A_ARP_EXPIRE, &c->arp_exp);
	get_u8(n, MPLS_PW_AC_A_ND_DUAL_SEND, &c->nd);
	get_u32(n, MPLS_PW_AC_A_ND_EXPIRE, &c->nd_exp);
	get_u8(n, MPLS_PW_AC_A_REDUNDANCY, &c->red);
	get_u8(n, MPLS_PW_AC_A_STATE, &c->state);
	get_u8(n, MPLS_PW_AC_A_DUAL_RECEIVE, &c->dual);
	get_u8(n, MPLS_PW_AC_A_REROUTE, &c->reroute);
	a = a_get(n, MPLS_PW_AC_A_REROUTE_DELAY);
	if (a) {
		c->delay = a_get_u32(a);
		if (!a_get(n, MPLS_PW_AC_A_REROUTE))
			c->reroute = MPLS_PW_REROUTE_DELAY;
	}
	get_u32(n, MPLS_PW_AC_A_HOLDOFF, &c->holdoff);
	if (c->red == MPLS_PW_REDUNDANCY_INDEPENDENT) {
		if (a_get(n, MPLS_PW_AC_A_REROUTE) ||
		    a_get(n, MPLS_PW_AC_A_REROUTE_DELAY))
			return -EINVAL;
		if (a_get(n, MPLS_PW_AC_A_HOLDOFF) && c->holdoff)
			return -EINVAL;
		c->holdoff = 0;
	}
	if (c->dual && have_ac &&
	    m_slot(m, c->ifindex, MPLS_PW_ROLE_BYPASS) >= 0)
		return -EINVAL;
	return 0;
}

static int ac_new(struct model *m, const struct attr *n)
{
	const struct attr *ifa;
	struct dev *dev;
	struct m_ac c;
	int err;

	ifa = a_get(n, MPLS_PW_AC_A_IFINDEX);
	if (!ifa)
		return -EINVAL;
	ac_default(&c, a_get_u32(ifa));
	err = ac_cfg(m, n, &c, false);
	if (err)
		return err;
	dev = dev_by_ifindex(c.ifindex);
	if (!dev)
		return -ENODEV;
	if (m_find_ac(m, c.ifindex) >= 0)
		return -EEXIST;
	if (!dev->ether)
		return -EINVAL;
	m->ac[m->nacs++] = c;
	return 0;
}

/* pw_nl_get_ac() */
static int ac_lookup(const struct model *m, const struct attr *n, int *i)
{
	const struct attr *ifa = a_get(n, MPLS_PW_AC_A_IFINDEX);

	if (!ifa)
		return -EINVAL;
	*i = m_find_ac(m, a_get_u32(ifa));
	return *i < 0 ? -ENOENT : 0;
}

static int ac_set(struct model *m, const struct attr *n)
{
	struct m_ac c;
	int err, i;

	err = ac_lookup(m, n, &i);
	if (err)
		return err;
	c = m->ac[i];
	err = ac_cfg(m, n, &c, true);
	if (err)
		return err;
	m->ac[i] = c;
	return 0;
}

static int ac_del(struct model *m, const struct attr *n)
{
	uint32_t ifindex;
	unsigned int j;
	int err, i;

	err = ac_lookup(m, n, &i);
	if (err)
		return err;
	ifindex = m->ac[i].ifindex;
	for (j = m->npws; j-- > 0;)
		if (m->pw[j].ifindex == ifindex)
			model_del_pw(m, (int)j);
	m->ac[i] = m->ac[--m->nacs];
	return 0;
}

static enum verdict ac_switchover(struct model *m, const struct attr *n,
				  int *err)
{
	int i;

	*err = ac_lookup(m, n, &i);
	if (*err)
		return V_ERR;
	if (m->ac[i].red != MPLS_PW_REDUNDANCY_MASTER) {
		*err = -EOPNOTSUPP;
		return V_ERR;
	}
	if (m_slot(m, m->ac[i].ifindex, MPLS_PW_ROLE_PRIMARY) < 0 ||
	    m_slot(m, m->ac[i].ifindex, MPLS_PW_ROLE_SECONDARY) < 0) {
		*err = -ENOENT;
		return V_ERR;
	}
	/* whether the other PW is up is not the model's to know */
	return V_ANY;
}

/* ---- PWs ---- */

/* pw_nl_parse_key() */
static int pw_key_of(const struct attr *n, struct pw_key *k)
{
	const struct attr *v4 = a_get(n, MPLS_PW_PW_A_PEER_IPV4);
	const struct attr *v6 = a_get(n, MPLS_PW_PW_A_PEER_IPV6);
	const struct attr *vc = a_get(n, MPLS_PW_PW_A_VC_ID);

	if (!!v4 == !!v6 || !vc)
		return -EINVAL;
	memset(k, 0, sizeof(*k));
	k->fam = v4 ? 4 : 6;
	memcpy(k->addr, v4 ? v4->data : v6->data, v4 ? 4 : 16);
	k->vc = a_get_u32(vc);
	return 0;
}

/* pw_nl_parse_place(): @p is the PW a SET changes, NULL for NEW */
static int pw_place(const struct model *m, const struct attr *n,
		    const struct m_pw *p, int self, uint32_t *acp,
		    uint8_t *rolep)
{
	uint32_t ac = p ? p->ifindex : 0;
	uint8_t role = p ? p->role : MPLS_PW_ROLE_PRIMARY;
	const struct attr *ifa = a_get(n, MPLS_PW_PW_A_IFINDEX);
	const struct attr *ra = a_get(n, MPLS_PW_PW_A_ROLE);
	int slot, i;

	if (ifa) {
		i = m_find_ac(m, a_get_u32(ifa));
		if (i < 0)
			return -ENODEV;
		ac = m->ac[i].ifindex;
	}
	if (ra)
		role = a_get_u8(ra);
	else if (!p)
		role = ac ? MPLS_PW_ROLE_PRIMARY : MPLS_PW_ROLE_NONE;
	else if (!ac)
		role = MPLS_PW_ROLE_NONE;
	if (ac && role == MPLS_PW_ROLE_NONE)
		return -EINVAL;
	if (!ac && role != MPLS_PW_ROLE_NONE)
		return -EINVAL;
	slot = ac ? m_slot(m, ac, role) : -1;
	if (slot >= 0 && slot != self)
		return -EEXIST;
	if (ac && role == MPLS_PW_ROLE_BYPASS &&
	    m->ac[m_find_ac(m, ac)].dual)
		return -EINVAL;
	if (p && p->partner >= 0 && ac)
		return -EBUSY;
	*acp = ac;
	*rolep = role;
	return 0;
}

/* pw_nl_parse_tunnel() */
static int pw_tunnel(const struct attr *t, struct m_pw *e)
{
	const struct attr *v4 = a_get(t, MPLS_PW_TUNNEL_A_VIA_IPV4);
	const struct attr *v6 = a_get(t, MPLS_PW_TUNNEL_A_VIA_IPV6);
	const struct attr *ifa = a_get(t, MPLS_PW_TUNNEL_A_IFINDEX);
	const struct attr *la = a_get(t, MPLS_PW_TUNNEL_A_LABELS);
	uint32_t labels[MPLS_PW_TUNNEL_LABELS_MAX], i, nl = 0;
	struct dev *dev;

	e->tun = false;
	e->nlabels = 0;
	e->tun_if = 0;
	e->via_fam = 0;
	memset(e->via, 0, sizeof(e->via));
	if (!a_len(t))
		return 0;
	if (!!v4 == !!v6 || !ifa)
		return -EINVAL;
	if (la) {
		if (!la->len || la->len % 4)
			return -EINVAL;
		nl = la->len / 4;
		memcpy(labels, la->data, la->len);
		if (nl == 1 && labels[0] == 3) {
			nl = 0;
		} else {
			for (i = 0; i < nl; i++)
				if (labels[i] < MPLS_PW_LABEL_MIN ||
				    labels[i] > MPLS_PW_LABEL_MAX)
					return -EINVAL;
		}
	}
	dev = dev_by_ifindex(a_get_u32(ifa));
	if (!dev)
		return -ENODEV;
	if (!dev->ether)
		return -EINVAL;
	e->tun = true;
	e->via_fam = v4 ? 4 : 6;
	memcpy(e->via, v4 ? v4->data : v6->data, v4 ? 4 : 16);
	e->tun_if = dev->ifindex;
	e->nlabels = (uint8_t)nl;
	memcpy(e->labels, labels, nl * 4);
	return 0;
}

/*
 * pw_nl_parse_encap() and pw_nl_parse_ctrl() together, into @e, a copy
 * of the PW (SET) or a new one (NEW); @ac is the AC it will be on.
 */
static int pw_settings(const struct attr *n, struct m_pw *e, uint32_t ac)
{
	const struct attr *a;
	struct dev *acdev;
	int err;

	get_u32(n, MPLS_PW_PW_A_REMOTE_LABEL, &e->rlabel);
	get_u8(n, MPLS_PW_PW_A_CONTROL_WORD, &e->cw);
	get_u8(n, MPLS_PW_PW_A_TTL, &e->ttl);
	get_u8(n, MPLS_PW_PW_A_MODE, &e->mode);
	get_u16(n, MPLS_PW_PW_A_VLAN_ID, &e->vid);
	a = a_get(n, MPLS_PW_PW_A_TUNNEL);
	if (a) {
		err = pw_tunnel(a, e);
		if (err)
			return err;
	}
	/* pw_nl_parse_ctrl() */
	a = a_get(n, MPLS_PW_PW_A_TRACK_VRRP);
	if (a) {
		const struct attr *ti = a_get(a, MPLS_PW_TRACK_A_IFINDEX);
		const struct attr *tv = a_get(a, MPLS_PW_TRACK_A_VRID);
		const struct attr *tr = a_get(a, MPLS_PW_TRACK_A_PW_REDUNDANCY);

		e->trk_if = 0;
		e->trk_vrid = 0;
		e->trk_red = 0;
		if (a_len(a)) {
			if (!ti || !tv)
				return -EINVAL;
			if (!dev_by_ifindex(a_get_u32(ti)))
				return -ENODEV;
			e->trk_if = a_get_u32(ti);
			e->trk_vrid = a_get_u8(tv);
			e->trk_red = tr ? a_get_u8(tr) : 0;
		}
	}
	get_u8(n, MPLS_PW_PW_A_ADMIN_UP, &e->admin);
	get_u8(n, MPLS_PW_PW_A_IGNORE_STANDBY, &e->ign);
	get_u8(n, MPLS_PW_PW_A_STATUS_SIGNALING, &e->status);
	get_u16(n, MPLS_PW_PW_A_REFRESH, &e->refresh);
	acdev = ac ? dev_by_ifindex(ac) : NULL;
	if (e->mode == MPLS_PW_MODE_TAGGED && !e->vid &&
	    !(acdev && acdev->vlan))
		return -EINVAL;
	if (e->status && !e->cw)
		return -EINVAL;
	return 0;
}

static int pw_new(struct model *m, const struct attr *n)
{
	const struct attr *ll = a_get(n, MPLS_PW_PW_A_LOCAL_LABEL);
	struct m_pw e;
	uint32_t ac;
	uint8_t role;
	int err;

	memset(&e, 0, sizeof(e));
	err = pw_key_of(n, &e.key);
	if (err)
		return err;
	if (!ll || !a_get(n, MPLS_PW_PW_A_REMOTE_LABEL))
		return -EINVAL;
	if (m_find_pw(m, &e.key) >= 0)
		return -EEXIST;
	if (m->npws >= m->max_pws)
		return -ENOSPC;
	if (m_find_label(m, a_get_u32(ll)) >= 0)
		return -EEXIST;
	err = pw_place(m, n, NULL, -1, &ac, &role);
	if (err)
		return err;
	e.ttl = 255;
	e.mode = MPLS_PW_MODE_RAW;
	e.admin = 1;
	e.refresh = MPLS_PW_REFRESH_DEFAULT;
	e.partner = -1;
	err = pw_settings(n, &e, ac);
	if (err)
		return err;
	if (m->npws >= MAX_PWS)
		return -ENOSPC;	/* the fuzzer's own limit: gen.c keeps below */
	e.llabel = a_get_u32(ll);
	e.ifindex = ac;
	e.role = role;
	m->pw[m->npws++] = e;
	return 0;
}

/* pw_nl_get_pw() */
static int pw_lookup(const struct model *m, const struct attr *n, int *i)
{
	struct pw_key k;
	int err;

	err = pw_key_of(n, &k);
	if (err)
		return err;
	*i = m_find_pw(m, &k);
	return *i < 0 ? -ENOENT : 0;
}

static int pw_set(struct model *m, const struct attr *n)
{
	const struct attr *ll = a_get(n, MPLS_PW_PW_A_LOCAL_LABEL);
	struct m_pw e;
	uint32_t ac;
	uint8_t role;
	int err, i;

	err = pw_lookup(m, n, &i);
	if (err)
		return err;
	if (ll && a_get_u32(ll) != m->pw[i].llabel &&
	    m_find_label(m, a_get_u32(ll)) >= 0)
		return -EEXIST;
	err = pw_place(m, n, &m->pw[i], i, &ac, &role);
	if (err)
		return err;
	e = m->pw[i];
	err = pw_settings(n, &e, ac);
	if (err)
		return err;
	if (ll)
		e.llabel = a_get_u32(ll);
	e.ifindex = ac;
	e.role = role;
	m->pw[i] = e;
	return 0;
}

static int pw_del(struct model *m, const struct attr *n)
{
	int err, i;

	err = pw_lookup(m, n, &i);
	if (err)
		return err;
	model_del_pw(m, i);
	return 0;
}

/* ---- switches ---- */

/* pw_nl_switch_pws() */
static int switch_pws(const struct model *m, const struct attr *n, int *pws)
{
	unsigned int i, cnt = 0;
	struct pw_key k;

	for (i = 0; i < n->n; i++) {
		const struct attr *a = n->ch[i];

		if ((a->type & NLA_TYPE_MASK) != MPLS_PW_SWITCH_A_PW)
			continue;
		if (cnt == 2)
			return -EINVAL;
		if (pw_key_of(a, &k))
			return -EINVAL;
		pws[cnt] = m_find_pw(m, &k);
		if (pws[cnt] < 0)
			return -ENOENT;
		cnt++;
	}
	if (cnt != 2 || pws[0] == pws[1])
		return -EINVAL;
	return 0;
}

static int switch_new(struct model *m, const struct attr *n)
{
	int pws[2], err, i;

	err = switch_pws(m, n, pws);
	if (err)
		return err;
	for (i = 0; i < 2; i++) {
		if (m->pw[pws[i]].ifindex)
			return -EBUSY;
		if (m->pw[pws[i]].partner >= 0)
			return -EEXIST;
	}
	m->pw[pws[0]].partner = pws[1];
	m->pw[pws[1]].partner = pws[0];
	m->pw[pws[0]].first = true;
	m->pw[pws[1]].first = false;
	return 0;
}

static int switch_del(struct model *m, const struct attr *n)
{
	int pws[2], err;

	err = switch_pws(m, n, pws);
	if (err)
		return err;
	if (m->pw[pws[0]].partner != pws[1])
		return -ENOENT;
	m->pw[pws[0]].partner = -1;
	m->pw[pws[1]].partner = -1;
	return 0;
}

/* ---- VRRP groups, links, the netns ---- */

static int vrrp_find(const struct model *m, uint32_t ifindex, uint8_t vrid)
{
	unsigned int i;

	for (i = 0; i < m->nvrrps; i++)
		if (m->vrrp[i].ifindex == ifindex && m->vrrp[i].vrid == vrid)
			return (int)i;
	return -1;
}

static int vrrp_set(struct model *m, const struct attr *n)
{
	const struct attr *ifa = a_get(n, MPLS_PW_VRRP_A_IFINDEX);
	const struct attr *va = a_get(n, MPLS_PW_VRRP_A_VRID);
	const struct attr *sa = a_get(n, MPLS_PW_VRRP_A_STATE);
	int i;

	if (!ifa || !va || !sa)
		return -EINVAL;
	if (!dev_by_ifindex(a_get_u32(ifa)))
		return -ENODEV;
	i = vrrp_find(m, a_get_u32(ifa), a_get_u8(va));
	if (i < 0) {
		if (m->nvrrps >= MAX_VRRPS)
			return -ENOSPC;	/* gen.c keeps below */
		i = (int)m->nvrrps++;
		m->vrrp[i].ifindex = a_get_u32(ifa);
		m->vrrp[i].vrid = a_get_u8(va);
	}
	m->vrrp[i].state = a_get_u8(sa);
	return 0;
}

static int vrrp_del(struct model *m, const struct attr *n)
{
	const struct attr *ifa = a_get(n, MPLS_PW_VRRP_A_IFINDEX);
	const struct attr *va = a_get(n, MPLS_PW_VRRP_A_VRID);
	int i;

	if (!ifa || !va)
		return -EINVAL;
	i = vrrp_find(m, a_get_u32(ifa), a_get_u8(va));
	if (i < 0)
		return -ENOENT;
	m->vrrp[i] = m->vrrp[--m->nvrrps];
	return 0;
}

static int link_lookup(const struct attr *n)
{
	const struct attr *ifa = a_get(n, MPLS_PW_LINK_A_IFINDEX);

	if (!ifa)
		return -EINVAL;
	return dev_by_ifindex(a_get_u32(ifa)) ? 0 : -ENODEV;
}

static int link_set(struct model *m, const struct attr *n)
{
	const struct attr *in = a_get(n, MPLS_PW_LINK_A_MPLS_INPUT);
	uint32_t ifindex;
	unsigned int i;
	int err;

	err = link_lookup(n);
	if (err || !in)
		return err;
	ifindex = a_get_u32(a_get(n, MPLS_PW_LINK_A_IFINDEX));
	for (i = 0; i < m->nlinks; i++)
		if (m->link[i] == ifindex)
			break;
	if (a_get_u8(in) && i == m->nlinks)
		m->link[m->nlinks++] = ifindex;
	else if (!a_get_u8(in) && i < m->nlinks)
		m->link[i] = m->link[--m->nlinks];
	return 0;
}

static int net_set(struct model *m, const struct attr *n)
{
	const struct attr *a = a_get(n, MPLS_PW_NET_A_MAX_PWS);

	/* the fuzzer runs with CAP_NET_ADMIN in the initial user namespace */
	if (a)
		m->max_pws = a_get_u32(a);
	return 0;
}

/* The object nest a command reads, 0 for none. */
static uint16_t cmd_nest(uint8_t cmd)
{
	switch (cmd) {
	case MPLS_PW_CMD_AC_NEW:
	case MPLS_PW_CMD_AC_SET:
	case MPLS_PW_CMD_AC_DEL:
	case MPLS_PW_CMD_AC_GET:
	case MPLS_PW_CMD_AC_SWITCHOVER:
		return MPLS_PW_A_AC;
	case MPLS_PW_CMD_PW_NEW:
	case MPLS_PW_CMD_PW_SET:
	case MPLS_PW_CMD_PW_DEL:
	case MPLS_PW_CMD_PW_GET:
		return MPLS_PW_A_PW;
	case MPLS_PW_CMD_SWITCH_NEW:
	case MPLS_PW_CMD_SWITCH_DEL:
		return MPLS_PW_A_SWITCH;
	case MPLS_PW_CMD_VRRP_SET:
	case MPLS_PW_CMD_VRRP_DEL:
		return MPLS_PW_A_VRRP;
	case MPLS_PW_CMD_LINK_SET:
	case MPLS_PW_CMD_LINK_GET:
		return MPLS_PW_A_LINK;
	case MPLS_PW_CMD_NET_SET:
		return MPLS_PW_A_NET;
	}
	return 0;
}

enum verdict model_run(struct model *m, const struct req *r, int *err)
{
	uint16_t type = cmd_nest(r->cmd);
	const struct attr *n = type ? a_get(&r->top, type) : NULL;
	struct model save;
	int i;

	*err = 0;
	if (type && !n) {
		/* GENL_REQ_ATTR_CHECK() */
		*err = EINVAL;
		return V_ERR;
	}
	/* the handlers change nothing until every check passed: the model
	 * works on a copy where that is simpler to write
	 */
	save = *m;
	switch (r->cmd) {
	case MPLS_PW_CMD_AC_NEW:
		*err = ac_new(m, n);
		break;
	case MPLS_PW_CMD_AC_SET:
		*err = ac_set(m, n);
		break;
	case MPLS_PW_CMD_AC_DEL:
		*err = ac_del(m, n);
		break;
	case MPLS_PW_CMD_AC_GET:
		*err = ac_lookup(m, n, &i);
		break;
	case MPLS_PW_CMD_AC_SWITCHOVER:
		if (ac_switchover(m, n, err) == V_ANY)
			return V_ANY;
		*err = -*err;
		return V_ERR;
	case MPLS_PW_CMD_PW_NEW:
		*err = pw_new(m, n);
		break;
	case MPLS_PW_CMD_PW_SET:
		*err = pw_set(m, n);
		break;
	case MPLS_PW_CMD_PW_DEL:
		*err = pw_del(m, n);
		break;
	case MPLS_PW_CMD_PW_GET:
		*err = pw_lookup(m, n, &i);
		break;
	case MPLS_PW_CMD_SWITCH_NEW:
		*err = switch_new(m, n);
		break;
	case MPLS_PW_CMD_SWITCH_DEL:
		*err = switch_del(m, n);
		break;
	case MPLS_PW_CMD_VRRP_SET:
		*err = vrrp_set(m, n);
		break;
	case MPLS_PW_CMD_VRRP_DEL:
		*err = vrrp_del(m, n);
		break;
	case MPLS_PW_CMD_LINK_SET:
		*err = link_set(m, n);
		break;
	case MPLS_PW_CMD_LINK_GET:
		*err = link_lookup(n);
		break;
	case MPLS_PW_CMD_NET_SET:
		*err = net_set(m, n);
		break;
	case MPLS_PW_CMD_NET_GET:
	case MPLS_PW_CMD_STATS_GET:
		break;
	default:
		*err = -EOPNOTSUPP;
	}
	*err = -*err;
	if (*err) {
		*m = save;
		return V_ERR;
	}
	return V_OK;
}
