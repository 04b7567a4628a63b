// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: the configuration as the kernel dumps it, read into a model, and
 * any model written as sorted text lines (only what was configured: no
 * counters, states or names), so that two configurations compare as text.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "nlfuzz.h"

/* ---- reading dumps ---- */

static const struct nlattr *nest_of(const struct nlmsghdr *nlh, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static void parse_key(const struct nlattr *nest, struct pw_key *k)
{
	const struct nlattr *a;

	memset(k, 0, sizeof(*k));
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case MPLS_PW_PW_A_PEER_IPV4:
			k->fam = 4;
			memcpy(k->addr, mnl_attr_get_payload(a), 4);
			break;
		case MPLS_PW_PW_A_PEER_IPV6:
			k->fam = 6;
			memcpy(k->addr, mnl_attr_get_payload(a), 16);
			break;
		case MPLS_PW_PW_A_VC_ID:
			k->vc = mnl_attr_get_u32(a);
			break;
		}
	}
}

static void parse_tunnel(const struct nlattr *nest, struct m_pw *p)
{
	const struct nlattr *a;
	uint16_t len;

	p->tun = true;
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case MPLS_PW_TUNNEL_A_VIA_IPV4:
			p->via_fam = 4;
			memcpy(p->via, mnl_attr_get_payload(a), 4);
			break;
		case MPLS_PW_TUNNEL_A_VIA_IPV6:
			p->via_fam = 6;
			memcpy(p->via, mnl_attr_get_payload(a), 16);
			break;
		case MPLS_PW_TUNNEL_A_IFINDEX:
			p->tun_if = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_TUNNEL_A_LABELS:
			len = mnl_attr_get_payload_len(a);
			if (len > sizeof(p->labels))
				len = sizeof(p->labels);
			memcpy(p->labels, mnl_attr_get_payload(a), len);
			p->nlabels = len / 4;
			break;
		}
	}
}

void conf_parse_pw(const struct nlattr *nest, struct model *m)
{
	const struct nlattr *a, *t;
	struct m_pw *p;

	if (m->npws >= MAX_PWS)
		return;
	p = &m->pw[m->npws++];
	memset(p, 0, sizeof(*p));
	p->partner = -1;
	parse_key(nest, &p->key);
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case MPLS_PW_PW_A_IFINDEX:
			p->ifindex = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_PW_A_ROLE:
			p->role = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_PW_A_LOCAL_LABEL:
			p->llabel = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_PW_A_REMOTE_LABEL:
			p->rlabel = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_PW_A_CONTROL_WORD:
			p->cw = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_PW_A_MODE:
			p->mode = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_PW_A_VLAN_ID:
			p->vid = mnl_attr_get_u16(a);
			break;
		case MPLS_PW_PW_A_TTL:
			p->ttl = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_PW_A_IGNORE_STANDBY:
			p->ign = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_PW_A_STATUS_SIGNALING:
			p->status = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_PW_A_REFRESH:
			p->refresh = mnl_attr_get_u16(a);
			break;
		case MPLS_PW_PW_A_ADMIN_UP:
			p->admin = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_PW_A_TUNNEL:
			parse_tunnel(a, p);
			break;
		case MPLS_PW_PW_A_TRACK_VRRP:
			mnl_attr_for_each_nested(t, a) {
				switch (mnl_attr_get_type(t)) {
				case MPLS_PW_TRACK_A_IFINDEX:
					p->trk_if = mnl_attr_get_u32(t);
					break;
				case MPLS_PW_TRACK_A_VRID:
					p->trk_vrid = mnl_attr_get_u8(t);
					break;
				case MPLS_PW_TRACK_A_PW_REDUNDANCY:
					p->trk_red = mnl_attr_get_u8(t);
					break;
				}
			}
			break;
		}
	}
}

static void cb_pw(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *n = nest_of(nlh, MPLS_PW_A_PW);

	if (n)
		conf_parse_pw(n, arg);
}

