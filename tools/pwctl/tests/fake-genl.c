// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the mpls_pw module, for testing pwctl on a machine that
 * cannot load modules: an LD_PRELOAD library that replaces libmnl's socket
 * calls and answers generic netlink requests from an in-memory model.
 *
 * It validates requests the way the uapi header documents them (sizes,
 * ranges, read-only attributes, keys, one object nest), so what it accepts
 * is what the kernel policy should accept; it is not the module and knows
 * nothing of forwarding. State persists in $FAKE_STATE between runs; every
 * request is logged, decoded, to $FAKE_LOG. With $FAKE_NO_FAMILY the family
 * does not exist. "monitor" receives one notification per object, then the
 * process exits. LINK objects are the devices with MPLS input on; the one
 * NET object, once max-pws was set, holds it. With $FAKE_UNPRIV the caller
 * lacks CAP_NET_ADMIN in the initial user namespace (max-pws cannot be
 * raised). Besides the host's devices there is one more,
 * pwfake0, so that tests have two devices with loopback only.
 */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/mpls_pw.h>

#define FAMILY_ID	0x2a
#define MCGRP_ID	9
#define MAX_OBJS	256
#define MAX_ATTR	32
#define ATTR_LEN	128
/* A counter this pwctl cannot know yet (above MPLS_PW_STATS_A_MAX). */
#define FAKE_STAT_NEW	60

enum kind { K_AC, K_PW, K_SWITCH, K_VRRP, K_LINK, K_NET, K_MAX };

struct fattr {
	bool has;
	uint16_t len;
	uint8_t data[ATTR_LEN];
};

struct fobj {
	int used;
	int kind;
	struct fattr a[MAX_ATTR];
};

static struct fobj objs[MAX_OBJS];
static bool loaded;

/* Replies queued for recvfrom: a list of chunks, each one "datagram". */
static char outq[1 << 20];
static size_t outq_len, outq_pos;
static size_t chunk_ends[4096];
static int n_chunks, cur_chunk;
static bool monitoring;

static FILE *logf_;

struct mnl_socket {
	int dummy;
};

static struct mnl_socket fake_sock;

/* ---- state ---- */

static void state_load(void)
{
	const char *p = getenv("FAKE_STATE");
	FILE *f;

	if (loaded)
		return;
	loaded = true;
	if (!p || !(f = fopen(p, "r")))
		return;
	if (fread(objs, sizeof(objs), 1, f) != 1)
		memset(objs, 0, sizeof(objs));
	fclose(f);
}

static void state_save(void)
{
	const char *p = getenv("FAKE_STATE");
	FILE *f;

	if (!p || !(f = fopen(p, "w")))
		return;
	fwrite(objs, sizeof(objs), 1, f);
	fclose(f);
}

static void logmsg(const char *fmt, ...)
{
	const char *p = getenv("FAKE_LOG");
	va_list ap;

	if (!p)
		return;
	if (!logf_)
		logf_ = fopen(p, "a");
	if (!logf_)
		return;
	va_start(ap, fmt);
	vfprintf(logf_, fmt, ap);
	va_end(ap);
	fflush(logf_);
}

/* ---- policy, from the uapi header ---- */

enum t { T_NONE, T_U8, T_U16, T_U32, T_U64, T_BIN4, T_BIN16, T_NEST, T_STR,
	 T_LABELS, T_BIN6 };

struct pol {
	const char *name;
	enum t t;
	uint64_t min, max;
	bool in;		/* accepted in requests */
};

static const struct pol ac_pol[MAX_ATTR] = {
	[MPLS_PW_AC_A_IFINDEX] = { "IFINDEX", T_U32, 1, UINT32_MAX, true },
	[MPLS_PW_AC_A_IFNAME] = { "IFNAME", T_STR, 0, 0, false },
	[MPLS_PW_AC_A_REDUNDANCY] = { "REDUNDANCY", T_U8, 0, 1, true },
	[MPLS_PW_AC_A_STATE] = { "STATE", T_U8, 0, 1, true },
	[MPLS_PW_AC_A_DUAL_RECEIVE] = { "DUAL_RECEIVE", T_U8, 0, 1, true },
	[MPLS_PW_AC_A_ARP_DUAL_SEND] = { "ARP_DUAL_SEND", T_U8, 0, 1, true },
	[MPLS_PW_AC_A_ARP_EXPIRE] = { "ARP_EXPIRE", T_U32, 60, UINT32_MAX, true },
	[MPLS_PW_AC_A_ND_DUAL_SEND] = { "ND_DUAL_SEND", T_U8, 0, 1, true },
	[MPLS_PW_AC_A_ND_EXPIRE] = { "ND_EXPIRE", T_U32, 60, UINT32_MAX, true },
	[MPLS_PW_AC_A_REROUTE] = { "REROUTE", T_U8, 0, 2, true },
	[MPLS_PW_AC_A_REROUTE_DELAY] = { "REROUTE_DELAY", T_U32, 10, 1800, true },
	[MPLS_PW_AC_A_HOLDOFF] = { "HOLDOFF", T_U32, 0, 180, true },
	[MPLS_PW_AC_A_OPER_UP] = { "OPER_UP", T_U8, 0, 1, false },
	[MPLS_PW_AC_A_ACTIVE_PW] = { "ACTIVE_PW", T_NEST, 0, 0, false },
	[MPLS_PW_AC_A_SWITCHOVERS] = { "SWITCHOVERS", T_U64, 0, 0, false },
	[MPLS_PW_AC_A_CACHE] = { "CACHE", T_NEST, 0, 0, false },
	[MPLS_PW_AC_A_STATS] = { "STATS", T_NEST, 0, 0, false },
	[MPLS_PW_AC_A_MANUAL] = { "MANUAL", T_U8, 0, 1, false },
	[MPLS_PW_AC_A_SWITCH_LATENCY_NS] = { "SWITCH_LATENCY_NS", T_U64, 0, 0, false },
};

