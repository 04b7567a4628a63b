// SPDX-License-Identifier: GPL-2.0
/*
 * pwctl ac { add | set | del | switchover | show }: attachment circuits.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/if_ether.h>

#include "pwctl.h"

static const char *const redundancy_names[] = {
	[MPLS_PW_REDUNDANCY_MASTER] = "master",
	[MPLS_PW_REDUNDANCY_INDEPENDENT] = "independent",
};

static const char *const state_names[] = {
	[MPLS_PW_AC_STATE_ACTIVE] = "active",
	[MPLS_PW_AC_STATE_STANDBY] = "standby",
};

static const char *const reroute_names[] = {
	[MPLS_PW_REROUTE_DELAY] = "delay",
	[MPLS_PW_REROUTE_IMMEDIATELY] = "immediately",
	[MPLS_PW_REROUTE_NEVER] = "never",
};

/* ---- argv -> model ---- */

/*
 * "{arp,nd}-dual-sending [ expire-time SEC ]" or "no-{arp,nd}-dual-sending"
 * (@tok): the flag sets @field and *@on, the expire time @expire_field and
 * *@expire.
 */
static int parse_dual_send(struct args *a, const char *tok, struct given *g,
			   unsigned int field, bool *on,
			   unsigned int expire_field, uint32_t *expire)
{
	const char *t;

	if (given_flag(g, field, tok, on))
		return EXIT_USAGE;
	if (!*on || !args_accept(a, "expire-time"))
		return 0;
	t = args_field(a, "expire-time", g, expire_field);
	if (!t)
		return EXIT_USAGE;
	if (!strcmp(t, "never")) {
		*expire = UINT32_MAX;
		return 0;
	}
	return parse_u32(t, "expire-time", MPLS_PW_EXPIRE_MIN, UINT32_MAX,
			 expire);
}

int ac_parse(struct args *a, struct pwctl_ac *ac)
{
	struct given *g = &ac->given;
	const char *tok, *t;

	memset(ac, 0, sizeof(*ac));
	while ((tok = args_next(a))) {
		if (!strcmp(tok, "dev")) {
			t = args_field(a, tok, g, AC_F_IFINDEX);
			if (!t || parse_dev(t, ac->ifname))
				return EXIT_USAGE;
		} else if (!strcmp(tok, "redundancy")) {
			if (given_set(g, AC_F_REDUNDANCY, tok) ||
			    args_enum(a, tok, "redundancy", redundancy_names,
				      ARRAY_SIZE(redundancy_names),
				      &ac->redundancy))
				return EXIT_USAGE;
		} else if (!strcmp(tok, "state")) {
			if (given_set(g, AC_F_STATE, tok) ||
			    args_enum(a, tok, "state", state_names,
				      ARRAY_SIZE(state_names), &ac->state))
				return EXIT_USAGE;
		} else if (is_flag(tok, "stream-dual-receiving")) {
			if (given_flag(g, AC_F_DUAL_RECEIVE, tok,
				       &ac->dual_receive))
				return EXIT_USAGE;
		} else if (is_flag(tok, "arp-dual-sending")) {
			if (parse_dual_send(a, tok, g, AC_F_ARP_DUAL_SEND,
					    &ac->arp_dual_send, AC_F_ARP_EXPIRE,
					    &ac->arp_expire))
				return EXIT_USAGE;
		} else if (is_flag(tok, "nd-dual-sending")) {
			if (parse_dual_send(a, tok, g, AC_F_ND_DUAL_SEND,
					    &ac->nd_dual_send, AC_F_ND_EXPIRE,
					    &ac->nd_expire))
				return EXIT_USAGE;
		} else if (!strcmp(tok, "reroute")) {
			if (given_set(g, AC_F_REROUTE, tok) ||
			    args_enum(a, tok, "reroute policy", reroute_names,
				      ARRAY_SIZE(reroute_names), &ac->reroute))
				return EXIT_USAGE;
			if (ac->reroute == MPLS_PW_REROUTE_DELAY) {
				t = args_value(a, "delay");
				if (!t || parse_u32(t, "reroute delay",
						    MPLS_PW_REROUTE_DELAY_MIN,
						    MPLS_PW_REROUTE_DELAY_MAX,
						    &ac->reroute_delay))
					return EXIT_USAGE;
				given_set(g, AC_F_REROUTE_DELAY, tok);
			}
		} else if (!strcmp(tok, "holdoff")) {
			if (args_u32(a, tok, g, AC_F_HOLDOFF, 0,
				     MPLS_PW_HOLDOFF_MAX, &ac->holdoff))
				return EXIT_USAGE;
		} else if (!strcmp(tok, "expire-time")) {
			return usage_err("%s: \"expire-time\" must follow \"arp-dual-sending\" or \"nd-dual-sending\"",
					 cur_cmd);
		} else {
			return usage_err("%s: unknown keyword \"%s\"", cur_cmd,
					 tok);
		}
	}
	if (!given_has(g, AC_F_IFINDEX))
		return usage_err("%s: \"dev\" is required", cur_cmd);
	return resolve_dev(ac->ifname, &ac->ifindex);
}