static void cb_ac(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *n = nest_of(nlh, MPLS_PW_A_AC), *a;
	struct model *m = arg;
	struct m_ac *c;

	if (!n || m->nacs >= MAX_ACS)
		return;
	c = &m->ac[m->nacs++];
	memset(c, 0, sizeof(*c));
	mnl_attr_for_each_nested(a, n) {
		switch (mnl_attr_get_type(a)) {
		case MPLS_PW_AC_A_IFINDEX:
			c->ifindex = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_AC_A_REDUNDANCY:
			c->red = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_AC_A_STATE:
			c->state = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_AC_A_DUAL_RECEIVE:
			c->dual = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_AC_A_ARP_DUAL_SEND:
			c->arp = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_AC_A_ARP_EXPIRE:
			c->arp_exp = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_AC_A_ND_DUAL_SEND:
			c->nd = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_AC_A_ND_EXPIRE:
			c->nd_exp = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_AC_A_REROUTE:
			c->reroute = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_AC_A_REROUTE_DELAY:
			c->delay = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_AC_A_HOLDOFF:
			c->holdoff = mnl_attr_get_u32(a);
			break;
		}
	}
}

/* A switch: the two keys, the first is the PW named first. */
static void cb_switch(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *n = nest_of(nlh, MPLS_PW_A_SWITCH), *a;
	struct model *m = arg;
	struct pw_key k[2];
	int i = 0, x, y;

	if (!n)
		return;
	mnl_attr_for_each_nested(a, n)
		if (mnl_attr_get_type(a) == MPLS_PW_SWITCH_A_PW && i < 2)
			parse_key(a, &k[i++]);
	if (i != 2)
		return;
	/* a switch dump alone: the PWs are known by their keys only */
	for (i = 0; i < 2; i++)
		if (m_find_pw(m, &k[i]) < 0 && m->npws < MAX_PWS) {
			memset(&m->pw[m->npws], 0, sizeof(m->pw[0]));
			m->pw[m->npws].key = k[i];
			m->pw[m->npws++].partner = -1;
		}
	x = m_find_pw(m, &k[0]);
	y = m_find_pw(m, &k[1]);
	if (x < 0 || y < 0)
		return;
	m->pw[x].partner = y;
	m->pw[y].partner = x;
	m->pw[x].first = true;
}

static void cb_vrrp(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *n = nest_of(nlh, MPLS_PW_A_VRRP), *a;
	struct model *m = arg;
	struct m_vrrp *v;

	if (!n || m->nvrrps >= MAX_VRRPS)
		return;
	v = &m->vrrp[m->nvrrps++];
	memset(v, 0, sizeof(*v));
	mnl_attr_for_each_nested(a, n) {
		switch (mnl_attr_get_type(a)) {
		case MPLS_PW_VRRP_A_IFINDEX:
			v->ifindex = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_VRRP_A_VRID:
			v->vrid = mnl_attr_get_u8(a);
			break;
		case MPLS_PW_VRRP_A_STATE:
			v->state = mnl_attr_get_u8(a);
			break;
		}
	}
}

static void cb_link(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *n = nest_of(nlh, MPLS_PW_A_LINK), *a;
	struct model *m = arg;
	uint32_t ifindex = 0;
	uint8_t on = 0;

	if (!n || m->nlinks >= MAX_DEVS)
		return;
	mnl_attr_for_each_nested(a, n) {
		if (mnl_attr_get_type(a) == MPLS_PW_LINK_A_IFINDEX)
			ifindex = mnl_attr_get_u32(a);
		if (mnl_attr_get_type(a) == MPLS_PW_LINK_A_MPLS_INPUT)
			on = mnl_attr_get_u8(a);
	}
	/* a link listed with input off would show as such */
	m->link[m->nlinks++] = on ? ifindex : ifindex | 0x80000000u;
}

