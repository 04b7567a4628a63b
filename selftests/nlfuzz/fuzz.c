// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: requests the kernel must refuse, made from valid ones: each
 * kind breaks what the family's policies (kmod/netlink.c) or the netlink
 * attribute rules check before any handler runs, so the answer is an
 * error with an extack message whatever the rest of the request says.
 * Random attributes come last: those may happen to be valid. The
 * genetlink core's own refusals (a command the family lacks, a dump where
 * it has none, a message shorter than its header) end before the family
 * sees the request: no extack is asked of them.
 */
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nlfuzz.h"

const char *const fuzz_names[FZ_N] = {
	[FZ_SIZE] = "wrong size",
	[FZ_RANGE] = "out of range",
	[FZ_UNKNOWN] = "unknown attribute",
	[FZ_READONLY] = "read-only attribute",
	[FZ_NESTFLAG] = "NLA_F_NESTED wrong",
	[FZ_TRUNC] = "truncated",
	[FZ_OVERSIZE] = "oversized",
	[FZ_BADNEST] = "nest that does not parse",
	[FZ_FLAGS] = "bad flags or reserved bits",
	[FZ_RANDOM] = "random attributes",
	[FZ_CORE_CMD] = "core: unknown command",
	[FZ_CORE_DUMP] = "core: dump flag without dumpit",
	[FZ_CORE_NODOIT] = "core: doit of a dump-only command",
	[FZ_CORE_SHORT] = "core: shorter than the genetlink header",
	[FZ_CORE_NOREQ] = "core: NLM_F_REQUEST missing",
};

/* ---- the policies, as kmod/netlink.c has them ---- */

enum pkind { P_NONE, P_U8, P_U16, P_U32, P_EXACT, P_LABELS, P_NEST, P_REJECT };

enum nk { NK_TOP, NK_AC, NK_PW, NK_TUNNEL, NK_TRACK, NK_SWITCH, NK_VRRP,
	  NK_LINK, NK_NET, NK_N };

struct pol {
	uint8_t kind;
	uint8_t sub;		/* P_NEST: its nest kind */
	uint16_t len;		/* P_EXACT */
	uint32_t min, max;
};

#define U8(a, b)	{ P_U8, 0, 0, a, b }
#define U16(a, b)	{ P_U16, 0, 0, a, b }
#define U32(a, b)	{ P_U32, 0, 0, a, b }
#define EXACT(l)	{ P_EXACT, 0, l, 0, 0 }
#define NEST(k)		{ P_NEST, k, 0, 0, 0 }
#define RO		{ P_REJECT, 0, 0, 0, 0 }
#define BOOL		U8(0, 1)
#define ANY32		U32(0, 0xffffffffu)
#define LABEL		U32(MPLS_PW_LABEL_MIN, MPLS_PW_LABEL_MAX)

static const struct pol pol_top[] = {
	[MPLS_PW_A_AC] = NEST(NK_AC), [MPLS_PW_A_PW] = NEST(NK_PW),
	[MPLS_PW_A_SWITCH] = NEST(NK_SWITCH), [MPLS_PW_A_VRRP] = NEST(NK_VRRP),
	[MPLS_PW_A_EVENT] = RO, [MPLS_PW_A_STATS] = RO, [MPLS_PW_A_TIMER] = RO,
	[MPLS_PW_A_LINK] = NEST(NK_LINK), [MPLS_PW_A_NET] = NEST(NK_NET),
};

