// SPDX-License-Identifier: GPL-2.0
/*
 * pwctl link { set | show }: per-device settings (MPLS input, off until
 * set, like net.mpls.conf.DEV.input); pwctl net { set | show }: the
 * netns-wide PW limit and sizes. Both also as models for the
 * configuration files (conf.c).
 */
#include <string.h>

#include <libmnl/libmnl.h>

#include "pwctl.h"

enum { LINK_F_DEV, LINK_F_INPUT };

static const char *const on_off[] = { "off", "on" };

/* dev IF [ mpls-input { on | off } ] */
int link_parse(struct args *a, struct pwctl_link *l, bool set)
{
	struct given g = { 0 };
	const char *tok, *t;
	uint8_t v;

	memset(l, 0, sizeof(*l));
	while ((tok = args_next(a))) {
		if (!strcmp(tok, "dev")) {
			t = args_field(a, tok, &g, LINK_F_DEV);
			if (!t || parse_dev(t, l->ifname))
				return EXIT_USAGE;
		} else if (set && !strcmp(tok, "mpls-input")) {
			if (given_set(&g, LINK_F_INPUT, tok) ||
			    args_enum(a, tok, "mpls-input", on_off,
				      ARRAY_SIZE(on_off), &v))
				return EXIT_USAGE;
			l->mpls_input = v;
			l->has_input = true;
		} else {
			return usage_err("%s: unknown keyword \"%s\"", cur_cmd,
					 tok);
		}
	}
	if (!given_has(&g, LINK_F_DEV)) {
		if (set)
			return usage_err("%s: \"dev\" is required", cur_cmd);
		return EXIT_OK;
	}
	if (set && !l->has_input)
		return usage_err("%s: nothing to set (mpls-input { on | off })",
				 cur_cmd);
	return resolve_dev(l->ifname, &l->ifindex);
}

int link_request(const struct pwctl_link *l)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = nl_msg(buf, MPLS_PW_CMD_LINK_SET, 0);
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, MPLS_PW_A_LINK);
	mnl_attr_put_u32(nlh, MPLS_PW_LINK_A_IFINDEX, l->ifindex);
	mnl_attr_put_u8(nlh, MPLS_PW_LINK_A_MPLS_INPUT, l->mpls_input);
	mnl_attr_nest_end(nlh, nest);
	return nl_request(nlh, NULL, NULL) ? EXIT_FAIL : EXIT_OK;
}

int link_from_nest(const struct nlattr *nest, struct pwctl_link *l)
{
	const struct nlattr *tb[MPLS_PW_LINK_A_MAX + 1];
	uint8_t v = 0;

	memset(l, 0, sizeof(*l));
	if (nl_parse_nest(nest, tb, MPLS_PW_LINK_A_MAX) ||
	    !nl_u32(tb[MPLS_PW_LINK_A_IFINDEX], &l->ifindex))
		return -1;
	l->has_input = nl_u8(tb[MPLS_PW_LINK_A_MPLS_INPUT], &v);
	l->mpls_input = v;
	ifname_get(tb[MPLS_PW_LINK_A_IFNAME], l->ifindex, l->ifname);
	return 0;
}

void link_json_fields(const struct nlattr *nest)
{
	struct pwctl_link l;

	if (link_from_nest(nest, &l))
		return;
	jw_str("dev", l.ifname);
	if (l.has_input)
		jw_bool("mpls_input", l.mpls_input);
}

static void link_print_line(FILE *f, const char *prefix,
			    const struct pwctl_link *l)
{
	fprintf(f, "%sdev %s mpls-input %s", prefix, l->ifname,
		l->mpls_input ? "on" : "off");
}

void link_print_event(const struct nlattr *nest)
{
	struct pwctl_link l;

	if (!link_from_nest(nest, &l))
		link_print_line(stdout, "link ", &l);
	else
		fputs("link", stdout);
}

void link_print_conf(FILE *f, const struct pwctl_link *l)
{
	link_print_line(f, "link set ", l);
	fputc('\n', f);
}

static void link_show_one(const struct nlattr *nest)
{
	struct pwctl_link l;

	if (link_from_nest(nest, &l))
		return;
	if (opts.json) {
		jw_obj_open(NULL);
		link_json_fields(nest);
		jw_obj_close();
	} else {
		link_print_line(stdout, "link ", &l);
		putchar('\n');
	}
}

static int link_collect(const struct nlattr *nest, void *item)
{
	return link_from_nest(nest, item);
}

int link_dump_all(struct pwctl_link **out, size_t *n)
{
	return dump_all(MPLS_PW_CMD_LINK_GET, MPLS_PW_A_LINK, link_collect,
			sizeof(**out), (void **)out, n);
}

static int link_set(struct args *a, uint8_t cmd)
{
	struct pwctl_link l;
	int err = link_parse(a, &l, true);

	(void)cmd;
	return err ? err : link_request(&l);
}

/* link show [ dev IF ]: one device, or those with MPLS input on */
static int link_show(struct args *a, uint8_t cmd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct pwctl_link l;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int err = link_parse(a, &l, false);

	if (err)
		return err;
	if (!l.ifindex)
		return show_request(nl_msg(buf, cmd, NLM_F_DUMP),
				    MPLS_PW_A_LINK, link_show_one, false);
	nlh = nl_msg(buf, cmd, 0);
	nest = mnl_attr_nest_start(nlh, MPLS_PW_A_LINK);
	mnl_attr_put_u32(nlh, MPLS_PW_LINK_A_IFINDEX, l.ifindex);
	mnl_attr_nest_end(nlh, nest);
	return show_request(nlh, MPLS_PW_A_LINK, link_show_one, false);
}