static void cb_net(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *n = nest_of(nlh, MPLS_PW_A_NET), *a;
	struct model *m = arg;

	if (!n)
		return;
	mnl_attr_for_each_nested(a, n) {
		switch (mnl_attr_get_type(a)) {
		case MPLS_PW_NET_A_MAX_PWS:
			m->max_pws = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_NET_A_PWS:
			m->k_pws = mnl_attr_get_u32(a);
			break;
		case MPLS_PW_NET_A_ACS:
			m->k_acs = mnl_attr_get_u32(a);
			break;
		}
	}
}

static void (*cb_of(uint8_t cmd))(const struct nlmsghdr *, void *)
{
	switch (cmd) {
	case MPLS_PW_CMD_AC_GET:
		return cb_ac;
	case MPLS_PW_CMD_PW_GET:
		return cb_pw;
	case MPLS_PW_CMD_SWITCH_GET:
		return cb_switch;
	case MPLS_PW_CMD_VRRP_GET:
		return cb_vrrp;
	case MPLS_PW_CMD_LINK_GET:
		return cb_link;
	}
	return NULL;
}

/* One whole dump into @m; -1 on an error, 1 if it was interrupted. */
static int dump_all(uint8_t cmd, const struct req *filter, size_t bufsz,
		    struct model *m, void (*between)(void *), void *arg,
		    struct dump *d)
{
	struct req *r = NULL;
	int rc;

	if (!filter) {
		r = malloc(sizeof(*r));
		if (!r)
			return -1;
		req_init(r, cmd);
		r->flags = NLM_F_REQUEST | NLM_F_DUMP;
		filter = r;
	}
	rc = dump_begin(d, filter, bufsz, cb_of(cmd), m);
	free(r);
	if (rc)
		return -1;
	while ((rc = dump_step(d)) > 0) {
		if (between) {
			between(arg);
			between = NULL;
		}
	}
	if (rc < 0 || d->err || d->trunc)
		return -1;
	return d->intr;
}

/* The NET_GET doit. */
static int read_net(struct model *m)
{
	struct answer *ans = malloc(sizeof(*ans));
	struct req *r = malloc(sizeof(*r));
	int rc = -1;

	if (!ans || !r)
		goto out;
	req_init(r, MPLS_PW_CMD_NET_GET);
	if (nl_send(r, ans) || ans->err || !ans->reply_len)
		goto out;
	cb_net((struct nlmsghdr *)ans->reply, m);
	rc = 0;
out:
	free(ans);
	free(r);
	return rc;
}

static void dump_failed(uint8_t cmd, const struct dump *d)
{
	fprintf(stderr, "# dump of cmd %u: err %d, %s, %u reads of %zu bytes at most, largest %zu\n",
		cmd, d->err, d->trunc ? "a message was truncated" : "not truncated",
		d->reads, d->bufsz, d->biggest);
}

/*
 * The configuration, read back into @m. An interrupted dump is read again
 * (nothing changes the configuration meanwhile but the event work, which
 * changes no configuration). -1: a dump failed or lost data.
 */
int conf_read(struct model *m, size_t bufsz)
{
	static const uint8_t cmds[] = {
		MPLS_PW_CMD_AC_GET, MPLS_PW_CMD_PW_GET, MPLS_PW_CMD_SWITCH_GET,
		MPLS_PW_CMD_VRRP_GET, MPLS_PW_CMD_LINK_GET,
	};
	struct dump d;
	unsigned int i, tries;
	int rc;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < sizeof(cmds); i++) {
		for (tries = 0; tries < 5; tries++) {
			struct model part;

			memcpy(&part, m, sizeof(part));
			rc = dump_all(cmds[i], NULL, bufsz, &part, NULL, NULL,
				      &d);
			if (rc < 0) {
				dump_failed(cmds[i], &d);
				return -1;
			}
			if (!rc) {
				memcpy(m, &part, sizeof(part));
				break;
			}
		}
		if (tries == 5)
			return -1;
	}
	return read_net(m);
}

/* ---- text ---- */