static const struct pol pol_ac[] = {
	[MPLS_PW_AC_A_IFINDEX] = ANY32, [MPLS_PW_AC_A_IFNAME] = RO,
	[MPLS_PW_AC_A_REDUNDANCY] = BOOL, [MPLS_PW_AC_A_STATE] = BOOL,
	[MPLS_PW_AC_A_DUAL_RECEIVE] = BOOL, [MPLS_PW_AC_A_ARP_DUAL_SEND] = BOOL,
	[MPLS_PW_AC_A_ARP_EXPIRE] = U32(60, 0xffffffffu),
	[MPLS_PW_AC_A_ND_DUAL_SEND] = BOOL,
	[MPLS_PW_AC_A_ND_EXPIRE] = U32(60, 0xffffffffu),
	[MPLS_PW_AC_A_REROUTE] = U8(0, 2),
	[MPLS_PW_AC_A_REROUTE_DELAY] = U32(10, 1800),
	[MPLS_PW_AC_A_HOLDOFF] = U32(0, 180), [MPLS_PW_AC_A_OPER_UP] = RO,
	[MPLS_PW_AC_A_ACTIVE_PW] = RO, [MPLS_PW_AC_A_SWITCHOVERS] = RO,
	[MPLS_PW_AC_A_CACHE] = RO, [MPLS_PW_AC_A_STATS] = RO,
	[MPLS_PW_AC_A_MANUAL] = RO, [MPLS_PW_AC_A_SWITCH_LATENCY_NS] = RO,
};

static const struct pol pol_pw[] = {
	[MPLS_PW_PW_A_PEER_IPV4] = EXACT(4), [MPLS_PW_PW_A_PEER_IPV6] = EXACT(16),
	[MPLS_PW_PW_A_VC_ID] = U32(1, 0xffffffffu),
	[MPLS_PW_PW_A_IFINDEX] = ANY32, [MPLS_PW_PW_A_IFNAME] = RO,
	[MPLS_PW_PW_A_ROLE] = U8(0, 3), [MPLS_PW_PW_A_LOCAL_LABEL] = LABEL,
	[MPLS_PW_PW_A_REMOTE_LABEL] = LABEL,
	[MPLS_PW_PW_A_CONTROL_WORD] = BOOL, [MPLS_PW_PW_A_MODE] = BOOL,
	[MPLS_PW_PW_A_VLAN_ID] = U16(0, 4094), [MPLS_PW_PW_A_TTL] = U8(1, 255),
	[MPLS_PW_PW_A_TUNNEL] = NEST(NK_TUNNEL),
	[MPLS_PW_PW_A_IGNORE_STANDBY] = BOOL,
	[MPLS_PW_PW_A_TRACK_VRRP] = NEST(NK_TRACK),
	[MPLS_PW_PW_A_STATUS_SIGNALING] = BOOL,
	[MPLS_PW_PW_A_REFRESH] = U16(0, 0xffff),
	[MPLS_PW_PW_A_ADMIN_UP] = BOOL, [MPLS_PW_PW_A_REMOTE_STATUS] = U8(0, 2),
	[MPLS_PW_PW_A_FWD] = RO, [MPLS_PW_PW_A_DOWN_REASON] = RO,
	[MPLS_PW_PW_A_STATUS_SENT] = RO, [MPLS_PW_PW_A_STATUS_RCVD] = RO,
	[MPLS_PW_PW_A_LAST_CHANGE_MS] = RO, [MPLS_PW_PW_A_NEXTHOP] = RO,
	[MPLS_PW_PW_A_STATS] = RO, [MPLS_PW_PW_A_ACTIVATIONS] = RO,
};

static const struct pol pol_tunnel[] = {
	[MPLS_PW_TUNNEL_A_VIA_IPV4] = EXACT(4),
	[MPLS_PW_TUNNEL_A_VIA_IPV6] = EXACT(16),
	[MPLS_PW_TUNNEL_A_IFINDEX] = ANY32,
	[MPLS_PW_TUNNEL_A_LABELS] = { P_LABELS, 0, 0, 0, 0 },
	[MPLS_PW_TUNNEL_A_IFNAME] = RO,
};

static const struct pol pol_track[] = {
	[MPLS_PW_TRACK_A_IFINDEX] = ANY32, [MPLS_PW_TRACK_A_VRID] = U8(1, 255),
	[MPLS_PW_TRACK_A_PW_REDUNDANCY] = BOOL, [MPLS_PW_TRACK_A_IFNAME] = RO,
};