/* ---- model -> request ---- */

static void ac_put(struct nlmsghdr *nlh, const struct pwctl_ac *ac)
{
	const struct given *g = &ac->given;
	struct nlattr *nest = mnl_attr_nest_start(nlh, MPLS_PW_A_AC);

	mnl_attr_put_u32(nlh, MPLS_PW_AC_A_IFINDEX, ac->ifindex);
	if (given_has(g, AC_F_REDUNDANCY))
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_REDUNDANCY, ac->redundancy);
	if (given_has(g, AC_F_STATE))
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_STATE, ac->state);
	if (given_has(g, AC_F_DUAL_RECEIVE))
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_DUAL_RECEIVE,
				ac->dual_receive);
	if (given_has(g, AC_F_ARP_DUAL_SEND))
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_ARP_DUAL_SEND,
				ac->arp_dual_send);
	if (given_has(g, AC_F_ARP_EXPIRE))
		mnl_attr_put_u32(nlh, MPLS_PW_AC_A_ARP_EXPIRE, ac->arp_expire);
	if (given_has(g, AC_F_ND_DUAL_SEND))
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_ND_DUAL_SEND,
				ac->nd_dual_send);
	if (given_has(g, AC_F_ND_EXPIRE))
		mnl_attr_put_u32(nlh, MPLS_PW_AC_A_ND_EXPIRE, ac->nd_expire);
	if (given_has(g, AC_F_REROUTE))
		mnl_attr_put_u8(nlh, MPLS_PW_AC_A_REROUTE, ac->reroute);
	if (given_has(g, AC_F_REROUTE_DELAY))
		mnl_attr_put_u32(nlh, MPLS_PW_AC_A_REROUTE_DELAY,
				 ac->reroute_delay);
	if (given_has(g, AC_F_HOLDOFF))
		mnl_attr_put_u32(nlh, MPLS_PW_AC_A_HOLDOFF, ac->holdoff);
	mnl_attr_nest_end(nlh, nest);
}

int ac_request(uint8_t cmd, const struct pwctl_ac *ac)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = nl_msg(buf, cmd, 0);

	ac_put(nlh, ac);
	return nl_request(nlh, NULL, NULL) ? EXIT_FAIL : EXIT_OK;
}

/* ---- reply -> model ---- */

static void ac_from_tb(const struct nlattr **tb, struct pwctl_ac *ac)
{
	uint64_t *g = &ac->given.bits;
	uint8_t b;

	memset(ac, 0, sizeof(*ac));
	if (nl_u32(tb[MPLS_PW_AC_A_IFINDEX], &ac->ifindex))
		*g |= BIT(AC_F_IFINDEX);
	ifname_get(tb[MPLS_PW_AC_A_IFNAME], ac->ifindex, ac->ifname);
	if (nl_u8(tb[MPLS_PW_AC_A_REDUNDANCY], &ac->redundancy))
		*g |= BIT(AC_F_REDUNDANCY);
	if (nl_u8(tb[MPLS_PW_AC_A_STATE], &ac->state))
		*g |= BIT(AC_F_STATE);
	if (nl_u8(tb[MPLS_PW_AC_A_DUAL_RECEIVE], &b)) {
		ac->dual_receive = b;
		*g |= BIT(AC_F_DUAL_RECEIVE);
	}
	if (nl_u8(tb[MPLS_PW_AC_A_ARP_DUAL_SEND], &b)) {
		ac->arp_dual_send = b;
		*g |= BIT(AC_F_ARP_DUAL_SEND);
	}
	if (nl_u32(tb[MPLS_PW_AC_A_ARP_EXPIRE], &ac->arp_expire))
		*g |= BIT(AC_F_ARP_EXPIRE);
	if (nl_u8(tb[MPLS_PW_AC_A_ND_DUAL_SEND], &b)) {
		ac->nd_dual_send = b;
		*g |= BIT(AC_F_ND_DUAL_SEND);
	}
	if (nl_u32(tb[MPLS_PW_AC_A_ND_EXPIRE], &ac->nd_expire))
		*g |= BIT(AC_F_ND_EXPIRE);
	if (nl_u8(tb[MPLS_PW_AC_A_REROUTE], &ac->reroute))
		*g |= BIT(AC_F_REROUTE);
	if (nl_u32(tb[MPLS_PW_AC_A_REROUTE_DELAY], &ac->reroute_delay))
		*g |= BIT(AC_F_REROUTE_DELAY);
	if (nl_u32(tb[MPLS_PW_AC_A_HOLDOFF], &ac->holdoff))
		*g |= BIT(AC_F_HOLDOFF);
}

