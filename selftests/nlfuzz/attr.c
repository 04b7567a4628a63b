// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: requests as trees of attributes, so that a fuzzer can remove,
 * duplicate, resize and nest them before the tree is written out.
 */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nlfuzz.h"

void req_init(struct req *r, uint8_t cmd)
{
	memset(&r->top, 0, sizeof(r->top));
	r->top.nest = true;
	r->cmd = cmd;
	r->version = MPLS_PW_GENL_VERSION;
	r->reserved = 0;
	r->flags = NLM_F_REQUEST | NLM_F_ACK;
	r->cut = 0;
	r->used = 0;
}

static struct attr *a_new(struct req *r, struct attr *parent, uint16_t type)
{
	struct attr *a;

	if (r->used >= REQ_POOL || parent->n >= ATTR_CHILDREN)
		return NULL;
	a = &r->pool[r->used++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	parent->ch[parent->n++] = a;
	return a;
}

struct attr *a_nest(struct req *r, struct attr *parent, uint16_t type)
{
	struct attr *a = a_new(r, parent, type | NLA_F_NESTED);

	if (a)
		a->nest = true;
	return a;
}

struct attr *a_put(struct req *r, struct attr *parent, uint16_t type,
		   const void *data, uint32_t len)
{
	struct attr *a = a_new(r, parent, type);

	if (!a)
		return NULL;
	a->len = len;
	if (data)
		memcpy(a->data, data, len < ATTR_DATA_MAX ? len : ATTR_DATA_MAX);
	return a;
}

struct attr *a_u8(struct req *r, struct attr *p, uint16_t type, uint8_t v)
{
	return a_put(r, p, type, &v, 1);
}

struct attr *a_u16(struct req *r, struct attr *p, uint16_t type, uint16_t v)
{
	return a_put(r, p, type, &v, 2);
}

struct attr *a_u32(struct req *r, struct attr *p, uint16_t type, uint32_t v)
{
	return a_put(r, p, type, &v, 4);
}

void a_remove(struct attr *parent, unsigned int i)
{
	memmove(&parent->ch[i], &parent->ch[i + 1],
		(parent->n - i - 1) * sizeof(parent->ch[0]));
	parent->n--;
}

struct attr *a_get(const struct attr *nest, uint16_t type)
{
	struct attr *found = NULL;
	unsigned int i;

	if (!nest)
		return NULL;
	for (i = 0; i < nest->n; i++)
		if ((nest->ch[i]->type & NLA_TYPE_MASK) == type)
			found = nest->ch[i];
	return found;
}

uint8_t a_get_u8(const struct attr *a)
{
	return a->data[0];
}

uint16_t a_get_u16(const struct attr *a)
{
	uint16_t v;

	memcpy(&v, a->data, sizeof(v));
	return v;
}

uint32_t a_get_u32(const struct attr *a)
{
	uint32_t v;

	memcpy(&v, a->data, sizeof(v));
	return v;
}

uint32_t a_len(const struct attr *a)
{
	uint32_t len = 0;
	unsigned int i;

	if (!a->nest)
		return a->len;
	for (i = 0; i < a->n; i++)
		len += NLA_ALIGN(NLA_HDRLEN + a_len(a->ch[i]));
	return len;
}

static size_t a_write(const struct attr *a, uint8_t *buf, size_t size)
{
	uint32_t plen = a_len(a), i;
	struct nlattr *nla = (struct nlattr *)buf;
	size_t off = NLA_HDRLEN;

	if (NLA_ALIGN(NLA_HDRLEN + plen) > size)
		return 0;
	nla->nla_type = a->type;
	nla->nla_len = (uint16_t)(NLA_HDRLEN + plen);
	if (a->nest) {
		for (i = 0; i < a->n; i++)
			off += a_write(a->ch[i], buf + off, size - off);
	} else {
		memcpy(buf + off, a->data,
		       plen < ATTR_DATA_MAX ? plen : ATTR_DATA_MAX);
		if (plen > ATTR_DATA_MAX)
			memset(buf + off + ATTR_DATA_MAX, 0x5a,
			       plen - ATTR_DATA_MAX);
		off += plen;
	}
	memset(buf + off, 0, NLA_ALIGN(off) - off);
	return NLA_ALIGN(off);
}

size_t req_write(const struct req *r, uint16_t family, uint32_t seq,
		 uint8_t *buf, size_t size)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	unsigned int i;

	memset(buf, 0, off);
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = r->flags;
	nlh->nlmsg_seq = seq;
	g->cmd = r->cmd;
	g->version = r->version;
	g->reserved = r->reserved;
	for (i = 0; i < r->top.n; i++)
		off += a_write(r->top.ch[i], buf + off, size - off);
	if (r->cut && r->cut < off)
		off -= r->cut;
	nlh->nlmsg_len = (uint32_t)off;
	return off;
}

unsigned int a_walk(struct attr *nest, struct attr **out,
		    struct attr **parents, unsigned int max)
{
	unsigned int n = 0, i;

	for (i = 0; i < nest->n && n < max; i++) {
		out[n] = nest->ch[i];
		parents[n++] = nest;
		if (nest->ch[i]->nest)
			n += a_walk(nest->ch[i], out + n, parents + n, max - n);
	}
	return n;
}

static size_t a_describe(const struct attr *a, char *buf, size_t size)
{
	size_t off = 0;
	unsigned int i;
	int n;

	if (a->nest) {
		n = snprintf(buf, size, " %u{", a->type & NLA_TYPE_MASK);
		off = n > 0 && (size_t)n < size ? (size_t)n : size;
		for (i = 0; i < a->n && off < size; i++)
			off += a_describe(a->ch[i], buf + off, size - off);
		n = snprintf(buf + off, size - off, " }");
	} else if (a->len == 1) {
		n = snprintf(buf, size, " %u=%u", a->type, a->data[0]);
	} else if (a->len == 2) {
		n = snprintf(buf, size, " %u=%u", a->type, a_get_u16(a));
	} else if (a->len == 4) {
		n = snprintf(buf, size, " %u=%u", a->type, a_get_u32(a));
	} else {
		n = snprintf(buf, size, " %u=[%u bytes]", a->type, a->len);
	}
	if (n < 0 || (size_t)n >= size - off)
		return size - off;
	return off + (size_t)n;
}

void req_describe(const struct req *r, char *buf, size_t size)
{
	size_t off;
	unsigned int i;
	int n;

	n = snprintf(buf, size, "cmd %u flags 0x%x%s", r->cmd, r->flags,
		     r->cut ? " (cut)" : "");
	off = n > 0 && (size_t)n < size ? (size_t)n : size;
	for (i = 0; i < r->top.n && off < size; i++)
		off += a_describe(r->top.ch[i], buf + off, size - off);
	if (r->cut && off < size)
		snprintf(buf + off, size - off, " cut %u", r->cut);
}