static const struct pol pol_switch[] = {
	[MPLS_PW_SWITCH_A_PW] = NEST(NK_PW),
};

static const struct pol pol_vrrp[] = {
	[MPLS_PW_VRRP_A_IFINDEX] = ANY32, [MPLS_PW_VRRP_A_VRID] = U8(1, 255),
	[MPLS_PW_VRRP_A_STATE] = BOOL, [MPLS_PW_VRRP_A_IFNAME] = RO,
};

static const struct pol pol_link[] = {
	[MPLS_PW_LINK_A_IFINDEX] = ANY32, [MPLS_PW_LINK_A_IFNAME] = RO,
	[MPLS_PW_LINK_A_MPLS_INPUT] = BOOL,
};

static const struct pol pol_net[] = {
	[MPLS_PW_NET_A_MAX_PWS] = ANY32, [MPLS_PW_NET_A_PWS] = RO,
	[MPLS_PW_NET_A_ACS] = RO,
};

#define POL(p)	{ p, ARRAY_SIZE(p) - 1 }

static const struct {
	const struct pol *p;
	unsigned int max;
} pols[NK_N] = {
	[NK_TOP] = POL(pol_top), [NK_AC] = POL(pol_ac), [NK_PW] = POL(pol_pw),
	[NK_TUNNEL] = POL(pol_tunnel), [NK_TRACK] = POL(pol_track),
	[NK_SWITCH] = POL(pol_switch), [NK_VRRP] = POL(pol_vrrp),
	[NK_LINK] = POL(pol_link), [NK_NET] = POL(pol_net),
};

static const struct pol *pol_of(enum nk nk, uint16_t type)
{
	type &= NLA_TYPE_MASK;
	if (!type || type > pols[nk].max)
		return NULL;
	return &pols[nk].p[type];
}

/* Every attribute of the request with its policy and nest kind. */
struct spot {
	struct attr *a;
	struct attr *parent;
	enum nk nk;		/* the nest kind of the parent */
	const struct pol *pol;
};

static unsigned int spots(struct attr *nest, enum nk nk, struct spot *out,
			  unsigned int max)
{
	unsigned int n = 0, i;

	for (i = 0; i < nest->n && n < max; i++) {
		struct attr *a = nest->ch[i];
		const struct pol *p = pol_of(nk, a->type);

		out[n].a = a;
		out[n].parent = nest;
		out[n].nk = nk;
		out[n++].pol = p;
		if (a->nest && p && p->kind == P_NEST)
			n += spots(a, p->sub, out + n, max - n);
	}
	return n;
}

/* The nests of the request (the top level too), with their kinds. */
static unsigned int nests(struct req *r, struct spot *out, unsigned int max)
{
	struct spot all[REQ_POOL];
	unsigned int n = spots(&r->top, NK_TOP, all, REQ_POOL), i, k = 0;

	out[k].a = &r->top;
	out[k++].nk = NK_TOP;
	for (i = 0; i < n && k < max; i++)
		if (all[i].a->nest && all[i].pol &&
		    all[i].pol->kind == P_NEST) {
			out[k].a = all[i].a;
			out[k++].nk = all[i].pol->sub;
		}
	return k;
}

static struct spot *pick(struct spot *s, unsigned int n,
			 bool (*ok)(const struct spot *))
{
	unsigned int i, start = rnd_below(n), cnt = 0;

	for (i = 0; i < n; i++)
		cnt += ok(&s[i]);
	if (!cnt)
		return NULL;
	for (i = start;; i = (i + 1) % n)
		if (ok(&s[i]) && rnd_one_in(cnt))
			return &s[i];
	(void)start;
}