static const struct pol pw_pol[MAX_ATTR] = {
	[MPLS_PW_PW_A_PEER_IPV4] = { "PEER_IPV4", T_BIN4, 0, 0, true },
	[MPLS_PW_PW_A_PEER_IPV6] = { "PEER_IPV6", T_BIN16, 0, 0, true },
	[MPLS_PW_PW_A_VC_ID] = { "VC_ID", T_U32, 1, UINT32_MAX, true },
	[MPLS_PW_PW_A_IFINDEX] = { "IFINDEX", T_U32, 1, UINT32_MAX, true },
	[MPLS_PW_PW_A_IFNAME] = { "IFNAME", T_STR, 0, 0, false },
	[MPLS_PW_PW_A_ROLE] = { "ROLE", T_U8, 0, 3, true },
	[MPLS_PW_PW_A_LOCAL_LABEL] = { "LOCAL_LABEL", T_U32, 16, 1048575, true },
	[MPLS_PW_PW_A_REMOTE_LABEL] = { "REMOTE_LABEL", T_U32, 16, 1048575, true },
	[MPLS_PW_PW_A_CONTROL_WORD] = { "CONTROL_WORD", T_U8, 0, 1, true },
	[MPLS_PW_PW_A_MODE] = { "MODE", T_U8, 0, 1, true },
	[MPLS_PW_PW_A_VLAN_ID] = { "VLAN_ID", T_U16, 0, 4094, true },
	[MPLS_PW_PW_A_TTL] = { "TTL", T_U8, 1, 255, true },
	[MPLS_PW_PW_A_TUNNEL] = { "TUNNEL", T_NEST, 0, 0, true },
	[MPLS_PW_PW_A_IGNORE_STANDBY] = { "IGNORE_STANDBY", T_U8, 0, 1, true },
	[MPLS_PW_PW_A_TRACK_VRRP] = { "TRACK_VRRP", T_NEST, 0, 0, true },
	[MPLS_PW_PW_A_STATUS_SIGNALING] = { "STATUS_SIGNALING", T_U8, 0, 1, true },
	[MPLS_PW_PW_A_REFRESH] = { "REFRESH", T_U16, 0, UINT16_MAX, true },
	[MPLS_PW_PW_A_ADMIN_UP] = { "ADMIN_UP", T_U8, 0, 1, true },
	[MPLS_PW_PW_A_REMOTE_STATUS] = { "REMOTE_STATUS", T_U8, 0, 2, true },
	[MPLS_PW_PW_A_FWD] = { "FWD", T_U8, 0, 2, false },
	[MPLS_PW_PW_A_DOWN_REASON] = { "DOWN_REASON", T_U32, 0, 0, false },
	[MPLS_PW_PW_A_STATUS_SENT] = { "STATUS_SENT", T_U32, 0, 0, false },
	[MPLS_PW_PW_A_STATUS_RCVD] = { "STATUS_RCVD", T_U32, 0, 0, false },
	[MPLS_PW_PW_A_LAST_CHANGE_MS] = { "LAST_CHANGE_MS", T_U64, 0, 0, false },
	[MPLS_PW_PW_A_NEXTHOP] = { "NEXTHOP", T_NEST, 0, 0, false },
	[MPLS_PW_PW_A_STATS] = { "STATS", T_NEST, 0, 0, false },
	[MPLS_PW_PW_A_ACTIVATIONS] = { "ACTIVATIONS", T_U64, 0, 0, false },
};

static const struct pol tun_pol[MAX_ATTR] = {
	[MPLS_PW_TUNNEL_A_VIA_IPV4] = { "VIA_IPV4", T_BIN4, 0, 0, true },
	[MPLS_PW_TUNNEL_A_VIA_IPV6] = { "VIA_IPV6", T_BIN16, 0, 0, true },
	[MPLS_PW_TUNNEL_A_IFINDEX] = { "IFINDEX", T_U32, 1, UINT32_MAX, true },
	[MPLS_PW_TUNNEL_A_LABELS] = { "LABELS", T_LABELS, 0, 0, true },
	[MPLS_PW_TUNNEL_A_IFNAME] = { "IFNAME", T_STR, 0, 0, false },
};

static const struct pol track_pol[MAX_ATTR] = {
	[MPLS_PW_TRACK_A_IFINDEX] = { "IFINDEX", T_U32, 1, UINT32_MAX, true },
	[MPLS_PW_TRACK_A_VRID] = { "VRID", T_U8, 1, 255, true },
	[MPLS_PW_TRACK_A_PW_REDUNDANCY] = { "PW_REDUNDANCY", T_U8, 0, 1, true },
	[MPLS_PW_TRACK_A_IFNAME] = { "IFNAME", T_STR, 0, 0, false },
};

static const struct pol vrrp_pol[MAX_ATTR] = {
	[MPLS_PW_VRRP_A_IFINDEX] = { "IFINDEX", T_U32, 1, UINT32_MAX, true },
	[MPLS_PW_VRRP_A_VRID] = { "VRID", T_U8, 1, 255, true },
	[MPLS_PW_VRRP_A_STATE] = { "STATE", T_U8, 0, 1, true },
	[MPLS_PW_VRRP_A_IFNAME] = { "IFNAME", T_STR, 0, 0, false },
};

static const struct pol link_pol[MAX_ATTR] = {
	[MPLS_PW_LINK_A_IFINDEX] = { "IFINDEX", T_U32, 0, UINT32_MAX, true },
	[MPLS_PW_LINK_A_IFNAME] = { "IFNAME", T_STR, 0, 0, false },
	[MPLS_PW_LINK_A_MPLS_INPUT] = { "MPLS_INPUT", T_U8, 0, 1, true },
};

static const struct pol net_pol[MAX_ATTR] = {
	[MPLS_PW_NET_A_MAX_PWS] = { "MAX_PWS", T_U32, 0, UINT32_MAX, true },
	[MPLS_PW_NET_A_PWS] = { "PWS", T_U32, 0, 0, false },
	[MPLS_PW_NET_A_ACS] = { "ACS", T_U32, 0, 0, false },
};

static const char *const cmd_names[] = {
	"UNSPEC", "AC_NEW", "AC_SET", "AC_DEL", "AC_GET", "AC_SWITCHOVER",
	"PW_NEW", "PW_SET", "PW_DEL", "PW_GET", "SWITCH_NEW", "SWITCH_DEL",
	"SWITCH_GET", "VRRP_SET", "VRRP_GET", "STATS_GET", "VRRP_DEL",
	"LINK_SET", "LINK_GET", "NET_SET", "NET_GET",
};

/* ---- replies ---- */

static char errmsg[256];
static char logbuf[4096];

static struct nlmsghdr *out_msg(uint32_t seq, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	outq_len = MNL_ALIGN(outq_len);
	nlh = mnl_nlmsg_put_header(outq + outq_len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 4242;
	return nlh;
}

static void out_end(struct nlmsghdr *nlh, bool chunk_end)
{
	outq_len += nlh->nlmsg_len;
	if (chunk_end)
		chunk_ends[n_chunks++] = outq_len;
}

static void out_ack(const struct nlmsghdr *req, int err)
{
	struct nlmsghdr *nlh = out_msg(req->nlmsg_seq, NLMSG_ERROR,
				       NLM_F_CAPPED);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = err;
	e->msg = *req;
	if (*errmsg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, errmsg);
	}
	out_end(nlh, true);
}

static struct nlmsghdr *out_genl(uint32_t seq, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = out_msg(seq, FAMILY_ID, flags);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

static int fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errmsg, sizeof(errmsg), fmt, ap);
	va_end(ap);
	return -err;
}

/* ---- validation ---- */

static int validate(const struct nlattr *nest, const struct pol *pol,
		    const char *what, char *log, size_t loglen);