static void addr_text(uint8_t fam, const uint8_t *addr, char *buf)
{
	inet_ntop(fam == 4 ? AF_INET : AF_INET6, addr, buf, INET6_ADDRSTRLEN);
}

static int key_text(const struct pw_key *k, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	addr_text(k->fam, k->addr, a);
	return snprintf(buf, size, "%s/%u", a, k->vc);
}

static int line_pw(const struct m_pw *p, char *buf, size_t size)
{
	char key[64], via[INET6_ADDRSTRLEN] = "", labels[96] = "";
	unsigned int i;
	size_t off = 0;

	key_text(&p->key, key, sizeof(key));
	if (p->tun) {
		addr_text(p->via_fam, p->via, via);
		for (i = 0; i < p->nlabels; i++)
			off += snprintf(labels + off, sizeof(labels) - off,
					"%s%u", i ? "/" : "", p->labels[i]);
	}
	return snprintf(buf, size,
			"pw %s dev %u role %u label %u remote %u cw %u mode %u vid %u ttl %u ign %u status %u refresh %u admin %u tunnel %s@%u[%s] track %u/%u/%u\n",
			key, p->ifindex, p->role, p->llabel, p->rlabel, p->cw,
			p->mode, p->vid, p->ttl, p->ign, p->status, p->refresh,
			p->admin, p->tun ? via : "fib", p->tun_if, labels,
			p->trk_if, p->trk_vrid, p->trk_red);
}

static int line_ac(const struct m_ac *c, char *buf, size_t size)
{
	return snprintf(buf, size,
			"ac %u red %u state %u dual %u arp %u/%u nd %u/%u reroute %u/%u holdoff %u\n",
			c->ifindex, c->red, c->state, c->dual, c->arp,
			c->arp_exp, c->nd, c->nd_exp, c->reroute, c->delay,
			c->holdoff);
}

bool conf_same_pw(const struct m_pw *a, const struct m_pw *b)
{
	char la[512], lb[512];

	line_pw(a, la, sizeof(la));
	line_pw(b, lb, sizeof(lb));
	return !strcmp(la, lb);
}