static bool fixed(const struct spot *s)
{
	return s->pol && (s->pol->kind == P_U8 || s->pol->kind == P_U16 ||
			  s->pol->kind == P_U32 || s->pol->kind == P_EXACT);
}

static bool ranged(const struct spot *s)
{
	const struct pol *p = s->pol;

	if (!p)
		return false;
	switch (p->kind) {
	case P_U8:
		return p->min > 0 || p->max < 0xff;
	case P_U16:
		return p->min > 0 || p->max < 0xffff;
	case P_U32:
		return p->min > 0 || p->max < 0xffffffffu;
	}
	return false;
}

static bool is_nest(const struct spot *s)
{
	return s->pol && s->pol->kind == P_NEST;
}

static bool is_leaf(const struct spot *s)
{
	return s->pol && s->pol->kind != P_NEST && s->pol->kind != P_NONE;
}

static uint32_t kind_len(uint8_t kind, uint16_t exact)
{
	return kind == P_U8 ? 1 : kind == P_U16 ? 2 : kind == P_U32 ? 4 : exact;
}

static bool fz_size(struct req *r, struct spot *s, unsigned int n)
{
	struct spot *x = pick(s, n, fixed);
	uint32_t right, len;

	if (!x)
		return false;
	right = kind_len(x->pol->kind, x->pol->len);
	do {
		len = rnd_one_in(4) ? rnd_below(40) : right + rnd_below(5) - 2;
	} while (len == right || len > 1000);
	if (len > x->a->len)
		rnd_bytes(x->a->data + x->a->len,
			  (len < ATTR_DATA_MAX ? len : ATTR_DATA_MAX) - x->a->len);
	x->a->len = len;
	(void)r;
	return true;
}

static bool fz_range(struct req *r, struct spot *s, unsigned int n)
{
	struct spot *x = pick(s, n, ranged);
	const struct pol *p;
	uint32_t top, v;

	if (!x)
		return false;
	p = x->pol;
	top = p->kind == P_U8 ? 0xff : p->kind == P_U16 ? 0xffff : 0xffffffffu;
	if (p->min > 0 && (p->max == top || rnd_one_in(2)))
		v = rnd_below(p->min);
	else
		v = p->max + 1 + rnd_below(top - p->max);
	memcpy(x->a->data, &v, 4);	/* little-endian: the low bytes first */
	if (p->kind == P_U8)
		x->a->data[0] = (uint8_t)v;
	(void)r;
	return true;
}

/* A type the policy lacks: past its end, 0, or a PAD with no policy. */
static uint16_t unknown_type(enum nk nk)
{
	unsigned int t;

	if (rnd_one_in(4))
		return 0;
	for (t = 1; t <= pols[nk].max && rnd_one_in(4); t++)
		if (pols[nk].p[t].kind == P_NONE)
			return (uint16_t)t;
	return (uint16_t)(pols[nk].max + 1 + rnd_below(rnd_one_in(4) ?
						      0x3fff : 8));
}

static bool fz_unknown(struct req *r)
{
	struct spot ns[32];
	unsigned int n = nests(r, ns, 32);
	struct spot *x = &ns[rnd_below(n)];
	uint8_t junk[8];

	rnd_bytes(junk, sizeof(junk));
	return a_put(r, x->a, unknown_type(x->nk), junk, rnd_below(9));
}

static bool fz_readonly(struct req *r)
{
	struct spot ns[32], *x;
	unsigned int n = nests(r, ns, 32), t, cnt = 0, tries;
	uint8_t junk[8];

	for (tries = 0; tries < 8; tries++) {
		x = &ns[rnd_below(n)];
		for (t = 1; t <= pols[x->nk].max; t++)
			cnt += pols[x->nk].p[t].kind == P_REJECT;
		if (cnt)
			break;
	}
	if (!cnt)
		return false;
	for (;;) {
		t = 1 + rnd_below(pols[x->nk].max);
		if (pols[x->nk].p[t].kind == P_REJECT)
			break;
	}
	rnd_bytes(junk, sizeof(junk));
	return a_put(r, x->a, (uint16_t)t, junk, rnd_below(9));
}

