// SPDX-License-Identifier: GPL-2.0
/*
 * Counters: one name table for every MPLS_PW_STATS_A_* attribute, so a
 * new kernel counter needs one line here. Used by "pw show -s",
 * "ac show -s" and "pwctl stats show" (netns-wide).
 */
#include <inttypes.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "pwctl.h"

/* JSON keys: the attribute names, lower case, without the prefix. */
static const char *const stat_names[] = {
	[MPLS_PW_STATS_A_RX_PACKETS] = "rx_packets",
	[MPLS_PW_STATS_A_RX_BYTES] = "rx_bytes",
	[MPLS_PW_STATS_A_TX_PACKETS] = "tx_packets",
	[MPLS_PW_STATS_A_TX_BYTES] = "tx_bytes",
	[MPLS_PW_STATS_A_DROP_NO_ROUTE] = "drop_no_route",
	[MPLS_PW_STATS_A_DROP_MTU] = "drop_mtu",
	[MPLS_PW_STATS_A_DROP_NOMEM] = "drop_nomem",
	[MPLS_PW_STATS_A_DROP_DOWN] = "drop_down",
	[MPLS_PW_STATS_A_DROP_STANDBY] = "drop_standby",
	[MPLS_PW_STATS_A_DROP_BAD_CW] = "drop_bad_cw",
	[MPLS_PW_STATS_A_DROP_RUNT] = "drop_runt",
	[MPLS_PW_STATS_A_DROP_NOT_BOS] = "drop_not_bos",
	[MPLS_PW_STATS_A_DROP_TRUNCATED] = "drop_truncated",
	[MPLS_PW_STATS_A_DROP_NO_PW] = "drop_no_pw",
	[MPLS_PW_STATS_A_DROP_ACH] = "drop_ach",
	[MPLS_PW_STATS_A_NOT_OURS] = "not_ours",
	[MPLS_PW_STATS_A_ACH_RX] = "ach_rx",
	[MPLS_PW_STATS_A_ACH_TX] = "ach_tx",
	[MPLS_PW_STATS_A_DROP_INPUT] = "drop_input",
	[MPLS_PW_STATS_A_DROP_TTL] = "drop_ttl",
	[MPLS_PW_STATS_A_ACH_LIMITED] = "ach_limited",
};

static const char *stat_name(unsigned int type, char *buf, size_t len)
{
	if (type < ARRAY_SIZE(stat_names) && stat_names[type])
		return stat_names[type];
	snprintf(buf, len, "stat_%u", type);
	return buf;
}

static bool stat_skip(const struct nlattr *a)
{
	unsigned int type = mnl_attr_get_type(a);

	return type == MPLS_PW_STATS_A_UNSPEC || type == MPLS_PW_STATS_A_PAD ||
	       mnl_attr_get_payload_len(a) != sizeof(uint64_t);
}

void stats_json(const char *key, const struct nlattr *nest)
{
	const struct nlattr *a;
	char buf[24];
	uint64_t v;

	jw_obj_open(key);
	mnl_attr_for_each_nested(a, nest) {
		if (stat_skip(a) || !nl_u64(a, &v))
			continue;
		jw_u64(stat_name(mnl_attr_get_type(a), buf, sizeof(buf)), v);
	}
	jw_obj_close();
}

/* "drop_no_route" -> "no-route", "ach_rx" -> "ach-rx" */
static void stat_human(FILE *f, const char *name)
{
	if (!strncmp(name, "drop_", 5))
		name += 5;
	for (; *name; name++)
		fputc(*name == '_' ? '-' : *name, f);
}

/*
 * rx N pkts N bytes  tx N pkts N bytes
 * drops: no-route N mtu N ...       (non-zero ones unless @all)
 * not-ours N ach-rx N ...           (likewise)
 */
void stats_print(FILE *f, const char *indent, const struct nlattr *nest,
		 bool all)
{
	const struct nlattr *tb[MPLS_PW_STATS_A_MAX + 1];
	const struct nlattr *a;
	uint64_t v, b;
	bool any;
	char buf[24];

	if (nl_parse_nest(nest, tb, MPLS_PW_STATS_A_MAX))
		return;
	fputs(indent, f);
	if (nl_u64(tb[MPLS_PW_STATS_A_RX_PACKETS], &v) &&
	    nl_u64(tb[MPLS_PW_STATS_A_RX_BYTES], &b))
		fprintf(f, "rx %" PRIu64 " pkts %" PRIu64 " bytes  ", v, b);
	if (nl_u64(tb[MPLS_PW_STATS_A_TX_PACKETS], &v) &&
	    nl_u64(tb[MPLS_PW_STATS_A_TX_BYTES], &b))
		fprintf(f, "tx %" PRIu64 " pkts %" PRIu64 " bytes", v, b);
	fputc('\n', f);

	for (int pass = 0; pass < 2; pass++) {
		any = false;
		mnl_attr_for_each_nested(a, nest) {
			unsigned int type = mnl_attr_get_type(a);
			const char *name;

			if (stat_skip(a) || !nl_u64(a, &v))
				continue;
			if (type == MPLS_PW_STATS_A_RX_PACKETS ||
			    type == MPLS_PW_STATS_A_RX_BYTES ||
			    type == MPLS_PW_STATS_A_TX_PACKETS ||
			    type == MPLS_PW_STATS_A_TX_BYTES)
				continue;
			name = stat_name(type, buf, sizeof(buf));
			if (!strncmp(name, "drop_", 5) != !pass)
				continue;
			if (!v && !all)
				continue;
			if (!any)
				fprintf(f, "%s%s", indent,
					pass ? "" : "drops:");
			fputs(any || !pass ? " " : "", f);
			stat_human(f, name);
			fprintf(f, " %" PRIu64, v);
			any = true;
		}
		if (!any && !pass)
			fprintf(f, "%sdrops: none", indent);
		if (any || !pass)
			fputc('\n', f);
	}
}

/* The first counters nest of the reply; @data: whether it was seen. */
static int stats_one(const struct nlattr *nest, void *data)
{
	bool *found = data;

	if (*found)
		return 0;
	*found = true;
	if (opts.json) {
		stats_json(NULL, nest);
		jw_end();
	} else {
		stats_print(stdout, "", nest, true);
	}
	return 0;
}

/* stats show: the netns-wide counters. */
static int stats_show(struct args *a, uint8_t cmd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	bool found = false;

	if (args_end(a))
		return EXIT_USAGE;
	if (request_objects(nl_msg(buf, cmd, 0), MPLS_PW_A_STATS, stats_one,
			    &found))
		return EXIT_FAIL;
	if (!found)
		return run_err("%s: the kernel sent no counters", cur_cmd);
	return EXIT_OK;
}

static const struct verb stats_verbs[] = {
	{ "show", stats_show, MPLS_PW_CMD_STATS_GET },
};

int stats_main(struct args *a)
{
	return run_verb("stats", stats_verbs, ARRAY_SIZE(stats_verbs), a);
}
