// SPDX-License-Identifier: GPL-2.0
/*
 * What every object shares: verb dispatch, the PW key (peer, vc-id) that
 * PWs, switches and an AC's active PW all use, addresses and device names
 * of replies, and the reply loop under "show" (one GET or dump turned into
 * a human listing or a JSON array) and under the dumps into arrays.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "pwctl.h"

const char *const role_names[4] = {
	[MPLS_PW_ROLE_PRIMARY] = "primary",
	[MPLS_PW_ROLE_SECONDARY] = "secondary",
	[MPLS_PW_ROLE_BYPASS] = "bypass",
	[MPLS_PW_ROLE_NONE] = "none",
};

const char *const fwd_names[3] = {
	[MPLS_PW_FWD_DOWN] = "down",
	[MPLS_PW_FWD_STANDBY] = "standby",
	[MPLS_PW_FWD_ACTIVE] = "active",
};

/* Bit n of MPLS_PW_DOWN_* */
const char *const down_names[9] = {
	"admin", "ac-down", "no-route", "tunnel-dev-down", "neigh-failed",
	"remote-fault", "silent", "no-ac", "vrrp-backup",
};

/* Bit n of MPLS_PW_STATUS_* */
const char *const status_names[7] = {
	"not-forwarding", "ac-rx-fault", "ac-tx-fault", "psn-rx-fault",
	"psn-tx-fault", "standby", "switchover-request",
};

static char cmd_buf[64];

int run_verb(const char *obj, const struct verb *verbs, unsigned int n,
	     struct args *a)
{
	const char *v = args_peek(a);

	/* No verb: show, as in iproute2. */
	if (!v) {
		for (unsigned int i = 0; i < n; i++) {
			if (!strcmp(verbs[i].name, "show")) {
				snprintf(cmd_buf, sizeof(cmd_buf), "%s show", obj);
				cur_cmd = cmd_buf;
				return verbs[i].fn(a, verbs[i].cmd);
			}
		}
	}
	if (v && (!strcmp(v, "list") || !strcmp(v, "ls")))
		v = "show";
	for (unsigned int i = 0; v && i < n; i++) {
		if (strcmp(v, verbs[i].name))
			continue;
		a->i++;
		snprintf(cmd_buf, sizeof(cmd_buf), "%s %s", obj, v);
		cur_cmd = cmd_buf;
		return verbs[i].fn(a, verbs[i].cmd);
	}
	if (!v)
		return usage_err("%s: missing command", obj);
	{
		char list[128] = "";

		for (unsigned int i = 0; i < n; i++) {
			if (*list)
				strncat(list, " | ", sizeof(list) - strlen(list) - 1);
			strncat(list, verbs[i].name, sizeof(list) - strlen(list) - 1);
		}
		return usage_err("%s: unknown command \"%s\" (expected %s)",
				 obj, v, list);
	}
}

/* ---- PW key ---- */

bool key_equal(const struct pwctl_key *a, const struct pwctl_key *b)
{
	return a->vc_id == b->vc_id && addr_equal(&a->peer, &b->peer);
}

/*
 * "peer ADDR vc-id ID" at the cursor (used where the key is the whole
 * argument list, or one of the two PWs of a switch).
 */
int key_parse(struct args *a, struct pwctl_key *key, bool need_vc_id)
{
	const char *t;

	memset(key, 0, sizeof(*key));
	t = args_next(a);
	if (!t || strcmp(t, "peer"))
		return usage_err("%s: expected \"peer\"%s%s%s", cur_cmd,
				 t ? ", not \"" : "", t ? t : "", t ? "\"" : "");
	t = args_value(a, "peer");
	if (!t || parse_addr(t, "peer", &key->peer))
		return EXIT_USAGE;
	if (!args_peek(a) && !need_vc_id)
		return 0;
	t = args_next(a);
	if (!t || strcmp(t, "vc-id"))
		return usage_err("%s: expected \"vc-id\"%s%s%s", cur_cmd,
				 t ? ", not \"" : "", t ? t : "", t ? "\"" : "");
	t = args_value(a, "vc-id");
	if (!t || parse_u32(t, "vc-id", 1, UINT32_MAX, &key->vc_id))
		return EXIT_USAGE;
	return 0;
}

void key_put(struct nlmsghdr *nlh, const struct pwctl_key *key)
{
	addr_put(nlh, MPLS_PW_PW_A_PEER_IPV4, MPLS_PW_PW_A_PEER_IPV6,
		 &key->peer);
	if (key->vc_id)
		mnl_attr_put_u32(nlh, MPLS_PW_PW_A_VC_ID, key->vc_id);
}

int key_from_tb(const struct nlattr **tb, struct pwctl_key *key)
{
	memset(key, 0, sizeof(*key));
	if (!addr_get(tb[MPLS_PW_PW_A_PEER_IPV4], tb[MPLS_PW_PW_A_PEER_IPV6],
		      &key->peer))
		return -1;
	return nl_u32(tb[MPLS_PW_PW_A_VC_ID], &key->vc_id) ? 0 : -1;
}

/* -1 when @nest is absent (NULL) or holds no complete key. */
int key_from_nest(const struct nlattr *nest, struct pwctl_key *key)
{
	const struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];

	if (nl_parse_nest(nest, tb, MPLS_PW_PW_A_MAX))
		return -1;
	return key_from_tb(tb, key);
}