bool conf_same_ac(const struct m_ac *a, const struct m_ac *b)
{
	char la[256], lb[256];

	line_ac(a, la, sizeof(la));
	line_ac(b, lb, sizeof(lb));
	return !strcmp(la, lb);
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines in @buf (each ending in '\n') sorted, as a new string. */
static char *sorted(char *buf, size_t len)
{
	char **lines, *out, *p;
	size_t n = 0, i, off = 0;

	for (p = buf; p < buf + len; p++)
		n += *p == '\n';
	lines = calloc(n + 1, sizeof(*lines));
	out = malloc(len + 1);
	if (!lines || !out)
		exit(2);
	for (p = buf, i = 0; i < n; i++) {
		lines[i] = p;
		p = strchr(p, '\n');
		*p++ = 0;
	}
	qsort(lines, n, sizeof(*lines), cmp_lines);
	for (i = 0; i < n; i++)
		off += sprintf(out + off, "%s\n", lines[i]);
	out[off] = 0;
	free(lines);
	return out;
}

#define TEXT_MAX	(256 * (MAX_PWS + MAX_ACS + MAX_VRRPS + MAX_DEVS + 4))

/*
 * The lines of @cmd's objects: a dump's worth (@filter: the PW dump's
 * filter nest, the way pw_nl_dump_match() applies it). cmd 0: all of them
 * and the netns line.
 */
static char *lines_of(const struct model *m, uint8_t cmd,
		      const struct attr *filter)
{
	char *buf = malloc(TEXT_MAX), *out;
	size_t off = 0;
	unsigned int i;
	struct pw_key k;
	char key[2][64];

	if (!buf)
		exit(2);
	if (!cmd || cmd == MPLS_PW_CMD_AC_GET)
		for (i = 0; i < m->nacs; i++)
			off += line_ac(&m->ac[i], buf + off, TEXT_MAX - off);
	if (!cmd || cmd == MPLS_PW_CMD_PW_GET) {
		const struct attr *fi = a_get(filter, MPLS_PW_PW_A_IFINDEX);
		const struct attr *f4 = a_get(filter, MPLS_PW_PW_A_PEER_IPV4);
		const struct attr *f6 = a_get(filter, MPLS_PW_PW_A_PEER_IPV6);

		for (i = 0; i < m->npws; i++) {
			const struct m_pw *p = &m->pw[i];

			if (fi && (!p->ifindex || p->ifindex != a_get_u32(fi)))
				continue;
			if (f4 && (p->key.fam != 4 ||
				   memcmp(p->key.addr, f4->data, 4)))
				continue;
			if (f6 && (p->key.fam != 6 ||
				   memcmp(p->key.addr, f6->data, 16)))
				continue;
			off += line_pw(p, buf + off, TEXT_MAX - off);
		}
	}
	if (!cmd || cmd == MPLS_PW_CMD_SWITCH_GET)
		for (i = 0; i < m->npws; i++) {
			const struct m_pw *p = &m->pw[i];

			if (p->partner < 0 || !p->first)
				continue;
			key_text(&p->key, key[0], sizeof(key[0]));
			k = m->pw[p->partner].key;
			key_text(&k, key[1], sizeof(key[1]));
			off += snprintf(buf + off, TEXT_MAX - off,
					"switch %s %s\n", key[0], key[1]);
		}
	if (!cmd || cmd == MPLS_PW_CMD_VRRP_GET)
		for (i = 0; i < m->nvrrps; i++)
			off += snprintf(buf + off, TEXT_MAX - off,
					"vrrp %u/%u state %u\n",
					m->vrrp[i].ifindex, m->vrrp[i].vrid,
					m->vrrp[i].state);
	if (!cmd || cmd == MPLS_PW_CMD_LINK_GET)
		for (i = 0; i < m->nlinks; i++)
			off += snprintf(buf + off, TEXT_MAX - off,
					"link %u mpls-input %s\n",
					m->link[i] & 0x7fffffff,
					m->link[i] & 0x80000000u ? "off" : "on");
	if (!cmd)
		off += snprintf(buf + off, TEXT_MAX - off,
				"net max-pws %u pws %u acs %u\n", m->max_pws,
				m->k_pws, m->k_acs);
	out = sorted(buf, off);
	free(buf);
	return out;
}

char *conf_text(const struct model *m)
{
	return lines_of(m, 0, NULL);
}

char *conf_lines_of(const struct model *m, uint8_t cmd,
		    const struct req *filter)
{
	return lines_of(m, cmd, filter ? a_get(&filter->top, MPLS_PW_A_PW) :
			NULL);
}

int conf_dump_lines(uint8_t cmd, const struct req *filter, size_t bufsz,
		    void (*between)(void *), void *arg, char **text,
		    struct dump *info)
{
	struct model *m = calloc(1, sizeof(*m));
	int rc;

	if (!m)
		exit(2);
	rc = dump_all(cmd, filter, bufsz, m, between, arg, info);
	if (rc < 0)
		dump_failed(cmd, info);
	*text = rc < 0 ? NULL : lines_of(m, cmd, NULL);
	free(m);
	return rc;
}

static bool has_line(const char *text, const char *line, size_t len)
{
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && p[len] == '\n')
			return true;
		p += len;
	}
	return false;
}

static size_t diff_one(const char *a, const char *b, char sign, char *out,
		       size_t size)
{
	const char *p = a, *nl;
	size_t off = 0;
	char line[512];

	for (; *p && off + 1 < size; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
		if (!has_line(b, line, strlen(line)))
			off += snprintf(out + off, size - off, "%c %s\n", sign,
					line);
	}
	return off < size ? off : size - 1;
}

void conf_diff(const char *a, const char *b, char *out, size_t size)
{
	size_t off = diff_one(a, b, '-', out, size);

	diff_one(b, a, '+', out + off, size - off);
}