/* An AC nest: its attributes in @tb, and the model they describe. */
static int ac_decode(const struct nlattr *nest, const struct nlattr **tb,
		     struct pwctl_ac *ac)
{
	if (nl_parse_nest(nest, tb, MPLS_PW_AC_A_MAX))
		return -1;
	ac_from_tb(tb, ac);
	return 0;
}

int ac_from_nest(const struct nlattr *nest, struct pwctl_ac *ac)
{
	const struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];

	if (ac_decode(nest, tb, ac) || !tb[MPLS_PW_AC_A_IFINDEX])
		return -1;
	return 0;
}

/* ---- printing ---- */

#define REDUNDANCY(v)	enum_str(redundancy_names, ARRAY_SIZE(redundancy_names), v)
#define STATE(v)	enum_str(state_names, ARRAY_SIZE(state_names), v)
#define REROUTE(v)	enum_str(reroute_names, ARRAY_SIZE(reroute_names), v)

struct cache_entry {
	uint16_t proto;
	bool has_mac;
	char mac[18];
	char ip[ADDR_STRLEN];
	bool has_age;
	uint64_t age_ms;
};

static void mac_str(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* One MPLS_PW_CACHE_A_ENTRY of MPLS_PW_AC_A_CACHE; -1 for anything else. */
static int cache_entry(const struct nlattr *nest, struct cache_entry *e)
{
	const struct nlattr *tb[MPLS_PW_CACHE_A_MAX + 1];
	const struct nlattr *ip;

	memset(e, 0, sizeof(*e));
	if (mnl_attr_get_type(nest) != MPLS_PW_CACHE_A_ENTRY ||
	    nl_parse_nest(nest, tb, MPLS_PW_CACHE_A_MAX))
		return -1;
	nl_u16(tb[MPLS_PW_CACHE_A_PROTO], &e->proto);
	if (tb[MPLS_PW_CACHE_A_MAC] &&
	    mnl_attr_get_payload_len(tb[MPLS_PW_CACHE_A_MAC]) == ETH_ALEN) {
		mac_str(mnl_attr_get_payload(tb[MPLS_PW_CACHE_A_MAC]), e->mac,
			sizeof(e->mac));
		e->has_mac = true;
	}
	strcpy(e->ip, "?");
	ip = tb[MPLS_PW_CACHE_A_IPV4];
	if (ip && mnl_attr_get_payload_len(ip) == 4)
		inet_ntop(AF_INET, mnl_attr_get_payload(ip), e->ip,
			  sizeof(e->ip));
	ip = tb[MPLS_PW_CACHE_A_IPV6];
	if (ip && mnl_attr_get_payload_len(ip) == 16)
		inet_ntop(AF_INET6, mnl_attr_get_payload(ip), e->ip,
			  sizeof(e->ip));
	e->has_age = nl_u64(tb[MPLS_PW_CACHE_A_AGE_MS], &e->age_ms);
	return 0;
}

/* The header says "u16" only: accept host and network byte order. */
static const char *cache_proto(uint16_t proto)
{
	if (proto == ETH_P_ARP || proto == htons(ETH_P_ARP))
		return "arp";
	if (proto == ETH_P_IPV6 || proto == htons(ETH_P_IPV6))
		return "nd";
	return "?";
}

static void expire_print(uint32_t v)
{
	if (v == UINT32_MAX)
		fputs("never", stdout);
	else
		printf("%us", v);
}

/* Nanoseconds as microseconds, to the nanosecond: "12.345 us". */
static void latency_print(uint64_t ns)
{
	printf("%" PRIu64 ".%03" PRIu64 " us", ns / 1000, ns % 1000);
}

/* " redundancy master state active", and " oper up" if @tb says so. */
static void ac_print_modes(FILE *f, const struct nlattr **tb,
			   const struct pwctl_ac *ac)
{
	uint8_t b;

	if (given_has(&ac->given, AC_F_REDUNDANCY))
		fprintf(f, " redundancy %s", REDUNDANCY(ac->redundancy));
	if (given_has(&ac->given, AC_F_STATE))
		fprintf(f, " state %s", STATE(ac->state));
	if (tb && nl_u8(tb[MPLS_PW_AC_A_OPER_UP], &b))
		fprintf(f, " oper %s", b ? "up" : "down");
}

static void ac_print_human(const struct nlattr **tb, const struct pwctl_ac *ac)
{
	const struct given *g = &ac->given;
	struct pwctl_key key;
	uint64_t u64;
	uint8_t b;

	printf("ac dev %s ifindex %u", ac->ifname, ac->ifindex);
	ac_print_modes(stdout, tb, ac);
	putchar('\n');

	printf("    stream-dual-receiving %s", ac->dual_receive ? "on" : "off");
	printf("  arp-dual-sending %s", ac->arp_dual_send ? "on" : "off");
	if (given_has(g, AC_F_ARP_EXPIRE)) {
		fputs(" expire-time ", stdout);
		expire_print(ac->arp_expire);
	}
	printf("  nd-dual-sending %s", ac->nd_dual_send ? "on" : "off");
	if (given_has(g, AC_F_ND_EXPIRE)) {
		fputs(" expire-time ", stdout);
		expire_print(ac->nd_expire);
	}
	putchar('\n');

	if (given_has(g, AC_F_REROUTE)) {
		printf("    reroute %s", REROUTE(ac->reroute));
		if (ac->reroute == MPLS_PW_REROUTE_DELAY &&
		    given_has(g, AC_F_REROUTE_DELAY))
			printf(" %us", ac->reroute_delay);
		if (given_has(g, AC_F_HOLDOFF))
			printf("  holdoff %us", ac->holdoff);
		putchar('\n');
	}

	fputs("    active-pw ", stdout);
	if (!key_from_nest(tb[MPLS_PW_AC_A_ACTIVE_PW], &key))
		key_print(stdout, &key);
	else
		fputs("none", stdout);
	if (nl_u8(tb[MPLS_PW_AC_A_MANUAL], &b) && b)
		fputs(" (manual)", stdout);
	if (nl_u64(tb[MPLS_PW_AC_A_SWITCHOVERS], &u64))
		printf("  switchovers %" PRIu64, u64);
	putchar('\n');
	if (nl_u64(tb[MPLS_PW_AC_A_SWITCH_LATENCY_NS], &u64)) {
		fputs("    last switchover took ", stdout);
		latency_print(u64);
		putchar('\n');
	}

	if (opts.details && tb[MPLS_PW_AC_A_CACHE]) {
		const struct nlattr *e;
		struct cache_entry ce;
		bool any = false;

		fputs("    cache:\n", stdout);
		mnl_attr_for_each_nested(e, tb[MPLS_PW_AC_A_CACHE]) {
			if (cache_entry(e, &ce))
				continue;
			printf("        %s %s %s", cache_proto(ce.proto),
			       ce.has_mac ? ce.mac : "?", ce.ip);
			if (ce.has_age) {
				fputs(" age ", stdout);
				print_ms(stdout, ce.age_ms);
			}
			putchar('\n');
			any = true;
		}
		if (!any)
			fputs("        (empty)\n", stdout);
	}
	if (opts.stats && tb[MPLS_PW_AC_A_STATS])
		stats_print(stdout, "    ", tb[MPLS_PW_AC_A_STATS],
			    opts.details);
}

static void ac_json_tb(const struct nlattr **tb, const struct pwctl_ac *ac)
{
	const struct given *g = &ac->given;
	struct pwctl_key key;
	uint64_t u64;
	uint8_t b;

	jw_str("dev", ac->ifname);
	jw_u64("ifindex", ac->ifindex);
	if (given_has(g, AC_F_REDUNDANCY))
		jw_str("redundancy", REDUNDANCY(ac->redundancy));
	if (given_has(g, AC_F_STATE))
		jw_str("state", STATE(ac->state));
	if (nl_u8(tb[MPLS_PW_AC_A_OPER_UP], &b))
		jw_str("oper", b ? "up" : "down");
	if (given_has(g, AC_F_DUAL_RECEIVE))
		jw_bool("stream_dual_receiving", ac->dual_receive);
	if (given_has(g, AC_F_ARP_DUAL_SEND))
		jw_bool("arp_dual_sending", ac->arp_dual_send);
	if (given_has(g, AC_F_ARP_EXPIRE))
		jw_u64("arp_expire_time", ac->arp_expire);
	if (given_has(g, AC_F_ND_DUAL_SEND))
		jw_bool("nd_dual_sending", ac->nd_dual_send);
	if (given_has(g, AC_F_ND_EXPIRE))
		jw_u64("nd_expire_time", ac->nd_expire);
	if (given_has(g, AC_F_REROUTE))
		jw_str("reroute", REROUTE(ac->reroute));
	if (given_has(g, AC_F_REROUTE_DELAY))
		jw_u64("reroute_delay", ac->reroute_delay);
	if (given_has(g, AC_F_HOLDOFF))
		jw_u64("holdoff", ac->holdoff);
	if (!key_from_nest(tb[MPLS_PW_AC_A_ACTIVE_PW], &key)) {
		jw_obj_open("active_pw");
		key_json(&key);
		jw_obj_close();
	}
	if (nl_u64(tb[MPLS_PW_AC_A_SWITCHOVERS], &u64))
		jw_u64("switchovers", u64);
	if (nl_u8(tb[MPLS_PW_AC_A_MANUAL], &b))
		jw_bool("manual", b);
	if (nl_u64(tb[MPLS_PW_AC_A_SWITCH_LATENCY_NS], &u64))
		jw_u64("switch_latency_ns", u64);
	if (opts.details && tb[MPLS_PW_AC_A_CACHE]) {
		const struct nlattr *e;
		struct cache_entry ce;

		jw_arr_open("cache");
		mnl_attr_for_each_nested(e, tb[MPLS_PW_AC_A_CACHE]) {
			if (cache_entry(e, &ce))
				continue;
			jw_obj_open(NULL);
			jw_str("proto", cache_proto(ce.proto));
			jw_str("mac", ce.has_mac ? ce.mac : "");
			jw_str("ip", ce.ip);
			if (ce.has_age)
				jw_u64("age_ms", ce.age_ms);
			jw_obj_close();
		}
		jw_arr_close();
	}
	if (opts.stats && tb[MPLS_PW_AC_A_STATS])
		stats_json("stats", tb[MPLS_PW_AC_A_STATS]);
}

void ac_json_fields(const struct nlattr *nest)
{
	const struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct pwctl_ac ac;

	if (!ac_decode(nest, tb, &ac))
		ac_json_tb(tb, &ac);
}

static void ac_show_one(const struct nlattr *nest)
{
	const struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct pwctl_ac ac;

	if (ac_decode(nest, tb, &ac))
		return;
	if (opts.json) {
		jw_obj_open(NULL);
		ac_json_tb(tb, &ac);
		jw_obj_close();
	} else {
		ac_print_human(tb, &ac);
	}
}

/* One line for "pwctl monitor". */
void ac_print_event(const struct nlattr *nest)
{
	const struct nlattr *tb[MPLS_PW_AC_A_MAX + 1];
	struct pwctl_key key;
	struct pwctl_ac ac;
	uint8_t b;

	if (ac_decode(nest, tb, &ac))
		return;
	printf("ac dev %s", ac.ifname);
	ac_print_modes(stdout, tb, &ac);
	if (!key_from_nest(tb[MPLS_PW_AC_A_ACTIVE_PW], &key)) {
		fputs(" active-pw ", stdout);
		key_print(stdout, &key);
	} else if (given_has(&ac.given, AC_F_STATE)) {
		fputs(" active-pw none", stdout);
	}
	if (nl_u8(tb[MPLS_PW_AC_A_MANUAL], &b) && b)
		fputs(" manual", stdout);
}

/*
 * A line that "pwctl setconf" reads back. Values equal to the documented
 * defaults are left out; reroute and holdoff are refused in independent
 * mode, so they are never written there.
 */
void ac_print_conf(FILE *f, const struct pwctl_ac *ac)
{
	const struct given *g = &ac->given;

	fprintf(f, "ac add dev %s", ac->ifname);
	ac_print_modes(f, NULL, ac);
	if (ac->dual_receive)
		fputs(" stream-dual-receiving", f);
	if (ac->arp_dual_send) {
		fputs(" arp-dual-sending", f);
		if (given_has(g, AC_F_ARP_EXPIRE) &&
		    ac->arp_expire != MPLS_PW_ARP_EXPIRE_DEFAULT)
			fprintf(f, " expire-time %u", ac->arp_expire);
	}
	if (ac->nd_dual_send) {
		fputs(" nd-dual-sending", f);
		if (given_has(g, AC_F_ND_EXPIRE) &&
		    ac->nd_expire != MPLS_PW_ND_EXPIRE_DEFAULT)
			fprintf(f, " expire-time %u", ac->nd_expire);
	}
	if (ac->redundancy != MPLS_PW_REDUNDANCY_INDEPENDENT) {
		if (given_has(g, AC_F_REROUTE)) {
			if (ac->reroute != MPLS_PW_REROUTE_DELAY)
				fprintf(f, " reroute %s", REROUTE(ac->reroute));
			else if (given_has(g, AC_F_REROUTE_DELAY) &&
				 ac->reroute_delay !=
				 MPLS_PW_REROUTE_DELAY_DEFAULT)
				fprintf(f, " reroute delay %u",
					ac->reroute_delay);
		}
		if (given_has(g, AC_F_HOLDOFF) && ac->holdoff)
			fprintf(f, " holdoff %u", ac->holdoff);
	}
	fputc('\n', f);
}

static int ac_collect(const struct nlattr *nest, void *item)
{
	return ac_from_nest(nest, item);
}

int ac_dump_all(struct pwctl_ac **out, size_t *n)
{
	return dump_all(MPLS_PW_CMD_AC_GET, MPLS_PW_A_AC, ac_collect,
			sizeof(**out), (void **)out, n);
}

/* ---- commands ---- */

/* add, set */
static int ac_change(struct args *a, uint8_t cmd)
{
	struct pwctl_ac ac;
	int err = ac_parse(a, &ac);

	return err ? err : ac_request(cmd, &ac);
}

/* "dev IF" and nothing else. */
static int ac_key_only(struct args *a, struct pwctl_ac *ac, bool optional)
{
	const char *t;

	memset(ac, 0, sizeof(*ac));
	if (!args_more(a)) {
		if (optional)
			return 0;
		return usage_err("%s: \"dev\" is required", cur_cmd);
	}
	t = args_next(a);
	if (strcmp(t, "dev"))
		return usage_err("%s: unknown keyword \"%s\"", cur_cmd, t);
	t = args_value(a, "dev");
	if (!t || parse_dev(t, ac->ifname))
		return EXIT_USAGE;
	ac->given.bits |= BIT(AC_F_IFINDEX);
	if (args_end(a))
		return EXIT_USAGE;
	return resolve_dev(ac->ifname, &ac->ifindex);
}

/* del, switchover */
static int ac_key_cmd(struct args *a, uint8_t cmd)
{
	struct pwctl_ac ac;
	int err = ac_key_only(a, &ac, false);

	return err ? err : ac_request(cmd, &ac);
}

static int ac_show(struct args *a, uint8_t cmd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct pwctl_ac ac;
	int err = ac_key_only(a, &ac, true);

	if (err)
		return err;
	if (ac.ifindex) {
		nlh = nl_msg(buf, cmd, 0);
		ac_put(nlh, &ac);
	} else {
		nlh = nl_msg(buf, cmd, NLM_F_DUMP);
	}
	return show_request(nlh, MPLS_PW_A_AC, ac_show_one, true);
}

static const struct verb ac_verbs[] = {
	{ "add", ac_change, MPLS_PW_CMD_AC_NEW },
	{ "set", ac_change, MPLS_PW_CMD_AC_SET },
	{ "del", ac_key_cmd, MPLS_PW_CMD_AC_DEL },
	{ "switchover", ac_key_cmd, MPLS_PW_CMD_AC_SWITCHOVER },
	{ "show", ac_show, MPLS_PW_CMD_AC_GET },
};

int ac_main(struct args *a)
{
	return run_verb("ac", ac_verbs, ARRAY_SIZE(ac_verbs), a);
}