static int check_attr(const struct nlattr *a, const struct pol *pol,
		      const char *what, char *log, size_t loglen)
{
	unsigned int type = mnl_attr_get_type(a);
	size_t len = mnl_attr_get_payload_len(a);
	const struct pol *p = type < MAX_ATTR ? &pol[type] : NULL;
	const uint8_t *d = mnl_attr_get_payload(a);
	char s[128] = "";
	uint64_t v = 0;

	if (!p || !p->name)
		return fail(EINVAL, "%s: unknown attribute %u", what, type);
	if (!p->in)
		return fail(EINVAL, "%s: attribute %s is read-only", what,
			    p->name);
	switch (p->t) {
	case T_U8:
		if (len != 1)
			goto size;
		v = d[0];
		break;
	case T_U16:
		if (len != 2)
			goto size;
		v = mnl_attr_get_u16(a);
		break;
	case T_U32:
		if (len != 4)
			goto size;
		v = mnl_attr_get_u32(a);
		break;
	case T_BIN4:
		if (len != 4)
			goto size;
		inet_ntop(AF_INET, d, s, sizeof(s));
		break;
	case T_BIN16:
		if (len != 16)
			goto size;
		inet_ntop(AF_INET6, d, s, sizeof(s));
		break;
	case T_LABELS: {
		uint32_t l[16];
		size_t n = len / 4;

		if (len % 4 || !n || n > MPLS_PW_TUNNEL_LABELS_MAX)
			goto size;
		memcpy(l, d, len);
		for (size_t i = 0; i < n; i++) {
			if ((l[i] < 16 || l[i] > 1048575) &&
			    !(l[i] == 3 && n == 1))
				return fail(EINVAL, "invalid tunnel label %u",
					    l[i]);
			snprintf(s + strlen(s), sizeof(s) - strlen(s), "%s%u",
				 i ? "/" : "", l[i]);
		}
		break;
	}
	case T_NEST: {
		const struct pol *sub = pol == pw_pol &&
			type == MPLS_PW_PW_A_TUNNEL ? tun_pol : track_pol;
		int err;

		snprintf(log + strlen(log), loglen - strlen(log), " %s{",
			 p->name);
		err = validate(a, sub, p->name, log, loglen);
		if (err)
			return err;
		snprintf(log + strlen(log), loglen - strlen(log), " }");
		return 0;
	}
	default:
		return fail(EINVAL, "bad policy");
	}
	if ((p->t == T_U8 || p->t == T_U16 || p->t == T_U32) &&
	    (v < p->min || v > p->max))
		return fail(ERANGE, "%s: %s %llu out of range %llu..%llu",
			    what, p->name, (unsigned long long)v,
			    (unsigned long long)p->min,
			    (unsigned long long)p->max);
	if (!*s)
		snprintf(s, sizeof(s), "%llu", (unsigned long long)v);
	snprintf(log + strlen(log), loglen - strlen(log), " %s=%s", p->name, s);
	return 0;
size:
	return fail(EINVAL, "%s: attribute %s has a wrong size (%zu)", what,
		    p->name, len);
}

static int validate(const struct nlattr *nest, const struct pol *pol,
		    const char *what, char *log, size_t loglen)
{
	const struct nlattr *a;
	bool seen[MAX_ATTR] = { false };
	int err;

	mnl_attr_for_each_nested(a, nest) {
		unsigned int type = mnl_attr_get_type(a);

		if (type < MAX_ATTR && seen[type])
			return fail(EINVAL, "%s: attribute %u given twice",
				    what, type);
		if (type < MAX_ATTR)
			seen[type] = true;
		err = check_attr(a, pol, what, log, loglen);
		if (err)
			return err;
	}
	return 0;
}

/* ---- objects ---- */

static void obj_from_nest(struct fobj *o, const struct nlattr *nest)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		unsigned int type = mnl_attr_get_type(a);
		size_t len = mnl_attr_get_payload_len(a);

		if (type >= MAX_ATTR || len > ATTR_LEN)
			continue;
		/* An empty nest (tunnel, track) removes the attribute. */
		if ((mnl_attr_get_type(a) == MPLS_PW_PW_A_TUNNEL ||
		     mnl_attr_get_type(a) == MPLS_PW_PW_A_TRACK_VRRP) &&
		    o->kind == K_PW && !len) {
			o->a[type].has = false;
			continue;
		}
		o->a[type].has = true;
		o->a[type].len = (uint16_t)len;
		memcpy(o->a[type].data, mnl_attr_get_payload(a), len);
	}
}

static uint32_t fu32(const struct fobj *o, int t, uint32_t def)
{
	uint32_t v;

	if (!o->a[t].has)
		return def;
	memcpy(&v, o->a[t].data, 4);
	return v;
}

static uint8_t fu8(const struct fobj *o, int t, uint8_t def)
{
	return o->a[t].has ? o->a[t].data[0] : def;
}

static bool same_key(const struct fobj *a, const struct fobj *b)
{
	int t[4];
	int n = 0;

	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case K_AC:
		t[n++] = MPLS_PW_AC_A_IFINDEX;
		break;
	case K_PW:
		t[n++] = MPLS_PW_PW_A_PEER_IPV4;
		t[n++] = MPLS_PW_PW_A_PEER_IPV6;
		t[n++] = MPLS_PW_PW_A_VC_ID;
		break;
	case K_VRRP:
		t[n++] = MPLS_PW_VRRP_A_IFINDEX;
		t[n++] = MPLS_PW_VRRP_A_VRID;
		break;
	case K_LINK:
		t[n++] = MPLS_PW_LINK_A_IFINDEX;
		break;
	case K_NET:
		return true;	/* there is one */
	case K_SWITCH:
		/* Stored sorted, see do_switch(). */
		return a->a[1].len == b->a[1].len &&
		       !memcmp(a->a[1].data, b->a[1].data, a->a[1].len);
	}
	for (int i = 0; i < n; i++) {
		if (a->a[t[i]].has != b->a[t[i]].has)
			return false;
		if (a->a[t[i]].has &&
		    memcmp(a->a[t[i]].data, b->a[t[i]].data, a->a[t[i]].len))
			return false;
	}
	return true;
}

static struct fobj *find(const struct fobj *key)
{
	for (int i = 0; i < MAX_OBJS; i++) {
		if (objs[i].used && same_key(&objs[i], key))
			return &objs[i];
	}
	return NULL;
}

static struct fobj *alloc_obj(void)
{
	for (int i = 0; i < MAX_OBJS; i++) {
		if (!objs[i].used) {
			memset(&objs[i], 0, sizeof(objs[i]));
			objs[i].used = 1;
			return &objs[i];
		}
	}
	return NULL;
}

static uint32_t count(int kind)
{
	uint32_t n = 0;

	for (int i = 0; i < MAX_OBJS; i++)
		n += objs[i].used && objs[i].kind == kind;
	return n;
}

/* The netns-wide settings: the stored NET object, else the defaults. */
static struct fobj net_obj(void)
{
	struct fobj key = { .kind = K_NET }, *o = find(&key);

	return o ? *o : key;
}

/* ---- filling replies ---- */

static void put_stats(struct nlmsghdr *nlh, uint16_t type, int seed)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, type);

	for (int t = MPLS_PW_STATS_A_RX_PACKETS; t <= MPLS_PW_STATS_A_MAX; t++)
		mnl_attr_put_u64(nlh, t, t == MPLS_PW_STATS_A_DROP_MTU ?
				 (uint64_t)seed : t <= 5 ? 1000u * t :
				 /* only the netns counts refused input */
				 t == MPLS_PW_STATS_A_DROP_INPUT &&
				 type == MPLS_PW_A_STATS ? 4 : 0);
	/* A counter from a newer kernel: printed by number. */
	mnl_attr_put_u64(nlh, FAKE_STAT_NEW, 7);
	mnl_attr_nest_end(nlh, n);
}

/* A stored tunnel or track nest, with the name of its device added. */
static void put_nest_dev(struct nlmsghdr *nlh, uint16_t type,
			 const struct fattr *fa, uint16_t ifindex_attr,
			 uint16_t ifname_attr)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, type);
	const struct nlattr *a;
	char name[IF_NAMESIZE];
	char buf[MNL_ALIGN(ATTR_LEN) + 4];
	struct nlattr *copy = (void *)buf;

	copy->nla_len = (uint16_t)(MNL_ATTR_HDRLEN + fa->len);
	copy->nla_type = 0;
	memcpy(buf + MNL_ATTR_HDRLEN, fa->data, fa->len);
	mnl_attr_for_each_nested(a, copy) {
		mnl_attr_put(nlh, mnl_attr_get_type(a),
			     mnl_attr_get_payload_len(a),
			     mnl_attr_get_payload(a));
		if (mnl_attr_get_type(a) == ifindex_attr &&
		    if_indextoname(mnl_attr_get_u32(a), name))
			mnl_attr_put_strz(nlh, ifname_attr, name);
	}
	mnl_attr_nest_end(nlh, n);
}

