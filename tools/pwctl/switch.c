// SPDX-License-Identifier: GPL-2.0
/*
 * pwctl switch { add | del | show }: two AC-less PWs stitched together
 * (an S-PE of a multi-segment PW).
 */
#include <string.h>

#include <libmnl/libmnl.h>

#include "pwctl.h"

/* peer ADDR vc-id ID peer ADDR vc-id ID */
int switch_parse(struct args *a, struct pwctl_switch *sw)
{
	int err;

	memset(sw, 0, sizeof(*sw));
	for (int i = 0; i < 2; i++) {
		if (!args_more(a))
			return usage_err("%s: two PWs are required (peer ADDR vc-id ID peer ADDR vc-id ID)",
					 cur_cmd);
		err = key_parse(a, &sw->pw[i], true);
		if (err)
			return err;
	}
	if (args_end(a))
		return EXIT_USAGE;
	if (key_equal(&sw->pw[0], &sw->pw[1]))
		return usage_err("%s: a PW cannot be switched to itself",
				 cur_cmd);
	return 0;
}

int switch_request(uint8_t cmd, const struct pwctl_switch *sw)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = nl_msg(buf, cmd, 0);
	struct nlattr *nest, *pw;

	nest = mnl_attr_nest_start(nlh, MPLS_PW_A_SWITCH);
	for (int i = 0; i < 2; i++) {
		pw = mnl_attr_nest_start(nlh, MPLS_PW_SWITCH_A_PW);
		key_put(nlh, &sw->pw[i]);
		mnl_attr_nest_end(nlh, pw);
	}
	mnl_attr_nest_end(nlh, nest);
	return nl_request(nlh, NULL, NULL) ? EXIT_FAIL : EXIT_OK;
}

int switch_from_nest(const struct nlattr *nest, struct pwctl_switch *sw)
{
	const struct nlattr *pw;
	int n = 0;

	memset(sw, 0, sizeof(*sw));
	mnl_attr_for_each_nested(pw, nest) {
		if (mnl_attr_get_type(pw) != MPLS_PW_SWITCH_A_PW || n == 2)
			continue;
		if (!key_from_nest(pw, &sw->pw[n]))
			n++;
	}
	return n == 2 ? 0 : -1;
}

/* Same pair, in either order. */
bool switch_same(const struct pwctl_switch *a, const struct pwctl_switch *b)
{
	return (key_equal(&a->pw[0], &b->pw[0]) &&
		key_equal(&a->pw[1], &b->pw[1])) ||
	       (key_equal(&a->pw[0], &b->pw[1]) &&
		key_equal(&a->pw[1], &b->pw[0]));
}

static void switch_print_line(FILE *f, const char *prefix,
			      const struct pwctl_switch *sw)
{
	fputs(prefix, f);
	key_print(f, &sw->pw[0]);
	fputc(' ', f);
	key_print(f, &sw->pw[1]);
}

void switch_json_fields(const struct nlattr *nest)
{
	struct pwctl_switch sw;

	if (switch_from_nest(nest, &sw))
		return;
	jw_arr_open("pws");
	for (int i = 0; i < 2; i++) {
		jw_obj_open(NULL);
		key_json(&sw.pw[i]);
		jw_obj_close();
	}
	jw_arr_close();
}

void switch_print_event(const struct nlattr *nest)
{
	struct pwctl_switch sw;

	if (!switch_from_nest(nest, &sw))
		switch_print_line(stdout, "switch ", &sw);
	else
		fputs("switch", stdout);
}

void switch_print_conf(FILE *f, const struct pwctl_switch *sw)
{
	switch_print_line(f, "switch add ", sw);
	fputc('\n', f);
}

static void switch_show_one(const struct nlattr *nest)
{
	struct pwctl_switch sw;

	if (switch_from_nest(nest, &sw))
		return;
	if (opts.json) {
		jw_obj_open(NULL);
		switch_json_fields(nest);
		jw_obj_close();
	} else {
		switch_print_line(stdout, "switch ", &sw);
		putchar('\n');
	}
}

static int switch_collect(const struct nlattr *nest, void *item)
{
	return switch_from_nest(nest, item);
}

int switch_dump_all(struct pwctl_switch **out, size_t *n)
{
	return dump_all(MPLS_PW_CMD_SWITCH_GET, MPLS_PW_A_SWITCH,
			switch_collect, sizeof(**out), (void **)out, n);
}

/* add, del */
static int switch_change(struct args *a, uint8_t cmd)
{
	struct pwctl_switch sw;
	int err = switch_parse(a, &sw);

	return err ? err : switch_request(cmd, &sw);
}

static int switch_show(struct args *a, uint8_t cmd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));

	if (args_end(a))
		return EXIT_USAGE;
	return show_request(nl_msg(buf, cmd, NLM_F_DUMP), MPLS_PW_A_SWITCH,
			    switch_show_one, false);
}

static const struct verb switch_verbs[] = {
	{ "add", switch_change, MPLS_PW_CMD_SWITCH_NEW },
	{ "del", switch_change, MPLS_PW_CMD_SWITCH_DEL },
	{ "show", switch_show, MPLS_PW_CMD_SWITCH_GET },
};

int switch_main(struct args *a)
{
	return run_verb("switch", switch_verbs, ARRAY_SIZE(switch_verbs), a);
}