void key_print(FILE *f, const struct pwctl_key *key)
{
	char buf[ADDR_STRLEN];

	fprintf(f, "peer %s vc-id %u", addr_str(&key->peer, buf, sizeof(buf)),
		key->vc_id);
}

void key_json(const struct pwctl_key *key)
{
	char buf[ADDR_STRLEN];

	jw_str("peer", addr_str(&key->peer, buf, sizeof(buf)));
	jw_u64("vc_id", key->vc_id);
}

/* ---- addresses and devices of replies ---- */

void addr_put(struct nlmsghdr *nlh, uint16_t v4, uint16_t v6,
	      const struct pwctl_addr *addr)
{
	if (addr->family == AF_INET)
		mnl_attr_put(nlh, v4, 4, &addr->v4);
	else if (addr->family == AF_INET6)
		mnl_attr_put(nlh, v6, 16, &addr->v6);
}

bool addr_get(const struct nlattr *v4, const struct nlattr *v6,
	      struct pwctl_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (v4 && mnl_attr_get_payload_len(v4) == 4) {
		addr->family = AF_INET;
		memcpy(&addr->v4, mnl_attr_get_payload(v4), 4);
	} else if (v6 && mnl_attr_get_payload_len(v6) == 16) {
		addr->family = AF_INET6;
		memcpy(&addr->v6, mnl_attr_get_payload(v6), 16);
	}
	return addr->family;
}

/* @buf holds IF_NAMESIZE bytes. */
void ifname_get(const struct nlattr *name, uint32_t ifindex, char *buf)
{
	if (nl_str(name, buf, IF_NAMESIZE))
		return;
	if (!ifindex || !if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
}

/* ---- replies ---- */

struct object_ctx {
	unsigned int top;
	object_fn fn;
	void *data;
};

static int object_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[MPLS_PW_A_MAX + 1];
	struct object_ctx *ctx = data;

	if (nl_parse_msg(nlh, tb, MPLS_PW_A_MAX) || !tb[ctx->top])
		return 0;	/* not ours: skip */
	return ctx->fn(tb[ctx->top], ctx->data);
}

/*
 * Runs @nlh (a GET or a dump) and calls @fn with the @top nest of every
 * reply that has one. Returns what nl_request() returns.
 */
int request_objects(struct nlmsghdr *nlh, unsigned int top, object_fn fn,
		    void *data)
{
	struct object_ctx ctx = { top, fn, data };

	return nl_request(nlh, object_cb, &ctx);
}

/* ---- show ---- */

struct show_ctx {
	show_fn print;
	unsigned int count;
	bool blank;
};

static int show_one(const struct nlattr *nest, void *data)
{
	struct show_ctx *ctx = data;

	if (!opts.json && ctx->blank && ctx->count)
		putchar('\n');
	ctx->print(nest);
	ctx->count++;
	return 0;
}

/*
 * Runs @nlh (a GET or a dump) and prints every @top nest it returns with
 * @print. In JSON the objects form one array, "[]" when there are none.
 * @blank separates multi-line blocks by an empty line.
 */
int show_request(struct nlmsghdr *nlh, unsigned int top, show_fn print,
		 bool blank)
{
	struct show_ctx ctx = { print, 0, blank };
	int err;

	if (nl_open())
		return EXIT_FAIL;
	if (opts.json)
		jw_arr_open(NULL);
	err = request_objects(nlh, top, show_one, &ctx);
	if (opts.json) {
		jw_arr_close();
		jw_end();
	}
	fflush(stdout);
	if (!err && nl_dump_intr())
		fprintf(stderr, "pwctl: %s: dump was interrupted and may be inconsistent\n",
			cur_cmd);
	return err ? EXIT_FAIL : EXIT_OK;
}

/* ---- dumps into arrays ---- */

struct collect_ctx {
	object_fn decode;
	size_t size;
	void *items;
	size_t n;
	size_t alloc;
};

static int collect_one(const struct nlattr *nest, void *data)
{
	struct collect_ctx *c = data;
	void *item;

	if (c->n == c->alloc) {
		size_t alloc = c->alloc ? c->alloc * 2 : 16;
		void *p = realloc(c->items, alloc * c->size);

		if (!p)
			return -ENOMEM;
		c->items = p;
		c->alloc = alloc;
	}
	item = (char *)c->items + c->n * c->size;
	memset(item, 0, c->size);
	if (c->decode(nest, item))
		return 0;	/* incomplete entry: skip it */
	c->n++;
	return 0;
}

/*
 * Dumps @cmd into an array of models; retries when a concurrent change
 * interrupted the dump so the result is consistent.
 */
int dump_all(uint8_t cmd, unsigned int top, object_fn decode, size_t size,
	     void **out, size_t *n)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct collect_ctx c;
	int err, tries = 0;

	do {
		struct nlmsghdr *nlh = nl_msg(buf, cmd, NLM_F_DUMP);

		memset(&c, 0, sizeof(c));
		c.decode = decode;
		c.size = size;
		err = request_objects(nlh, top, collect_one, &c);
		if (err) {
			free(c.items);
			return EXIT_FAIL;
		}
		if (!nl_dump_intr())
			break;
		free(c.items);
		c.items = NULL;
	} while (++tries < 5);
	if (tries == 5)
		return run_err("%s: dump kept being interrupted", cur_cmd);
	*out = c.items;
	*n = c.n;
	return EXIT_OK;
}