static void put_tunnel(struct nlmsghdr *nlh, uint16_t type,
		       const struct fattr *fa)
{
	put_nest_dev(nlh, type, fa, MPLS_PW_TUNNEL_A_IFINDEX,
		     MPLS_PW_TUNNEL_A_IFNAME);
}

static void put_key(struct nlmsghdr *nlh, const struct fobj *o)
{
	static const int t[] = { MPLS_PW_PW_A_PEER_IPV4, MPLS_PW_PW_A_PEER_IPV6,
				 MPLS_PW_PW_A_VC_ID };

	for (size_t i = 0; i < 3; i++) {
		if (o->a[t[i]].has)
			mnl_attr_put(nlh, t[i], o->a[t[i]].len,
				     o->a[t[i]].data);
	}
}

static void fill(struct nlmsghdr *nlh, const struct fobj *o, bool key_only)
{
	char name[IF_NAMESIZE];
	struct nlattr *n, *e;

	switch (o->kind) {
	case K_AC: {
		uint32_t ifindex = fu32(o, MPLS_PW_AC_A_IFINDEX, 0);

		n = mnl_attr_nest_start(nlh, MPLS_PW_A_AC);
		mnl_attr_put_u32(nlh, MPLS_PW_AC_A_IFINDEX, ifindex);
		if (if_indextoname(ifindex, name))
			mnl_attr_put_strz(nlh, MPLS_PW_AC_A_IFNAME, name);
		if (key_only)
			break;
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_REDUNDANCY,
				fu8(o, MPLS_PW_AC_A_REDUNDANCY, 0));
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_STATE,
				fu8(o, MPLS_PW_AC_A_STATE, 0));
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_DUAL_RECEIVE,
				fu8(o, MPLS_PW_AC_A_DUAL_RECEIVE, 0));
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_ARP_DUAL_SEND,
				fu8(o, MPLS_PW_AC_A_ARP_DUAL_SEND, 0));
		mnl_attr_put_u32(nlh, MPLS_PW_AC_A_ARP_EXPIRE,
				 fu32(o, MPLS_PW_AC_A_ARP_EXPIRE,
				      MPLS_PW_ARP_EXPIRE_DEFAULT));
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_ND_DUAL_SEND,
				fu8(o, MPLS_PW_AC_A_ND_DUAL_SEND, 0));
		mnl_attr_put_u32(nlh, MPLS_PW_AC_A_ND_EXPIRE,
				 fu32(o, MPLS_PW_AC_A_ND_EXPIRE,
				      MPLS_PW_ND_EXPIRE_DEFAULT));
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_REROUTE,
				fu8(o, MPLS_PW_AC_A_REROUTE, 0));
		mnl_attr_put_u32(nlh, MPLS_PW_AC_A_REROUTE_DELAY,
				 fu32(o, MPLS_PW_AC_A_REROUTE_DELAY, 30));
		mnl_attr_put_u32(nlh, MPLS_PW_AC_A_HOLDOFF,
				 fu32(o, MPLS_PW_AC_A_HOLDOFF, 0));
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_OPER_UP, 1);
		/* The first PW of this AC is "active". */
		for (int i = 0; i < MAX_OBJS; i++) {
			if (objs[i].used && objs[i].kind == K_PW &&
			    fu32(&objs[i], MPLS_PW_PW_A_IFINDEX, 0) == ifindex) {
				e = mnl_attr_nest_start(nlh,
							MPLS_PW_AC_A_ACTIVE_PW);
				put_key(nlh, &objs[i]);
				mnl_attr_nest_end(nlh, e);
				break;
			}
		}
		mnl_attr_put_u64(nlh, MPLS_PW_AC_A_SWITCHOVERS, 2);
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_MANUAL, 1);
		mnl_attr_put_u64(nlh, MPLS_PW_AC_A_SWITCH_LATENCY_NS, 12345);
		if (fu8(o, MPLS_PW_AC_A_ARP_DUAL_SEND, 0)) {
			static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
			struct in_addr ip = { htonl(0xc0000201) };
			struct nlattr *c;

			c = mnl_attr_nest_start(nlh, MPLS_PW_AC_A_CACHE);
			e = mnl_attr_nest_start(nlh, MPLS_PW_CACHE_A_ENTRY);
			mnl_attr_put_u16(nlh, MPLS_PW_CACHE_A_PROTO, ETH_P_ARP);
			mnl_attr_put(nlh, MPLS_PW_CACHE_A_MAC, 6, mac);
			mnl_attr_put(nlh, MPLS_PW_CACHE_A_IPV4, 4, &ip);
			mnl_attr_put_u64(nlh, MPLS_PW_CACHE_A_AGE_MS, 1500);
			mnl_attr_nest_end(nlh, e);
			mnl_attr_nest_end(nlh, c);
		}
		put_stats(nlh, MPLS_PW_AC_A_STATS, 0);
		break;
	}
	case K_PW: {
		uint32_t ifindex = fu32(o, MPLS_PW_PW_A_IFINDEX, 0);
		bool admin = fu8(o, MPLS_PW_PW_A_ADMIN_UP, 1);

		n = mnl_attr_nest_start(nlh, MPLS_PW_A_PW);
		put_key(nlh, o);
		if (key_only)
			break;
		if (ifindex) {
			mnl_attr_put_u32(nlh, MPLS_PW_PW_A_IFINDEX, ifindex);
			if (if_indextoname(ifindex, name))
				mnl_attr_put_strz(nlh, MPLS_PW_PW_A_IFNAME,
						  name);
		}
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_ROLE,
				fu8(o, MPLS_PW_PW_A_ROLE,
				    ifindex ? MPLS_PW_ROLE_PRIMARY :
				    MPLS_PW_ROLE_NONE));
		mnl_attr_put_u32(nlh, MPLS_PW_PW_A_LOCAL_LABEL,
				 fu32(o, MPLS_PW_PW_A_LOCAL_LABEL, 0));
		mnl_attr_put_u32(nlh, MPLS_PW_PW_A_REMOTE_LABEL,
				 fu32(o, MPLS_PW_PW_A_REMOTE_LABEL, 0));
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_CONTROL_WORD,
				fu8(o, MPLS_PW_PW_A_CONTROL_WORD, 1));
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_MODE,
				fu8(o, MPLS_PW_PW_A_MODE, 0));
		if (o->a[MPLS_PW_PW_A_VLAN_ID].has)
			mnl_attr_put(nlh, MPLS_PW_PW_A_VLAN_ID, 2,
				     o->a[MPLS_PW_PW_A_VLAN_ID].data);
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_TTL,
				fu8(o, MPLS_PW_PW_A_TTL, 255));
		if (o->a[MPLS_PW_PW_A_TUNNEL].has)
			put_tunnel(nlh, MPLS_PW_PW_A_TUNNEL,
				   &o->a[MPLS_PW_PW_A_TUNNEL]);
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_IGNORE_STANDBY,
				fu8(o, MPLS_PW_PW_A_IGNORE_STANDBY, 0));
		if (o->a[MPLS_PW_PW_A_TRACK_VRRP].has)
			put_nest_dev(nlh, MPLS_PW_PW_A_TRACK_VRRP,
				     &o->a[MPLS_PW_PW_A_TRACK_VRRP],
				     MPLS_PW_TRACK_A_IFINDEX,
				     MPLS_PW_TRACK_A_IFNAME);
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_STATUS_SIGNALING,
				fu8(o, MPLS_PW_PW_A_STATUS_SIGNALING, 0));
		mnl_attr_put_u16(nlh, MPLS_PW_PW_A_REFRESH,
				 o->a[MPLS_PW_PW_A_REFRESH].has ?
				 *(uint16_t *)o->a[MPLS_PW_PW_A_REFRESH].data :
				 MPLS_PW_REFRESH_DEFAULT);
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_ADMIN_UP, admin);
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_FWD,
				!admin ? MPLS_PW_FWD_DOWN :
				fu8(o, MPLS_PW_PW_A_ROLE, 0) ==
				MPLS_PW_ROLE_SECONDARY ? MPLS_PW_FWD_STANDBY :
				MPLS_PW_FWD_ACTIVE);
		mnl_attr_put_u32(nlh, MPLS_PW_PW_A_DOWN_REASON,
				 admin ? 0 : MPLS_PW_DOWN_ADMIN |
				 MPLS_PW_DOWN_NO_ROUTE);
		mnl_attr_put_u32(nlh, MPLS_PW_PW_A_STATUS_SENT,
				 admin ? 0 : MPLS_PW_STATUS_NOT_FORWARDING);
		mnl_attr_put_u32(nlh, MPLS_PW_PW_A_STATUS_RCVD,
				 fu8(o, MPLS_PW_PW_A_REMOTE_STATUS, 0) ==
				 MPLS_PW_REMOTE_STANDBY ? MPLS_PW_STATUS_STANDBY :
				 0);
		mnl_attr_put_u64(nlh, MPLS_PW_PW_A_LAST_CHANGE_MS, 12345);
		mnl_attr_put_u64(nlh, MPLS_PW_PW_A_ACTIVATIONS, 3);
		if (o->a[MPLS_PW_PW_A_TUNNEL].has)
			put_tunnel(nlh, MPLS_PW_PW_A_NEXTHOP,
				   &o->a[MPLS_PW_PW_A_TUNNEL]);
		put_stats(nlh, MPLS_PW_PW_A_STATS, 3);
		break;
	}
	case K_SWITCH:
		n = mnl_attr_nest_start(nlh, MPLS_PW_A_SWITCH);
		mnl_attr_put(nlh, MPLS_PW_SWITCH_A_PW, o->a[1].len / 2,
			     o->a[1].data);
		mnl_attr_put(nlh, MPLS_PW_SWITCH_A_PW, o->a[1].len / 2,
			     o->a[1].data + o->a[1].len / 2);
		break;
	case K_VRRP:
		n = mnl_attr_nest_start(nlh, MPLS_PW_A_VRRP);
		mnl_attr_put_u32(nlh, MPLS_PW_VRRP_A_IFINDEX,
				 fu32(o, MPLS_PW_VRRP_A_IFINDEX, 0));
		mnl_attr_put_u8(nlh, MPLS_PW_VRRP_A_VRID,
				fu8(o, MPLS_PW_VRRP_A_VRID, 0));
		mnl_attr_put_u8(nlh, MPLS_PW_VRRP_A_STATE,
				fu8(o, MPLS_PW_VRRP_A_STATE, 0));
		if (if_indextoname(fu32(o, MPLS_PW_VRRP_A_IFINDEX, 0), name))
			mnl_attr_put_strz(nlh, MPLS_PW_VRRP_A_IFNAME, name);
		break;
	case K_LINK:
		n = mnl_attr_nest_start(nlh, MPLS_PW_A_LINK);
		mnl_attr_put_u32(nlh, MPLS_PW_LINK_A_IFINDEX,
				 fu32(o, MPLS_PW_LINK_A_IFINDEX, 0));
		if (if_indextoname(fu32(o, MPLS_PW_LINK_A_IFINDEX, 0), name))
			mnl_attr_put_strz(nlh, MPLS_PW_LINK_A_IFNAME, name);
		mnl_attr_put_u8(nlh, MPLS_PW_LINK_A_MPLS_INPUT,
				fu8(o, MPLS_PW_LINK_A_MPLS_INPUT, 0));
		break;
	case K_NET:
		n = mnl_attr_nest_start(nlh, MPLS_PW_A_NET);
		mnl_attr_put_u32(nlh, MPLS_PW_NET_A_MAX_PWS,
				 fu32(o, MPLS_PW_NET_A_MAX_PWS,
				      MPLS_PW_MAX_PWS_DEFAULT));
		mnl_attr_put_u32(nlh, MPLS_PW_NET_A_PWS, count(K_PW));
		mnl_attr_put_u32(nlh, MPLS_PW_NET_A_ACS, count(K_AC));
		break;
	default:
		return;
	}
	mnl_attr_nest_end(nlh, n);
}

