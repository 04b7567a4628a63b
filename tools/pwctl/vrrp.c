// SPDX-License-Identifier: GPL-2.0
/*
 * pwctl vrrp { set | del | show }: VRRP group states that PWs may track,
 * set from userspace (e.g. a keepalived notify script).
 */
#include <string.h>

#include <libmnl/libmnl.h>

#include "pwctl.h"

static const char *const vrrp_state_names[] = {
	[MPLS_PW_VRRP_BACKUP] = "backup",
	[MPLS_PW_VRRP_MASTER] = "master",
};

enum { VRRP_F_DEV, VRRP_F_VRID, VRRP_F_STATE };

/* dev IF vrid N state { master | backup }; without @state (del) only the
 * key, "dev IF vrid N".
 */
static int vrrp_parse_opt(struct args *a, struct pwctl_vrrp *v, bool state)
{
	struct given g = { 0 };
	const char *tok, *t;
	uint32_t n;
	int s;

	memset(v, 0, sizeof(*v));
	while ((tok = args_next(a))) {
		if (!strcmp(tok, "dev")) {
			t = args_field(a, tok, &g, VRRP_F_DEV);
			if (!t || parse_dev(t, v->ifname))
				return EXIT_USAGE;
		} else if (!strcmp(tok, "vrid")) {
			if (args_u32(a, tok, &g, VRRP_F_VRID, 1, 255, &n))
				return EXIT_USAGE;
			v->vrid = (uint8_t)n;
		} else if (state && !strcmp(tok, "state")) {
			t = args_field(a, tok, &g, VRRP_F_STATE);
			if (!t)
				return EXIT_USAGE;
			s = parse_keyword(t, "VRRP state", vrrp_state_names,
					  ARRAY_SIZE(vrrp_state_names));
			if (s < 0)
				return EXIT_USAGE;
			v->state = (uint8_t)s;
		} else {
			return usage_err("%s: unknown keyword \"%s\"", cur_cmd,
					 tok);
		}
	}
	if (!given_has(&g, VRRP_F_DEV))
		return usage_err("%s: \"dev\" is required", cur_cmd);
	if (!given_has(&g, VRRP_F_VRID))
		return usage_err("%s: \"vrid\" is required", cur_cmd);
	if (state && !given_has(&g, VRRP_F_STATE))
		return usage_err("%s: \"state\" is required", cur_cmd);
	return resolve_dev(v->ifname, &v->ifindex);
}

int vrrp_parse(struct args *a, struct pwctl_vrrp *v)
{
	return vrrp_parse_opt(a, v, true);
}

/*
 * VRRP_SET, or VRRP_DEL with the key only: forget a group (PWs tracking
 * it see it as backup).
 */
int vrrp_request(uint8_t cmd, const struct pwctl_vrrp *v)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = nl_msg(buf, cmd, 0);
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, MPLS_PW_A_VRRP);
	mnl_attr_put_u32(nlh, MPLS_PW_VRRP_A_IFINDEX, v->ifindex);
	mnl_attr_put_u8(nlh, MPLS_PW_VRRP_A_VRID, v->vrid);
	if (cmd == MPLS_PW_CMD_VRRP_SET)
		mnl_attr_put_u8(nlh, MPLS_PW_VRRP_A_STATE, v->state);
	mnl_attr_nest_end(nlh, nest);
	return nl_request(nlh, NULL, NULL) ? EXIT_FAIL : EXIT_OK;
}

int vrrp_from_nest(const struct nlattr *nest, struct pwctl_vrrp *v)
{
	const struct nlattr *tb[MPLS_PW_VRRP_A_MAX + 1];

	memset(v, 0, sizeof(*v));
	if (nl_parse_nest(nest, tb, MPLS_PW_VRRP_A_MAX) ||
	    !nl_u32(tb[MPLS_PW_VRRP_A_IFINDEX], &v->ifindex) ||
	    !nl_u8(tb[MPLS_PW_VRRP_A_VRID], &v->vrid))
		return -1;
	nl_u8(tb[MPLS_PW_VRRP_A_STATE], &v->state);
	ifname_get(tb[MPLS_PW_VRRP_A_IFNAME], v->ifindex, v->ifname);
	return 0;
}

static const char *vrrp_state(uint8_t s)
{
	return enum_str(vrrp_state_names, ARRAY_SIZE(vrrp_state_names), s);
}

void vrrp_json_fields(const struct nlattr *nest)
{
	struct pwctl_vrrp v;

	if (vrrp_from_nest(nest, &v))
		return;
	jw_str("dev", v.ifname);
	jw_u64("vrid", v.vrid);
	jw_str("state", vrrp_state(v.state));
}

static void vrrp_print_line(FILE *f, const char *prefix,
			    const struct pwctl_vrrp *v)
{
	fprintf(f, "%sdev %s vrid %u state %s", prefix, v->ifname, v->vrid,
		vrrp_state(v->state));
}

void vrrp_print_event(const struct nlattr *nest)
{
	struct pwctl_vrrp v;

	if (!vrrp_from_nest(nest, &v))
		vrrp_print_line(stdout, "vrrp ", &v);
	else
		fputs("vrrp", stdout);
}

void vrrp_print_conf(FILE *f, const struct pwctl_vrrp *v)
{
	vrrp_print_line(f, "vrrp set ", v);
	fputc('\n', f);
}

static void vrrp_show_one(const struct nlattr *nest)
{
	struct pwctl_vrrp v;

	if (vrrp_from_nest(nest, &v))
		return;
	if (opts.json) {
		jw_obj_open(NULL);
		vrrp_json_fields(nest);
		jw_obj_close();
	} else {
		vrrp_print_line(stdout, "vrrp ", &v);
		putchar('\n');
	}
}

static int vrrp_collect(const struct nlattr *nest, void *item)
{
	return vrrp_from_nest(nest, item);
}

int vrrp_dump_all(struct pwctl_vrrp **out, size_t *n)
{
	return dump_all(MPLS_PW_CMD_VRRP_GET, MPLS_PW_A_VRRP, vrrp_collect,
			sizeof(**out), (void **)out, n);
}

/* set, del */
static int vrrp_change(struct args *a, uint8_t cmd)
{
	struct pwctl_vrrp v;
	int err = vrrp_parse_opt(a, &v, cmd == MPLS_PW_CMD_VRRP_SET);

	return err ? err : vrrp_request(cmd, &v);
}

static int vrrp_show(struct args *a, uint8_t cmd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));

	if (args_end(a))
		return EXIT_USAGE;
	return show_request(nl_msg(buf, cmd, NLM_F_DUMP), MPLS_PW_A_VRRP,
			    vrrp_show_one, false);
}

static const struct verb vrrp_verbs[] = {
	{ "set", vrrp_change, MPLS_PW_CMD_VRRP_SET },
	{ "del", vrrp_change, MPLS_PW_CMD_VRRP_DEL },
	{ "show", vrrp_show, MPLS_PW_CMD_VRRP_GET },
};

int vrrp_main(struct args *a)
{
	return run_verb("vrrp", vrrp_verbs, ARRAY_SIZE(vrrp_verbs), a);
}