static const struct verb link_verbs[] = {
	{ "set", link_set, MPLS_PW_CMD_LINK_SET },
	{ "show", link_show, MPLS_PW_CMD_LINK_GET },
};

int link_main(struct args *a)
{
	return run_verb("link", link_verbs, ARRAY_SIZE(link_verbs), a);
}

/* ---- net ---- */

static void net_show_one(const struct nlattr *nest)
{
	const struct nlattr *tb[MPLS_PW_NET_A_MAX + 1];
	uint32_t max = 0, pws = 0, acs = 0;

	if (nl_parse_nest(nest, tb, MPLS_PW_NET_A_MAX))
		return;
	nl_u32(tb[MPLS_PW_NET_A_MAX_PWS], &max);
	nl_u32(tb[MPLS_PW_NET_A_PWS], &pws);
	nl_u32(tb[MPLS_PW_NET_A_ACS], &acs);
	if (opts.json) {
		jw_obj_open(NULL);
		jw_u64("max_pws", max);
		jw_u64("pws", pws);
		jw_u64("acs", acs);
		jw_obj_close();
	} else {
		printf("max-pws %u pws %u acs %u\n", max, pws, acs);
	}
}

static int net_one(const struct nlattr *nest, void *data)
{
	(void)data;
	net_show_one(nest);
	return 0;
}

void net_print_event(const struct nlattr *nest)
{
	const struct nlattr *tb[MPLS_PW_NET_A_MAX + 1];
	uint32_t max = 0;

	if (!nl_parse_nest(nest, tb, MPLS_PW_NET_A_MAX) &&
	    nl_u32(tb[MPLS_PW_NET_A_MAX_PWS], &max))
		printf("net max-pws %u", max);
	else
		fputs("net", stdout);
}

void net_json_fields(const struct nlattr *nest)
{
	const struct nlattr *tb[MPLS_PW_NET_A_MAX + 1];
	uint32_t v;

	if (nl_parse_nest(nest, tb, MPLS_PW_NET_A_MAX))
		return;
	if (nl_u32(tb[MPLS_PW_NET_A_MAX_PWS], &v))
		jw_u64("max_pws", v);
	if (nl_u32(tb[MPLS_PW_NET_A_PWS], &v))
		jw_u64("pws", v);
	if (nl_u32(tb[MPLS_PW_NET_A_ACS], &v))
		jw_u64("acs", v);
}

/* max-pws N */
int net_parse(struct args *a, struct pwctl_net *n)
{
	struct given g = { 0 };
	const char *tok;

	memset(n, 0, sizeof(*n));
	while ((tok = args_next(a))) {
		if (strcmp(tok, "max-pws"))
			return usage_err("%s: unknown keyword \"%s\"", cur_cmd,
					 tok);
		if (args_u32(a, tok, &g, 0, 0, UINT32_MAX, &n->max_pws))
			return EXIT_USAGE;
		n->has_max_pws = true;
	}
	if (!n->has_max_pws)
		return usage_err("%s: nothing to set (max-pws N)", cur_cmd);
	return EXIT_OK;
}

int net_request(const struct pwctl_net *n)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = nl_msg(buf, MPLS_PW_CMD_NET_SET, 0);
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, MPLS_PW_A_NET);
	if (n->has_max_pws)
		mnl_attr_put_u32(nlh, MPLS_PW_NET_A_MAX_PWS, n->max_pws);
	mnl_attr_nest_end(nlh, nest);
	return nl_request(nlh, NULL, NULL) ? EXIT_FAIL : EXIT_OK;
}

static int net_collect(const struct nlattr *nest, void *data)
{
	const struct nlattr *tb[MPLS_PW_NET_A_MAX + 1];
	struct pwctl_net *n = data;

	if (!nl_parse_nest(nest, tb, MPLS_PW_NET_A_MAX))
		n->has_max_pws = nl_u32(tb[MPLS_PW_NET_A_MAX_PWS],
					&n->max_pws);
	return 0;
}

/* The settings of the netns, as the kernel reports them. */
int net_get(struct pwctl_net *n)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));

	memset(n, 0, sizeof(*n));
	if (request_objects(nl_msg(buf, MPLS_PW_CMD_NET_GET, 0),
			    MPLS_PW_A_NET, net_collect, n))
		return EXIT_FAIL;
	return EXIT_OK;
}

void net_print_conf(FILE *f, const struct pwctl_net *n)
{
	if (n->has_max_pws)
		fprintf(f, "net set max-pws %u\n", n->max_pws);
}

static int net_set(struct args *a, uint8_t cmd)
{
	struct pwctl_net n;
	int err = net_parse(a, &n);

	(void)cmd;
	return err ? err : net_request(&n);
}

static int net_show(struct args *a, uint8_t cmd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	int err;

	if (args_end(a))
		return EXIT_USAGE;
	if (nl_open())
		return EXIT_FAIL;
	err = request_objects(nl_msg(buf, cmd, 0), MPLS_PW_A_NET, net_one,
			      NULL);
	if (!err && opts.json)
		jw_end();
	return err ? EXIT_FAIL : EXIT_OK;
}

static const struct verb net_verbs[] = {
	{ "set", net_set, MPLS_PW_CMD_NET_SET },
	{ "show", net_show, MPLS_PW_CMD_NET_GET },
};

int net_main(struct args *a)
{
	return run_verb("net", net_verbs, ARRAY_SIZE(net_verbs), a);
}