/* ---- commands ---- */

static const struct nlattr *top[MPLS_PW_A_MAX + 1];

static int top_cb(const struct nlattr *a, void *data)
{
	unsigned int t = mnl_attr_get_type(a);
	int *n = data;

	if (t > MPLS_PW_A_MAX || t == MPLS_PW_A_EVENT ||
	    t == MPLS_PW_A_STATS || t == MPLS_PW_A_TIMER)
		return fail(EINVAL, "unknown top-level attribute %u", t),
		       MNL_CB_ERROR;
	top[t] = a;
	(*n)++;
	return MNL_CB_OK;
}

/* A switch's two keys, each a nest of PW key attributes, sorted. */
static int switch_key(const struct nlattr *nest, struct fobj *o)
{
	const struct nlattr *a;
	uint8_t k[2][64];
	size_t len[2];
	int n = 0;

	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) != MPLS_PW_SWITCH_A_PW || n == 2)
			return fail(EINVAL, "switch: exactly two PW nests");
		len[n] = mnl_attr_get_payload_len(a);
		if (len[n] > 64)
			return fail(EINVAL, "switch: PW key too long");
		memset(k[n], 0, 64);
		memcpy(k[n], mnl_attr_get_payload(a), len[n]);
		n++;
	}
	if (n != 2)
		return fail(EINVAL, "switch: exactly two PW nests");
	if (memcmp(k[0], k[1], 64) > 0) {
		uint8_t t[64];

		memcpy(t, k[0], 64);
		memcpy(k[0], k[1], 64);
		memcpy(k[1], t, 64);
	}
	o->kind = K_SWITCH;
	o->a[1].has = true;
	o->a[1].len = 128;
	memcpy(o->a[1].data, k[0], 64);
	memcpy(o->a[1].data + 64, k[1], 64);
	return 0;
}

static bool pw_exists_key(const uint8_t *k, size_t len)
{
	struct nlattr *hdr;
	char buf[128];
	struct fobj key = { .kind = K_PW };
	const struct nlattr *a;

	hdr = (void *)buf;
	hdr->nla_len = (uint16_t)(MNL_ATTR_HDRLEN + len);
	memcpy(buf + MNL_ATTR_HDRLEN, k, len);
	mnl_attr_for_each_nested(a, hdr) {
		unsigned int t = mnl_attr_get_type(a);

		if (t < MAX_ATTR) {
			key.a[t].has = true;
			key.a[t].len = (uint16_t)mnl_attr_get_payload_len(a);
			memcpy(key.a[t].data, mnl_attr_get_payload(a),
			       key.a[t].len);
		}
	}
	return find(&key);
}