static bool fz_nestflag(struct spot *s, unsigned int n)
{
	struct spot *x;

	x = rnd_one_in(2) ? pick(s, n, is_nest) : NULL;
	if (x) {
		x->a->type &= ~NLA_F_NESTED;
		return true;
	}
	x = pick(s, n, is_leaf);
	if (!x)
		return false;
	x->a->type |= NLA_F_NESTED;
	return true;
}

/* Cut the message inside an attribute (never on a top-level boundary). */
static bool fz_trunc(struct req *r)
{
	static uint8_t buf[160 * 1024];
	size_t len = req_write(r, 0, 0, buf, sizeof(buf));
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN, keep, off;
	unsigned int i, tries;

	if (len <= hdr + 1)
		return false;
	for (tries = 0; tries < 8; tries++) {
		bool boundary = false;

		keep = hdr + 1 + rnd_below((uint32_t)(len - hdr - 1));
		for (off = hdr, i = 0; i < r->top.n; i++) {
			off += NLA_ALIGN(NLA_HDRLEN + a_len(r->top.ch[i]));
			if (keep == off ||
			    keep == off - NLA_ALIGN(NLA_HDRLEN +
						    a_len(r->top.ch[i])) +
				    NLA_HDRLEN + a_len(r->top.ch[i]))
				boundary = true;
		}
		if (!boundary) {
			r->cut = (uint32_t)(len - keep);
			return true;
		}
	}
	return false;
}

static bool fz_oversize(struct req *r)
{
	static const uint16_t types[] = {
		MPLS_PW_A_EVENT, MPLS_PW_A_STATS, MPLS_PW_A_TIMER,
		MPLS_PW_A_MAX + 1, MPLS_PW_A_AC, MPLS_PW_A_PW,
	};
	unsigned int i, cnt = 1 + rnd_below(2);

	for (i = 0; i < cnt; i++) {
		uint16_t t = types[rnd_below(ARRAY_SIZE(types))];
		struct attr *a = a_put(r, &r->top, t, NULL,
				       20000 + rnd_below(45000));

		/* a nest's type without NLA_F_NESTED, or a read-only or
		 * unknown one: refused whatever its bytes
		 */
		if (!a)
			return false;
		rnd_bytes(a->data, ATTR_DATA_MAX);
		if (rnd_one_in(2)) {
			/* first, not last */
			memmove(&r->top.ch[1], &r->top.ch[0],
				(r->top.n - 1) * sizeof(r->top.ch[0]));
			r->top.ch[0] = a;
		}
	}
	return true;
}

/* A nest whose first attribute claims more bytes than the nest has. */
static bool fz_badnest(struct spot *s, unsigned int n)
{
	struct spot *x = pick(s, n, is_nest);
	struct attr *a;
	uint16_t claim;

	if (!x)
		return false;
	a = x->a;
	a->nest = false;
	a->n = 0;
	a->len = rnd_one_in(3) ? 1 + rnd_below(3) : 4 + rnd_below(40);
	rnd_bytes(a->data, ATTR_DATA_MAX);
	claim = (uint16_t)(a->len + 1 + rnd_below(100));
	memcpy(a->data, &claim, 2);
	return true;
}

/* Random attributes (types, sizes, bytes) in the object nest or beside. */
static bool fz_random(struct req *r)
{
	struct spot ns[32];
	unsigned int n = nests(r, ns, 32), i, cnt = 1 + rnd_below(6);

	for (i = 0; i < cnt; i++) {
		struct spot *x = &ns[rnd_below(n)];
		uint16_t t = (uint16_t)rnd_below(pols[x->nk].max + 3);
		struct attr *a;

		if (rnd_one_in(5)) {
			a = a_nest(r, x->a, t);
			if (a && rnd_one_in(2))
				a_put(r, a, (uint16_t)rnd_below(8), NULL,
				      rnd_below(9));
		} else {
			a = a_put(r, x->a, t, NULL, rnd_below(20));
		}
		if (!a)
			break;
		rnd_bytes(a->data, ATTR_DATA_MAX);
	}
	return true;
}