/* LINK_SET / LINK_GET (doit): an object per device with MPLS input on. */
static int link_cmd(const struct nlmsghdr *req, uint8_t cmd,
		    const struct fobj *key)
{
	struct fobj *o = find(key);
	struct nlmsghdr *nlh;
	char name[IF_NAMESIZE];

	if (!key->a[MPLS_PW_LINK_A_IFINDEX].has)
		return fail(EINVAL, "missing IFINDEX");
	if (!if_indextoname(fu32(key, MPLS_PW_LINK_A_IFINDEX, 0), name))
		return fail(ENODEV, "No such device in this network namespace");
	if (cmd == MPLS_PW_CMD_LINK_GET) {
		struct fobj off = *key;

		off.a[MPLS_PW_LINK_A_MPLS_INPUT].has = false;
		nlh = out_genl(req->nlmsg_seq, cmd, 0);
		fill(nlh, o ? o : &off, false);
		out_end(nlh, false);
		return 0;
	}
	if (!key->a[MPLS_PW_LINK_A_MPLS_INPUT].has)
		return 0;
	if (!fu8(key, MPLS_PW_LINK_A_MPLS_INPUT, 0)) {
		if (o)
			o->used = 0;
	} else if (!o) {
		o = alloc_obj();
		if (!o)
			return fail(ENOMEM, "full");
		*o = *key;
		o->used = 1;
	}
	state_save();
	return 0;
}

/* NET_SET / NET_GET: max-pws, and the sizes. */
static int net_cmd(const struct nlmsghdr *req, uint8_t cmd,
		   const struct fobj *key)
{
	struct fobj cur = net_obj(), *o;
	struct nlmsghdr *nlh;
	uint32_t max, now;

	if (cmd == MPLS_PW_CMD_NET_GET) {
		nlh = out_genl(req->nlmsg_seq, cmd, 0);
		fill(nlh, &cur, false);
		out_end(nlh, false);
		return 0;
	}
	if (!key->a[MPLS_PW_NET_A_MAX_PWS].has)
		return 0;
	max = fu32(key, MPLS_PW_NET_A_MAX_PWS, 0);
	now = fu32(&cur, MPLS_PW_NET_A_MAX_PWS, MPLS_PW_MAX_PWS_DEFAULT);
	if (max > now && getenv("FAKE_UNPRIV"))
		return fail(EPERM, "Raising max-pws needs CAP_NET_ADMIN in the initial user namespace");
	o = find(&cur);
	if (!o) {
		o = alloc_obj();
		if (!o)
			return fail(ENOMEM, "full");
		o->kind = K_NET;
	}
	o->a[MPLS_PW_NET_A_MAX_PWS] = key->a[MPLS_PW_NET_A_MAX_PWS];
	state_save();
	return 0;
}

static int handle(const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	bool dump = req->nlmsg_flags & NLM_F_DUMP;
	struct fobj key = { 0 }, *o;
	const struct nlattr *nest = NULL;
	const struct pol *pol = NULL;
	struct nlmsghdr *nlh;
	int n = 0, kind = -1, err;

	memset(top, 0, sizeof(top));
	snprintf(logbuf, sizeof(logbuf), "%s%s",
		 g->cmd < sizeof(cmd_names) / sizeof(cmd_names[0]) ?
		 cmd_names[g->cmd] : "?", dump ? " DUMP" : "");
	if (!(req->nlmsg_flags & NLM_F_REQUEST))
		return fail(EINVAL, "not a request");
	if (mnl_attr_parse(req, sizeof(*g), top_cb, &n) < 0)
		return -EINVAL;
	if (n > 1)
		return fail(EINVAL, "more than one top-level attribute");
	switch (g->cmd) {
	case MPLS_PW_CMD_AC_NEW ... MPLS_PW_CMD_AC_SWITCHOVER:
		kind = K_AC, nest = top[MPLS_PW_A_AC], pol = ac_pol;
		break;
	case MPLS_PW_CMD_PW_NEW ... MPLS_PW_CMD_PW_GET:
		kind = K_PW, nest = top[MPLS_PW_A_PW], pol = pw_pol;
		break;
	case MPLS_PW_CMD_SWITCH_NEW ... MPLS_PW_CMD_SWITCH_GET:
		kind = K_SWITCH, nest = top[MPLS_PW_A_SWITCH];
		break;
	case MPLS_PW_CMD_VRRP_SET ... MPLS_PW_CMD_VRRP_GET:
	case MPLS_PW_CMD_VRRP_DEL:
		kind = K_VRRP, nest = top[MPLS_PW_A_VRRP], pol = vrrp_pol;
		break;
	case MPLS_PW_CMD_LINK_SET:
	case MPLS_PW_CMD_LINK_GET:
		kind = K_LINK, nest = top[MPLS_PW_A_LINK], pol = link_pol;
		break;
	case MPLS_PW_CMD_NET_SET:
	case MPLS_PW_CMD_NET_GET:
		kind = K_NET, nest = top[MPLS_PW_A_NET], pol = net_pol;
		break;
	case MPLS_PW_CMD_STATS_GET:
		if (n)
			return fail(EINVAL, "stats: no attributes");
		nlh = out_genl(req->nlmsg_seq, g->cmd, 0);
		put_stats(nlh, MPLS_PW_A_STATS, 5);
		out_end(nlh, false);
		return 0;
	default:
		return fail(EOPNOTSUPP, "unknown command %u", g->cmd);
	}
	if (n && !nest)
		return fail(EINVAL, "wrong object nest for this command");
	if (nest && pol) {
		err = validate(nest, pol, "request", logbuf, sizeof(logbuf));
		if (err)
			return err;
	}
	key.kind = kind;
	if (kind == K_SWITCH && nest) {
		const struct nlattr *a;

		err = switch_key(nest, &key);
		if (err)
			return err;
		mnl_attr_for_each_nested(a, nest) {
			struct fobj k = { .kind = K_PW };
			int v = validate(a, pw_pol, "switch pw", logbuf,
					 sizeof(logbuf));

			if (v)
				return v;
			strcat(logbuf, " |");
			(void)k;
		}
	} else if (nest) {
		key.kind = kind;
		obj_from_nest(&key, nest);
	}

	if (dump) {
		if (g->cmd != MPLS_PW_CMD_AC_GET && g->cmd != MPLS_PW_CMD_PW_GET &&
		    g->cmd != MPLS_PW_CMD_SWITCH_GET &&
		    g->cmd != MPLS_PW_CMD_VRRP_GET &&
		    g->cmd != MPLS_PW_CMD_LINK_GET)
			return fail(EOPNOTSUPP, "no dump for this command");
		for (int i = 0, cnt = 0; i < MAX_OBJS; i++) {
			const struct fobj *x = &objs[i];

			if (!x->used || x->kind != kind)
				continue;
			/* PW dump filters: AC ifindex or peer. */
			if (kind == K_PW && key.a[MPLS_PW_PW_A_IFINDEX].has &&
			    fu32(x, MPLS_PW_PW_A_IFINDEX, 0) !=
			    fu32(&key, MPLS_PW_PW_A_IFINDEX, 0))
				continue;
			if (kind == K_PW && key.a[MPLS_PW_PW_A_PEER_IPV4].has &&
			    (!x->a[MPLS_PW_PW_A_PEER_IPV4].has ||
			     memcmp(x->a[MPLS_PW_PW_A_PEER_IPV4].data,
				    key.a[MPLS_PW_PW_A_PEER_IPV4].data, 4)))
				continue;
			if (kind == K_PW && key.a[MPLS_PW_PW_A_PEER_IPV6].has &&
			    (!x->a[MPLS_PW_PW_A_PEER_IPV6].has ||
			     memcmp(x->a[MPLS_PW_PW_A_PEER_IPV6].data,
				    key.a[MPLS_PW_PW_A_PEER_IPV6].data, 16)))
				continue;
			nlh = out_genl(req->nlmsg_seq, g->cmd, NLM_F_MULTI);
			fill(nlh, x, false);
			/* Two objects per datagram: exercise multi-part. */
			out_end(nlh, ++cnt % 2 == 0);
		}
		nlh = out_msg(req->nlmsg_seq, NLMSG_DONE, NLM_F_MULTI);
		*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = 0;
		out_end(nlh, true);
		return 1;	/* no ACK after DONE */
	}
	if (kind == K_NET)
		return net_cmd(req, g->cmd, &key);
	if (!nest)
		return fail(EINVAL, "missing object nest");
	if (kind == K_LINK)
		return link_cmd(req, g->cmd, &key);

	o = find(&key);
	switch (g->cmd) {
	case MPLS_PW_CMD_AC_NEW:
	case MPLS_PW_CMD_PW_NEW:
	case MPLS_PW_CMD_SWITCH_NEW:
		if (o)
			return fail(EEXIST, "object exists");
		if (kind == K_PW) {
			struct fobj net = net_obj();

			if (count(K_PW) >= fu32(&net, MPLS_PW_NET_A_MAX_PWS,
						MPLS_PW_MAX_PWS_DEFAULT))
				return fail(ENOSPC, "This network namespace has as many PWs as its max-pws allows");
		}
		if (kind == K_AC && !key.a[MPLS_PW_AC_A_IFINDEX].has)
			return fail(EINVAL, "missing IFINDEX");
		if (kind == K_PW) {
			if (!key.a[MPLS_PW_PW_A_VC_ID].has ||
			    key.a[MPLS_PW_PW_A_PEER_IPV4].has ==
			    key.a[MPLS_PW_PW_A_PEER_IPV6].has ||
			    !key.a[MPLS_PW_PW_A_LOCAL_LABEL].has ||
			    !key.a[MPLS_PW_PW_A_REMOTE_LABEL].has)
				return fail(EINVAL, "missing key or labels");
			if (key.a[MPLS_PW_PW_A_REMOTE_STATUS].has)
				return fail(EINVAL, "remote-status only in SET");
		}
		if (kind == K_SWITCH &&
		    (!pw_exists_key(key.a[1].data, 64) ||
		     !pw_exists_key(key.a[1].data + 64, 64)))
			return fail(ENOENT, "switch: no such PW");
		/* Empty nests only mean something in SET. */
		if (kind == K_PW &&
		    ((key.a[MPLS_PW_PW_A_TUNNEL].has &&
		      !key.a[MPLS_PW_PW_A_TUNNEL].len) ||
		     (key.a[MPLS_PW_PW_A_TRACK_VRRP].has &&
		      !key.a[MPLS_PW_PW_A_TRACK_VRRP].len)))
			return fail(EINVAL, "empty nest in NEW");
		o = alloc_obj();
		if (!o)
			return fail(ENOSPC, "full");
		o->kind = kind;
		/* fall through */
	case MPLS_PW_CMD_AC_SET:
	case MPLS_PW_CMD_PW_SET:
	case MPLS_PW_CMD_VRRP_SET: {
		struct fobj next;

		if (!o && g->cmd != MPLS_PW_CMD_VRRP_SET)
			return fail(ENOENT, "no such object");
		if (!o) {
			if (!key.a[MPLS_PW_VRRP_A_STATE].has ||
			    !key.a[MPLS_PW_VRRP_A_IFINDEX].has ||
			    !key.a[MPLS_PW_VRRP_A_VRID].has)
				return fail(EINVAL, "vrrp: dev, vrid, state");
			o = alloc_obj();
			o->kind = kind;
		}
		next = *o;
		if (kind == K_SWITCH)
			next = key;
		else
			obj_from_nest(&next, nest);
		next.used = 1;
		if (kind == K_AC && fu8(&next, MPLS_PW_AC_A_REDUNDANCY, 0) ==
		    MPLS_PW_REDUNDANCY_INDEPENDENT &&
		    (key.a[MPLS_PW_AC_A_REROUTE].has ||
		     key.a[MPLS_PW_AC_A_REROUTE_DELAY].has ||
		     key.a[MPLS_PW_AC_A_HOLDOFF].has)) {
			if (g->cmd == MPLS_PW_CMD_AC_NEW)
				o->used = 0;
			return fail(EINVAL, "reroute and holdoff are not used in independent mode");
		}
		if (kind == K_PW && next.a[MPLS_PW_PW_A_IFINDEX].has) {
			struct fobj ac = { .kind = K_AC };

			ac.a[MPLS_PW_AC_A_IFINDEX] =
				next.a[MPLS_PW_PW_A_IFINDEX];
			if (!find(&ac)) {
				if (g->cmd == MPLS_PW_CMD_PW_NEW)
					o->used = 0;
				return fail(ENODEV, "dev is not an AC");
			}
		}
		if (kind == K_PW) {
			for (int i = 0; i < MAX_OBJS; i++) {
				if (&objs[i] != o && objs[i].used &&
				    objs[i].kind == K_PW &&
				    fu32(&objs[i], MPLS_PW_PW_A_LOCAL_LABEL, 0) ==
				    fu32(&next, MPLS_PW_PW_A_LOCAL_LABEL, 1)) {
					if (g->cmd == MPLS_PW_CMD_PW_NEW)
						o->used = 0;
					return fail(EEXIST, "local label %u already in use",
						    fu32(&next, MPLS_PW_PW_A_LOCAL_LABEL, 0));
				}
			}
		}
		/* remote-status is an input only. */
		*o = next;
		state_save();
		return 0;
	}
	case MPLS_PW_CMD_AC_DEL:
	case MPLS_PW_CMD_PW_DEL:
	case MPLS_PW_CMD_SWITCH_DEL:
	case MPLS_PW_CMD_VRRP_DEL:
		if (kind == K_VRRP && key.a[MPLS_PW_VRRP_A_STATE].has)
			return fail(EINVAL, "vrrp del: the key only");
		if (!o)
			return fail(ENOENT, "no such object");
		if (kind == K_AC) {
			for (int i = 0; i < MAX_OBJS; i++) {
				if (objs[i].used && objs[i].kind == K_PW &&
				    fu32(&objs[i], MPLS_PW_PW_A_IFINDEX, 0) ==
				    fu32(o, MPLS_PW_AC_A_IFINDEX, 0))
					objs[i].used = 0;
			}
		}
		o->used = 0;
		state_save();
		return 0;
	case MPLS_PW_CMD_AC_SWITCHOVER:
		return o ? 0 : fail(ENOENT, "no such AC");
	case MPLS_PW_CMD_AC_GET:
	case MPLS_PW_CMD_PW_GET:
		if (!o)
			return fail(ENOENT, "no such object");
		nlh = out_genl(req->nlmsg_seq, g->cmd, 0);
		fill(nlh, o, false);
		out_end(nlh, false);
		return 0;
	}
	return fail(EOPNOTSUPP, "unsupported");
}