static const uint16_t bad_flags[] = {
	NLM_F_MULTI, 0x10, 0x20, 0x40, 0x80, NLM_F_ROOT, NLM_F_MATCH,
	NLM_F_ATOMIC, NLM_F_APPEND, 0x1000, 0x8000,
};

static const uint8_t dumpless[] = {
	MPLS_PW_CMD_AC_NEW, MPLS_PW_CMD_AC_SET, MPLS_PW_CMD_AC_DEL,
	MPLS_PW_CMD_AC_SWITCHOVER, MPLS_PW_CMD_PW_NEW, MPLS_PW_CMD_PW_SET,
	MPLS_PW_CMD_PW_DEL, MPLS_PW_CMD_SWITCH_NEW, MPLS_PW_CMD_SWITCH_DEL,
	MPLS_PW_CMD_VRRP_SET, MPLS_PW_CMD_STATS_GET, MPLS_PW_CMD_VRRP_DEL,
	MPLS_PW_CMD_LINK_SET, MPLS_PW_CMD_NET_SET, MPLS_PW_CMD_NET_GET,
};

bool fuzz_request(struct req *r, enum fuzz_kind kind)
{
	struct spot s[REQ_POOL];
	unsigned int n = spots(&r->top, NK_TOP, s, REQ_POOL);

	switch (kind) {
	case FZ_SIZE:
		return fz_size(r, s, n);
	case FZ_RANGE:
		return fz_range(r, s, n);
	case FZ_UNKNOWN:
		return fz_unknown(r);
	case FZ_READONLY:
		return fz_readonly(r);
	case FZ_NESTFLAG:
		return fz_nestflag(s, n);
	case FZ_TRUNC:
		return fz_trunc(r);
	case FZ_OVERSIZE:
		return fz_oversize(r);
	case FZ_BADNEST:
		return fz_badnest(s, n);
	case FZ_FLAGS:
		/* genl_header_check(): only NLM_F_REQUEST, NLM_F_ACK,
		 * NLM_F_ECHO and both bits of NLM_F_DUMP, reserved 0
		 */
		if (rnd_one_in(4))
			r->reserved = (uint16_t)(1 + rnd_below(0xffff));
		else
			r->flags |= bad_flags[rnd_below(ARRAY_SIZE(bad_flags))];
		return true;
	case FZ_RANDOM:
		return fz_random(r);
	case FZ_CORE_CMD:
		r->cmd = rnd_one_in(4) ? 0 : MPLS_PW_CMD_MAX + 1 +
			 rnd_below(255 - MPLS_PW_CMD_MAX);
		return true;
	case FZ_CORE_DUMP:
		r->cmd = dumpless[rnd_below(sizeof(dumpless))];
		r->flags |= NLM_F_DUMP;
		return true;
	case FZ_CORE_NODOIT:
		r->cmd = rnd_one_in(2) ? MPLS_PW_CMD_SWITCH_GET :
			 MPLS_PW_CMD_VRRP_GET;
		return true;
	case FZ_CORE_SHORT:
		r->cut = 0;
		{
			static uint8_t buf[160 * 1024];
			size_t len = req_write(r, 0, 0, buf, sizeof(buf));

			r->cut = (uint32_t)(len - NLMSG_HDRLEN -
					    rnd_below(GENL_HDRLEN));
		}
		return true;
	case FZ_CORE_NOREQ:
		r->flags &= ~NLM_F_REQUEST;
		r->flags |= NLM_F_ACK;
		return true;
	default:
		return false;
	}
}