static void handle_ctrl(const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	struct nlmsghdr *nlh;
	struct nlattr *grps, *grp;

	*errmsg = 0;
	if (g->cmd != CTRL_CMD_GETFAMILY || getenv("FAKE_NO_FAMILY")) {
		out_ack(req, -ENOENT);
		return;
	}
	nlh = out_msg(req->nlmsg_seq, GENL_ID_CTRL, 0);
	((struct genlmsghdr *)mnl_nlmsg_put_extra_header(nlh, 4))->cmd =
		CTRL_CMD_NEWFAMILY;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "mpls_pw");
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAMILY_ID);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	grps = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	grp = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "events");
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, MCGRP_ID);
	mnl_attr_nest_end(nlh, grp);
	mnl_attr_nest_end(nlh, grps);
	out_end(nlh, false);
	out_ack(req, 0);
}

/* ---- a device of the fake's own, for pwctl and for the fake ---- */

#define FAKE_IFNAME	"pwfake0"
#define FAKE_IFINDEX	1000000

unsigned int if_nametoindex(const char *name)
{
	unsigned int (*real)(const char *);

	if (!strcmp(name, FAKE_IFNAME))
		return FAKE_IFINDEX;
	real = (unsigned int (*)(const char *))dlsym(RTLD_NEXT,
						     "if_nametoindex");
	return real ? real(name) : 0;
}

char *if_indextoname(unsigned int ifindex, char name[IF_NAMESIZE])
{
	char *(*real)(unsigned int, char *);

	if (ifindex == FAKE_IFINDEX)
		return strcpy(name, FAKE_IFNAME);
	real = (char *(*)(unsigned int, char *))dlsym(RTLD_NEXT,
						      "if_indextoname");
	return real ? real(ifindex, name) : NULL;
}

/* ---- libmnl replacements ---- */

struct mnl_socket *mnl_socket_open(int bus)
{
	(void)bus;
	state_load();
	return &fake_sock;
}

int mnl_socket_bind(struct mnl_socket *nl, unsigned int groups, pid_t pid)
{
	(void)nl, (void)groups, (void)pid;
	return 0;
}

unsigned int mnl_socket_get_portid(const struct mnl_socket *nl)
{
	(void)nl;
	return 4242;
}

int mnl_socket_get_fd(const struct mnl_socket *nl)
{
	(void)nl;
	return -1;
}

int mnl_socket_close(struct mnl_socket *nl)
{
	(void)nl;
	return 0;
}

int mnl_socket_setsockopt(const struct mnl_socket *nl, int type, void *buf,
			  socklen_t len)
{
	(void)nl, (void)len;
	if (type == NETLINK_ADD_MEMBERSHIP) {
		if (*(uint32_t *)buf != MCGRP_ID) {
			errno = EINVAL;
			return -1;
		}
		monitoring = true;
		logmsg("JOIN %u\n", *(uint32_t *)buf);
	}
	if (type == NETLINK_EXT_ACK || type == NETLINK_GET_STRICT_CHK)
		logmsg("SOCKOPT %d\n", type);
	return 0;
}

ssize_t mnl_socket_sendto(const struct mnl_socket *nl, const void *buf,
			  size_t len)
{
	const struct nlmsghdr *req = buf;
	int ret;

	(void)nl;
	outq_len = outq_pos = 0;
	n_chunks = cur_chunk = 0;
	if (len < sizeof(*req) || req->nlmsg_len != len) {
		errno = EINVAL;
		return -1;
	}
	if (req->nlmsg_type == GENL_ID_CTRL) {
		handle_ctrl(req);
	} else {
		*errmsg = 0;
		if (req->nlmsg_type != FAMILY_ID) {
			ret = fail(EINVAL, "wrong family");
		} else {
			ret = handle(req);
		}
		logmsg("%s%s%s%s\n", logbuf, ret < 0 ? " -> " : "",
		       ret < 0 ? strerror(-ret) : "",
		       ret < 0 && *errmsg ? " (extack)" : "");
		if (ret <= 0 && (req->nlmsg_flags & NLM_F_ACK || ret < 0))
			out_ack(req, ret);
		else if (ret <= 0)
			chunk_ends[n_chunks++] = outq_len;
	}
	return (ssize_t)len;
}

static void monitor_events(void)
{
	static const uint8_t ev_for[K_MAX] = {
		[K_AC] = MPLS_PW_EVENT_SELECTION,
		[K_PW] = MPLS_PW_EVENT_PW_DOWN,
		[K_SWITCH] = MPLS_PW_EVENT_NEW,
		[K_VRRP] = MPLS_PW_EVENT_CHANGED,
		[K_LINK] = MPLS_PW_EVENT_CHANGED,
		[K_NET] = MPLS_PW_EVENT_CHANGED,
	};
	static const uint8_t cmd_for[K_MAX] = {
		[K_AC] = MPLS_PW_CMD_AC_GET,
		[K_PW] = MPLS_PW_CMD_PW_GET,
		[K_SWITCH] = MPLS_PW_CMD_SWITCH_GET,
		[K_VRRP] = MPLS_PW_CMD_VRRP_GET,
		[K_LINK] = MPLS_PW_CMD_LINK_GET,
		[K_NET] = MPLS_PW_CMD_NET_GET,
	};
	struct nlmsghdr *nlh;
	bool del_done = false;

	for (int i = 0; i < MAX_OBJS; i++) {
		const struct fobj *o = &objs[i];

		if (!o->used)
			continue;
		nlh = out_genl(0, cmd_for[o->kind], 0);
		mnl_attr_put_u32(nlh, MPLS_PW_A_EVENT, ev_for[o->kind]);
		fill(nlh, o, false);
		out_end(nlh, true);
		if (o->kind == K_AC) {
			/* a timer event carries the timer kind beside it */
			nlh = out_genl(0, MPLS_PW_CMD_AC_GET, 0);
			mnl_attr_put_u32(nlh, MPLS_PW_A_EVENT,
					 MPLS_PW_EVENT_TIMER_START);
			mnl_attr_put_u8(nlh, MPLS_PW_A_TIMER,
					MPLS_PW_TIMER_REROUTE);
			fill(nlh, o, false);
			out_end(nlh, true);
		}
		if (o->kind == K_PW && !del_done) {
			nlh = out_genl(0, MPLS_PW_CMD_PW_DEL, 0);
			mnl_attr_put_u32(nlh, MPLS_PW_A_EVENT,
					 MPLS_PW_EVENT_DELETED);
			fill(nlh, o, true);
			out_end(nlh, true);
			del_done = true;
		}
	}
}

ssize_t mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf,
			    size_t size)
{
	size_t end;

	(void)nl;
	if (monitoring && cur_chunk >= n_chunks) {
		static bool sent;

		if (sent)
			exit(0);
		sent = true;
		outq_len = outq_pos = 0;
		n_chunks = cur_chunk = 0;
		monitor_events();
	}
	if (cur_chunk >= n_chunks) {
		errno = EAGAIN;
		return -1;
	}
	end = chunk_ends[cur_chunk++];
	if (end - outq_pos > size) {
		errno = ENOSPC;
		return -1;
	}
	memcpy(buf, outq + outq_pos, end - outq_pos);
	size = end - outq_pos;
	outq_pos = end;
	return (ssize_t)size;
}
