// SPDX-License-Identifier: GPL-2.0
/*
 * pwctl pw { add | set | del | show }: pseudowires.
 */
#include <inttypes.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "pwctl.h"

static const char *const mode_names[] = {
	[MPLS_PW_MODE_RAW] = "raw",
	[MPLS_PW_MODE_TAGGED] = "tagged",
};

static const char *const remote_status_names[] = {
	[MPLS_PW_REMOTE_ACTIVE] = "active",
	[MPLS_PW_REMOTE_STANDBY] = "standby",
	[MPLS_PW_REMOTE_DOWN] = "down",
};

static const char *const onoff_names[] = { "off", "on" };
static const char *const updown_names[] = { "down", "up" };

/* ---- argv -> model ---- */

/* tunnel { via ADDR dev IF [ label L[/L...] ] | route } */
static int parse_tunnel(struct args *a, struct pwctl_tunnel *tun)
{
	const char *t = args_value(a, "tunnel");

	memset(tun, 0, sizeof(*tun));
	if (!t)
		return EXIT_USAGE;
	if (!strcmp(t, "route"))
		return 0;
	if (strcmp(t, "via"))
		return usage_err("%s: expected \"via\" or \"route\" after \"tunnel\", not \"%s\"",
				 cur_cmd, t);
	tun->set = true;
	t = args_value(a, "via");
	if (!t || parse_addr(t, "tunnel next hop", &tun->via))
		return EXIT_USAGE;
	t = args_next(a);
	if (!t || strcmp(t, "dev"))
		return usage_err("%s: \"tunnel via ADDR\" must be followed by \"dev IF\"",
				 cur_cmd);
	t = args_value(a, "dev");
	if (!t || parse_dev(t, tun->ifname))
		return EXIT_USAGE;
	if (args_accept(a, "label") || args_accept(a, "labels")) {
		t = args_value(a, "label");
		if (!t || parse_labels(t, tun->labels, &tun->nlabels))
			return EXIT_USAGE;
	}
	return 0;
}

/* track-vrrp dev IF vrid N [ pw-redundancy ] */
static int parse_track(struct args *a, struct pwctl_track *tr)
{
	const char *t = args_next(a);
	uint32_t v;

	memset(tr, 0, sizeof(*tr));
	tr->set = true;
	if (!t || strcmp(t, "dev"))
		return usage_err("%s: \"track-vrrp\" must be followed by \"dev IF vrid N\"",
				 cur_cmd);
	t = args_value(a, "dev");
	if (!t || parse_dev(t, tr->ifname))
		return EXIT_USAGE;
	t = args_next(a);
	if (!t || strcmp(t, "vrid"))
		return usage_err("%s: \"track-vrrp dev IF\" must be followed by \"vrid N\"",
				 cur_cmd);
	t = args_value(a, "vrid");
	if (!t || parse_u32(t, "vrid", 1, 255, &v))
		return EXIT_USAGE;
	tr->vrid = (uint8_t)v;
	tr->pw_redundancy = args_accept(a, "pw-redundancy");
	return 0;
}

/* One keyword (and its values) of "pw add" / "pw set". */
static int pw_parse_kw(struct args *a, const char *tok, struct pwctl_pw *pw,
		       bool add)
{
	struct given *g = &pw->given;
	const char *t;
	uint32_t v;
	uint8_t b;
	int role;

	if (!strcmp(tok, "peer")) {
		t = args_field(a, tok, g, PW_F_PEER);
		return t ? parse_addr(t, "peer", &pw->key.peer) : EXIT_USAGE;
	}
	if (!strcmp(tok, "vc-id"))
		return args_u32(a, tok, g, PW_F_VC_ID, 1, UINT32_MAX,
				&pw->key.vc_id);
	if (!strcmp(tok, "local-label") || !strcmp(tok, "remote-label")) {
		bool local = tok[0] == 'l';

		t = args_field(a, tok, g, local ? PW_F_LOCAL_LABEL :
			       PW_F_REMOTE_LABEL);
		return t ? parse_label(t, local ? &pw->local_label :
				       &pw->remote_label) : EXIT_USAGE;
	}
	if (!strcmp(tok, "dev")) {
		t = args_field(a, tok, g, PW_F_IFINDEX);
		return t ? parse_dev(t, pw->ifname) : EXIT_USAGE;
	}
	role = -1;
	for (unsigned int i = 0; i < MPLS_PW_ROLE_NONE; i++) {
		if (!strcmp(tok, role_names[i]))
			role = (int)i;
	}
	if (role >= 0) {
		if (given_set(g, PW_F_ROLE, tok))
			return EXIT_USAGE;
		pw->role = (uint8_t)role;
		return 0;
	}
	if (is_flag(tok, "control-word"))
		return given_flag(g, PW_F_CONTROL_WORD, tok, &pw->control_word);
	if (!strcmp(tok, "raw") || !strcmp(tok, "tagged")) {
		if (given_set(g, PW_F_MODE, tok))
			return EXIT_USAGE;
		pw->mode = tok[0] == 'r' ? MPLS_PW_MODE_RAW :
			   MPLS_PW_MODE_TAGGED;
		if (pw->mode == MPLS_PW_MODE_TAGGED && args_accept(a, "vlan"))
			return pw_parse_kw(a, "vlan", pw, add);
		return 0;
	}
	if (!strcmp(tok, "vlan")) {
		if (args_u32(a, tok, g, PW_F_VLAN, 0, 4094, &v))
			return EXIT_USAGE;
		pw->vlan = (uint16_t)v;
		return 0;
	}
	if (!strcmp(tok, "ttl")) {
		if (args_u32(a, tok, g, PW_F_TTL, 1, 255, &v))
			return EXIT_USAGE;
		pw->ttl = (uint8_t)v;
		return 0;
	}
	if (!strcmp(tok, "tunnel")) {
		if (given_set(g, PW_F_TUNNEL, tok))
			return EXIT_USAGE;
		return parse_tunnel(a, &pw->tunnel);
	}
	if (is_flag(tok, "ignore-standby-state"))
		return given_flag(g, PW_F_IGNORE_STANDBY, tok,
				  &pw->ignore_standby);
	if (!strcmp(tok, "track-vrrp")) {
		if (given_set(g, PW_F_TRACK, tok))
			return EXIT_USAGE;
		return parse_track(a, &pw->track);
	}
	if (!strcmp(tok, "no-track-vrrp")) {
		if (given_set(g, PW_F_TRACK, tok))
			return EXIT_USAGE;
		memset(&pw->track, 0, sizeof(pw->track));
		return 0;
	}
	if (!strcmp(tok, "status-signaling")) {
		if (given_set(g, PW_F_STATUS_SIGNALING, tok) ||
		    args_enum(a, tok, "status-signaling", onoff_names, 2, &b))
			return EXIT_USAGE;
		pw->status_signaling = b;
		if (args_accept(a, "refresh"))
			return pw_parse_kw(a, "refresh", pw, add);
		return 0;
	}
	if (!strcmp(tok, "refresh")) {
		if (args_u32(a, tok, g, PW_F_REFRESH, 0, UINT16_MAX, &v))
			return EXIT_USAGE;
		pw->refresh = (uint16_t)v;
		return 0;
	}
	if (!strcmp(tok, "admin")) {
		if (given_set(g, PW_F_ADMIN, tok) ||
		    args_enum(a, tok, "admin state", updown_names, 2, &b))
			return EXIT_USAGE;
		pw->admin_up = b;
		return 0;
	}
	if (!strcmp(tok, "remote-status") && !add) {
		if (given_set(g, PW_F_REMOTE_STATUS, tok) ||
		    args_enum(a, tok, "remote-status", remote_status_names,
			      ARRAY_SIZE(remote_status_names),
			      &pw->remote_status))
			return EXIT_USAGE;
		return 0;
	}
	return usage_err("%s: unknown keyword \"%s\"", cur_cmd, tok);
}

int pw_parse(struct args *a, struct pwctl_pw *pw, bool add)
{
	const struct given *g = &pw->given;
	const char *tok;
	int err;

	memset(pw, 0, sizeof(*pw));
	while ((tok = args_next(a))) {
		err = pw_parse_kw(a, tok, pw, add);
		if (err)
			return err;
	}
	if (!given_has(g, PW_F_PEER))
		return usage_err("%s: \"peer\" is required", cur_cmd);
	if (!given_has(g, PW_F_VC_ID))
		return usage_err("%s: \"vc-id\" is required", cur_cmd);
	if (add && !given_has(g, PW_F_LOCAL_LABEL))
		return usage_err("%s: \"local-label\" is required", cur_cmd);
	if (add && !given_has(g, PW_F_REMOTE_LABEL))
		return usage_err("%s: \"remote-label\" is required", cur_cmd);
	if (add && given_has(g, PW_F_ROLE) && !given_has(g, PW_F_IFINDEX))
		return usage_err("%s: \"%s\" needs \"dev IF\"", cur_cmd,
				 g->tok[PW_F_ROLE]);
	/* "vlan 0" is no VLAN: it goes with anything */
	if (given_has(g, PW_F_VLAN) && pw->vlan && given_has(g, PW_F_MODE) &&
	    pw->mode == MPLS_PW_MODE_RAW)
		return usage_err("%s: \"vlan\" conflicts with \"raw\"", cur_cmd);
	if (given_has(g, PW_F_VLAN) && pw->vlan && add &&
	    !given_has(g, PW_F_MODE))
		return usage_err("%s: \"vlan\" needs \"tagged\"", cur_cmd);

	if (given_has(g, PW_F_IFINDEX) && resolve_dev(pw->ifname, &pw->ifindex))
		return EXIT_FAIL;
	if (pw->tunnel.set &&
	    resolve_dev(pw->tunnel.ifname, &pw->tunnel.ifindex))
		return EXIT_FAIL;
	if (pw->track.set && resolve_dev(pw->track.ifname, &pw->track.ifindex))
		return EXIT_FAIL;
	return 0;
}

/* ---- model -> request ---- */

static void pw_put(struct nlmsghdr *nlh, const struct pwctl_pw *pw, bool add)
{
	const struct given *g = &pw->given;
	struct nlattr *nest = mnl_attr_nest_start(nlh, MPLS_PW_A_PW);
	struct nlattr *sub;

	key_put(nlh, &pw->key);
	if (given_has(g, PW_F_IFINDEX))
		mnl_attr_put_u32(nlh, MPLS_PW_PW_A_IFINDEX, pw->ifindex);
	if (given_has(g, PW_F_ROLE))
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_ROLE, pw->role);
	if (given_has(g, PW_F_LOCAL_LABEL))
		mnl_attr_put_u32(nlh, MPLS_PW_PW_A_LOCAL_LABEL,
				 pw->local_label);
	if (given_has(g, PW_F_REMOTE_LABEL))
		mnl_attr_put_u32(nlh, MPLS_PW_PW_A_REMOTE_LABEL,
				 pw->remote_label);
	if (given_has(g, PW_F_CONTROL_WORD))
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_CONTROL_WORD,
				pw->control_word);
	if (given_has(g, PW_F_MODE))
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_MODE, pw->mode);
	/* VLAN 0 is none: the default of a new PW, a removal in SET */
	if (given_has(g, PW_F_VLAN) && (pw->vlan || !add))
		mnl_attr_put_u16(nlh, MPLS_PW_PW_A_VLAN_ID, pw->vlan);
	if (given_has(g, PW_F_TTL))
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_TTL, pw->ttl);
	/*
	 * "tunnel route" and "no-track-vrrp" are the defaults of a new PW;
	 * in SET they are an empty nest.
	 */
	if (given_has(g, PW_F_TUNNEL) && (pw->tunnel.set || !add)) {
		const struct pwctl_tunnel *tun = &pw->tunnel;

		sub = mnl_attr_nest_start(nlh, MPLS_PW_PW_A_TUNNEL);
		if (tun->set) {
			addr_put(nlh, MPLS_PW_TUNNEL_A_VIA_IPV4,
				 MPLS_PW_TUNNEL_A_VIA_IPV6, &tun->via);
			mnl_attr_put_u32(nlh, MPLS_PW_TUNNEL_A_IFINDEX,
					 tun->ifindex);
			if (tun->nlabels)
				mnl_attr_put(nlh, MPLS_PW_TUNNEL_A_LABELS,
					     tun->nlabels * sizeof(uint32_t),
					     tun->labels);
		}
		mnl_attr_nest_end(nlh, sub);
	}
	if (given_has(g, PW_F_IGNORE_STANDBY))
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_IGNORE_STANDBY,
				pw->ignore_standby);
	if (given_has(g, PW_F_TRACK) && (pw->track.set || !add)) {
		const struct pwctl_track *tr = &pw->track;

		sub = mnl_attr_nest_start(nlh, MPLS_PW_PW_A_TRACK_VRRP);
		if (tr->set) {
			mnl_attr_put_u32(nlh, MPLS_PW_TRACK_A_IFINDEX,
					 tr->ifindex);
			mnl_attr_put_u8(nlh, MPLS_PW_TRACK_A_VRID, tr->vrid);
			mnl_attr_put_u8(nlh, MPLS_PW_TRACK_A_PW_REDUNDANCY,
					tr->pw_redundancy);
		}
		mnl_attr_nest_end(nlh, sub);
	}
	if (given_has(g, PW_F_STATUS_SIGNALING))
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_STATUS_SIGNALING,
				pw->status_signaling);
	if (given_has(g, PW_F_REFRESH))
		mnl_attr_put_u16(nlh, MPLS_PW_PW_A_REFRESH, pw->refresh);
	if (given_has(g, PW_F_ADMIN))
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_ADMIN_UP, pw->admin_up);
	if (given_has(g, PW_F_REMOTE_STATUS))
		mnl_attr_put_u8(nlh, MPLS_PW_PW_A_REMOTE_STATUS,
				pw->remote_status);
	mnl_attr_nest_end(nlh, nest);
}

int pw_request(uint8_t cmd, const struct pwctl_pw *pw, bool add)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = nl_msg(buf, cmd, 0);

	pw_put(nlh, pw, add);
	return nl_request(nlh, NULL, NULL) ? EXIT_FAIL : EXIT_OK;
}

/* ---- reply -> model ---- */

/* -1 when @nest is absent (NULL). */
static int tunnel_from_nest(const struct nlattr *nest, struct pwctl_tunnel *tun)
{
	const struct nlattr *tb[MPLS_PW_TUNNEL_A_MAX + 1];
	const struct nlattr *l;

	memset(tun, 0, sizeof(*tun));
	if (nl_parse_nest(nest, tb, MPLS_PW_TUNNEL_A_MAX))
		return -1;
	addr_get(tb[MPLS_PW_TUNNEL_A_VIA_IPV4], tb[MPLS_PW_TUNNEL_A_VIA_IPV6],
		 &tun->via);
	nl_u32(tb[MPLS_PW_TUNNEL_A_IFINDEX], &tun->ifindex);
	ifname_get(tb[MPLS_PW_TUNNEL_A_IFNAME], tun->ifindex, tun->ifname);
	l = tb[MPLS_PW_TUNNEL_A_LABELS];
	if (l) {
		size_t n = mnl_attr_get_payload_len(l) / sizeof(uint32_t);

		if (n > MPLS_PW_TUNNEL_LABELS_MAX)
			n = MPLS_PW_TUNNEL_LABELS_MAX;
		memcpy(tun->labels, mnl_attr_get_payload(l),
		       n * sizeof(uint32_t));
		tun->nlabels = (unsigned int)n;
	}
	/* An empty nest means "back to the FIB". */
	tun->set = tun->via.family || tun->ifindex;
	return 0;
}

static void pw_from_tb(const struct nlattr **tb, struct pwctl_pw *pw)
{
	uint64_t *g = &pw->given.bits;
	uint8_t b;

	memset(pw, 0, sizeof(*pw));
	if (addr_get(tb[MPLS_PW_PW_A_PEER_IPV4], tb[MPLS_PW_PW_A_PEER_IPV6],
		     &pw->key.peer))
		*g |= BIT(PW_F_PEER);
	if (nl_u32(tb[MPLS_PW_PW_A_VC_ID], &pw->key.vc_id))
		*g |= BIT(PW_F_VC_ID);
	if (nl_u32(tb[MPLS_PW_PW_A_IFINDEX], &pw->ifindex) && pw->ifindex) {
		*g |= BIT(PW_F_IFINDEX);
		ifname_get(tb[MPLS_PW_PW_A_IFNAME], pw->ifindex, pw->ifname);
	}
	pw->role = pw->ifindex ? MPLS_PW_ROLE_PRIMARY : MPLS_PW_ROLE_NONE;
	if (nl_u8(tb[MPLS_PW_PW_A_ROLE], &pw->role))
		*g |= BIT(PW_F_ROLE);
	if (nl_u32(tb[MPLS_PW_PW_A_LOCAL_LABEL], &pw->local_label))
		*g |= BIT(PW_F_LOCAL_LABEL);
	if (nl_u32(tb[MPLS_PW_PW_A_REMOTE_LABEL], &pw->remote_label))
		*g |= BIT(PW_F_REMOTE_LABEL);
	if (nl_u8(tb[MPLS_PW_PW_A_CONTROL_WORD], &b)) {
		pw->control_word = b;
		*g |= BIT(PW_F_CONTROL_WORD);
	}
	if (nl_u8(tb[MPLS_PW_PW_A_MODE], &pw->mode))
		*g |= BIT(PW_F_MODE);
	if (nl_u16(tb[MPLS_PW_PW_A_VLAN_ID], &pw->vlan))
		*g |= BIT(PW_F_VLAN);
	pw->ttl = 255;
	if (nl_u8(tb[MPLS_PW_PW_A_TTL], &pw->ttl))
		*g |= BIT(PW_F_TTL);
	if (!tunnel_from_nest(tb[MPLS_PW_PW_A_TUNNEL], &pw->tunnel))
		*g |= BIT(PW_F_TUNNEL);
	if (nl_u8(tb[MPLS_PW_PW_A_IGNORE_STANDBY], &b)) {
		pw->ignore_standby = b;
		*g |= BIT(PW_F_IGNORE_STANDBY);
	}
	if (tb[MPLS_PW_PW_A_TRACK_VRRP]) {
		const struct nlattr *tt[MPLS_PW_TRACK_A_MAX + 1];
		struct pwctl_track *tr = &pw->track;

		if (!nl_parse_nest(tb[MPLS_PW_PW_A_TRACK_VRRP], tt,
				   MPLS_PW_TRACK_A_MAX)) {
			nl_u32(tt[MPLS_PW_TRACK_A_IFINDEX], &tr->ifindex);
			nl_u8(tt[MPLS_PW_TRACK_A_VRID], &tr->vrid);
			if (nl_u8(tt[MPLS_PW_TRACK_A_PW_REDUNDANCY], &b))
				tr->pw_redundancy = b;
			tr->set = tr->ifindex && tr->vrid;
			if (tr->set)
				ifname_get(tt[MPLS_PW_TRACK_A_IFNAME],
					   tr->ifindex, tr->ifname);
			*g |= BIT(PW_F_TRACK);
		}
	}
	if (nl_u8(tb[MPLS_PW_PW_A_STATUS_SIGNALING], &b)) {
		pw->status_signaling = b;
		*g |= BIT(PW_F_STATUS_SIGNALING);
	}
	if (nl_u16(tb[MPLS_PW_PW_A_REFRESH], &pw->refresh))
		*g |= BIT(PW_F_REFRESH);
	pw->admin_up = true;
	if (nl_u8(tb[MPLS_PW_PW_A_ADMIN_UP], &b)) {
		pw->admin_up = b;
		*g |= BIT(PW_F_ADMIN);
	}
}

/* A PW nest: its attributes in @tb, and the model they describe. */
static int pw_decode(const struct nlattr *nest, const struct nlattr **tb,
		     struct pwctl_pw *pw)
{
	if (nl_parse_nest(nest, tb, MPLS_PW_PW_A_MAX))
		return -1;
	pw_from_tb(tb, pw);
	return 0;
}

int pw_from_nest(const struct nlattr *nest, struct pwctl_pw *pw)
{
	const struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];

	if (pw_decode(nest, tb, pw))
		return -1;
	if (!given_has(&pw->given, PW_F_PEER) ||
	    !given_has(&pw->given, PW_F_VC_ID))
		return -1;
	return 0;
}

/* ---- printing ---- */

#define ROLE(v)		enum_str(role_names, ARRAY_SIZE(role_names), v)
#define MODE(v)		enum_str(mode_names, ARRAY_SIZE(mode_names), v)
#define FWD(v)		enum_str(fwd_names, ARRAY_SIZE(fwd_names), v)

static void labels_print(FILE *f, const uint32_t *labels, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "%s%u", i ? "/" : "", labels[i]);
}

static void tunnel_print(FILE *f, const char *kw, const char *lkw,
			 const struct pwctl_tunnel *tun)
{
	char buf[ADDR_STRLEN];

	fputs(kw, f);
	if (tun->via.family)
		fprintf(f, " via %s", addr_str(&tun->via, buf, sizeof(buf)));
	if (tun->ifindex)
		fprintf(f, " dev %s", tun->ifname);
	if (tun->nlabels) {
		fprintf(f, " %s ", lkw);
		labels_print(f, tun->labels, tun->nlabels);
	}
}

static void tunnel_json(const char *key, const struct pwctl_tunnel *tun)
{
	char buf[ADDR_STRLEN];

	jw_obj_open(key);
	if (tun->via.family)
		jw_str("via", addr_str(&tun->via, buf, sizeof(buf)));
	if (tun->ifindex)
		jw_str("dev", tun->ifname);
	jw_arr_open("labels");
	for (unsigned int i = 0; i < tun->nlabels; i++)
		jw_u64(NULL, tun->labels[i]);
	jw_arr_close();
	jw_obj_close();
}

static void status_print(uint32_t bits)
{
	printf("0x%02x (", bits);
	print_bits(stdout, status_names, ARRAY_SIZE(status_names), bits, ",");
	putchar(')');
}

/* @prefix, then "down (admin, no-route)"; false, printing nothing, if none */
static bool fwd_print(const char *prefix, const struct nlattr **tb)
{
	uint32_t down;
	uint8_t fwd;

	if (!nl_u8(tb[MPLS_PW_PW_A_FWD], &fwd))
		return false;
	printf("%s%s", prefix, FWD(fwd));
	if (nl_u32(tb[MPLS_PW_PW_A_DOWN_REASON], &down) && down) {
		fputs(" (", stdout);
		print_bits(stdout, down_names, ARRAY_SIZE(down_names), down,
			   ", ");
		putchar(')');
	}
	return true;
}

/* " dev eth0 primary" */
static void dev_print(FILE *f, const struct pwctl_pw *pw)
{
	if (given_has(&pw->given, PW_F_IFINDEX))
		fprintf(f, " dev %s %s", pw->ifname, ROLE(pw->role));
}

/* " control-word tagged vlan 10" */
static void encap_print(FILE *f, const struct pwctl_pw *pw)
{
	const struct given *g = &pw->given;

	if (given_has(g, PW_F_CONTROL_WORD))
		fputs(pw->control_word ? " control-word" : " no-control-word",
		      f);
	if (given_has(g, PW_F_MODE))
		fprintf(f, " %s", MODE(pw->mode));
	if (pw->mode == MPLS_PW_MODE_TAGGED && pw->vlan)
		fprintf(f, " vlan %u", pw->vlan);
}

/* @sep, then "track-vrrp dev eth0 vrid 1 pw-redundancy" */
static void track_print(FILE *f, const char *sep,
			const struct pwctl_track *tr)
{
	fprintf(f, "%strack-vrrp dev %s vrid %u%s", sep, tr->ifname, tr->vrid,
		tr->pw_redundancy ? " pw-redundancy" : "");
}

static void pw_print_human(const struct nlattr **tb, const struct pwctl_pw *pw)
{
	const struct given *g = &pw->given;
	char buf[ADDR_STRLEN];
	struct pwctl_tunnel nh;
	uint32_t u32;
	uint64_t u64;

	printf("pw %s vc-id %u", addr_str(&pw->key.peer, buf, sizeof(buf)),
	       pw->key.vc_id);
	dev_print(stdout, pw);
	if (given_has(g, PW_F_LOCAL_LABEL))
		printf(" local-label %u", pw->local_label);
	if (given_has(g, PW_F_REMOTE_LABEL))
		printf(" remote-label %u", pw->remote_label);
	encap_print(stdout, pw);
	if (given_has(g, PW_F_TTL))
		printf(" ttl %u", pw->ttl);
	putchar('\n');

	if (pw->tunnel.set)
		tunnel_print(stdout, "    tunnel", "label", &pw->tunnel);
	else
		fputs("    tunnel route", stdout);
	putchar('\n');

	printf("    status-signaling %s", pw->status_signaling ? "on" : "off");
	if (given_has(g, PW_F_REFRESH))
		printf(" refresh %us", pw->refresh);
	if (pw->ignore_standby)
		fputs("  ignore-standby-state", stdout);
	if (pw->track.set)
		track_print(stdout, "  ", &pw->track);
	putchar('\n');

	if (!fwd_print("    state ", tb))
		fputs("    state ?", stdout);
	printf("  admin %s", pw->admin_up ? "up" : "down");
	if (nl_u64(tb[MPLS_PW_PW_A_ACTIVATIONS], &u64))
		printf("  activations %" PRIu64, u64);
	if (nl_u64(tb[MPLS_PW_PW_A_LAST_CHANGE_MS], &u64)) {
		fputs("  last-change ", stdout);
		print_ms(stdout, u64);
		fputs(" ago", stdout);
	}
	putchar('\n');

	fputs("    status sent ", stdout);
	status_print(nl_u32(tb[MPLS_PW_PW_A_STATUS_SENT], &u32) ? u32 : 0);
	fputs("  received ", stdout);
	status_print(nl_u32(tb[MPLS_PW_PW_A_STATUS_RCVD], &u32) ? u32 : 0);
	putchar('\n');

	if (!tunnel_from_nest(tb[MPLS_PW_PW_A_NEXTHOP], &nh))
		tunnel_print(stdout, "    nexthop", "labels", &nh);
	else
		fputs("    nexthop unresolved", stdout);
	putchar('\n');

	if (opts.stats && tb[MPLS_PW_PW_A_STATS])
		stats_print(stdout, "    ", tb[MPLS_PW_PW_A_STATS],
			    opts.details);
}

static void pw_json_tb(const struct nlattr **tb, const struct pwctl_pw *pw)
{
	const struct given *g = &pw->given;
	char buf[ADDR_STRLEN];
	struct pwctl_tunnel nh;
	uint32_t u32;
	uint64_t u64;
	uint8_t fwd;

	jw_str("peer", addr_str(&pw->key.peer, buf, sizeof(buf)));
	jw_u64("vc_id", pw->key.vc_id);
	if (given_has(g, PW_F_IFINDEX))
		jw_str("dev", pw->ifname);
	/* Only the key (a "deleted" notification): no defaults to invent. */
	if (!given_has(g, PW_F_LOCAL_LABEL))
		return;
	jw_str("role", ROLE(pw->role));
	if (given_has(g, PW_F_LOCAL_LABEL))
		jw_u64("local_label", pw->local_label);
	if (given_has(g, PW_F_REMOTE_LABEL))
		jw_u64("remote_label", pw->remote_label);
	if (given_has(g, PW_F_CONTROL_WORD))
		jw_bool("control_word", pw->control_word);
	if (given_has(g, PW_F_MODE))
		jw_str("mode", MODE(pw->mode));
	jw_u64("vlan", pw->vlan);
	jw_u64("ttl", pw->ttl);
	if (pw->tunnel.set)
		tunnel_json("tunnel", &pw->tunnel);
	jw_bool("ignore_standby_state", pw->ignore_standby);
	if (pw->track.set) {
		jw_obj_open("track_vrrp");
		jw_str("dev", pw->track.ifname);
		jw_u64("vrid", pw->track.vrid);
		jw_bool("pw_redundancy", pw->track.pw_redundancy);
		jw_obj_close();
	}
	jw_bool("status_signaling", pw->status_signaling);
	if (given_has(g, PW_F_REFRESH))
		jw_u64("refresh", pw->refresh);
	jw_str("admin", pw->admin_up ? "up" : "down");
	if (nl_u8(tb[MPLS_PW_PW_A_FWD], &fwd))
		jw_str("fwd", FWD(fwd));
	if (!nl_u32(tb[MPLS_PW_PW_A_DOWN_REASON], &u32))
		u32 = 0;
	json_bits("down_reasons", down_names, ARRAY_SIZE(down_names), u32);
	if (nl_u32(tb[MPLS_PW_PW_A_STATUS_SENT], &u32))
		jw_u64("status_sent", u32);
	if (nl_u32(tb[MPLS_PW_PW_A_STATUS_RCVD], &u32))
		jw_u64("status_rcvd", u32);
	if (nl_u64(tb[MPLS_PW_PW_A_LAST_CHANGE_MS], &u64))
		jw_u64("last_change_ms", u64);
	if (nl_u64(tb[MPLS_PW_PW_A_ACTIVATIONS], &u64))
		jw_u64("activations", u64);
	if (!tunnel_from_nest(tb[MPLS_PW_PW_A_NEXTHOP], &nh))
		tunnel_json("nexthop", &nh);
	if (opts.stats && tb[MPLS_PW_PW_A_STATS])
		stats_json("stats", tb[MPLS_PW_PW_A_STATS]);
}

void pw_json_fields(const struct nlattr *nest)
{
	const struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];
	struct pwctl_pw pw;

	if (!pw_decode(nest, tb, &pw))
		pw_json_tb(tb, &pw);
}

static void pw_show_one(const struct nlattr *nest)
{
	const struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];
	struct pwctl_pw pw;

	if (pw_decode(nest, tb, &pw))
		return;
	if (opts.json) {
		jw_obj_open(NULL);
		pw_json_tb(tb, &pw);
		jw_obj_close();
	} else {
		pw_print_human(tb, &pw);
	}
}

/* One line for "pwctl monitor". */
void pw_print_event(const struct nlattr *nest)
{
	const struct nlattr *tb[MPLS_PW_PW_A_MAX + 1];
	struct pwctl_pw pw;
	uint32_t u32;

	if (pw_decode(nest, tb, &pw))
		return;
	fputs("pw ", stdout);
	key_print(stdout, &pw.key);
	dev_print(stdout, &pw);
	fwd_print(" state ", tb);
	if (given_has(&pw.given, PW_F_ADMIN))
		printf(" admin %s", pw.admin_up ? "up" : "down");
	if (nl_u32(tb[MPLS_PW_PW_A_STATUS_SENT], &u32)) {
		fputs(" sent ", stdout);
		status_print(u32);
	}
	if (nl_u32(tb[MPLS_PW_PW_A_STATUS_RCVD], &u32)) {
		fputs(" received ", stdout);
		status_print(u32);
	}
}

/*
 * A line that "pwctl setconf" reads back. Fields whose default is not
 * documented in the uapi (control word, mode, status signalling) are always
 * written, so the line means the same whatever the kernel's defaults are.
 */
void pw_print_conf(FILE *f, const struct pwctl_pw *pw)
{
	const struct given *g = &pw->given;
	char buf[ADDR_STRLEN];

	fprintf(f, "pw add peer %s vc-id %u local-label %u remote-label %u",
		addr_str(&pw->key.peer, buf, sizeof(buf)), pw->key.vc_id,
		pw->local_label, pw->remote_label);
	dev_print(f, pw);
	encap_print(f, pw);
	if (pw->ttl != 255)
		fprintf(f, " ttl %u", pw->ttl);
	if (pw->tunnel.set)
		tunnel_print(f, " tunnel", "label", &pw->tunnel);
	if (pw->ignore_standby)
		fputs(" ignore-standby-state", f);
	if (pw->track.set)
		track_print(f, " ", &pw->track);
	if (given_has(g, PW_F_STATUS_SIGNALING))
		fprintf(f, " status-signaling %s",
			pw->status_signaling ? "on" : "off");
	if (given_has(g, PW_F_REFRESH) &&
	    pw->refresh != MPLS_PW_REFRESH_DEFAULT)
		fprintf(f, " refresh %u", pw->refresh);
	if (!pw->admin_up)
		fputs(" admin down", f);
	fputc('\n', f);
}

static int pw_collect(const struct nlattr *nest, void *item)
{
	return pw_from_nest(nest, item);
}

int pw_dump_all(struct pwctl_pw **out, size_t *n)
{
	return dump_all(MPLS_PW_CMD_PW_GET, MPLS_PW_A_PW, pw_collect,
			sizeof(**out), (void **)out, n);
}

/* ---- commands ---- */

/* add, set */
static int pw_change(struct args *a, uint8_t cmd)
{
	bool add = cmd == MPLS_PW_CMD_PW_NEW;
	struct pwctl_pw pw;
	int err = pw_parse(a, &pw, add);

	return err ? err : pw_request(cmd, &pw, add);
}

static int pw_del(struct args *a, uint8_t cmd)
{
	struct pwctl_pw pw;
	int err;

	memset(&pw, 0, sizeof(pw));
	err = key_parse(a, &pw.key, true);
	if (err)
		return err;
	if (args_end(a))
		return EXIT_USAGE;
	return pw_request(cmd, &pw, false);
}

/* pw show [ dev IF | peer ADDR [ vc-id ID ] ] */
static int pw_show(struct args *a, uint8_t cmd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct pwctl_pw pw;
	struct nlattr *nest;
	const char *t = args_peek(a);
	int err;

	memset(&pw, 0, sizeof(pw));
	if (t && !strcmp(t, "dev")) {
		a->i++;
		t = args_value(a, "dev");
		if (!t || parse_dev(t, pw.ifname))
			return EXIT_USAGE;
	} else if (t && !strcmp(t, "peer")) {
		err = key_parse(a, &pw.key, false);
		if (err)
			return err;
	} else if (t) {
		return usage_err("%s: unknown keyword \"%s\"", cur_cmd, t);
	}
	if (args_end(a))
		return EXIT_USAGE;
	if (*pw.ifname && resolve_dev(pw.ifname, &pw.ifindex))
		return EXIT_FAIL;

	if (pw.key.vc_id) {
		nlh = nl_msg(buf, cmd, 0);
	} else {
		nlh = nl_msg(buf, cmd, NLM_F_DUMP);
		if (!pw.ifindex && !pw.key.peer.family)
			return show_request(nlh, MPLS_PW_A_PW, pw_show_one,
					    true);
	}
	/* The key for a GET, or the filter of a dump. */
	nest = mnl_attr_nest_start(nlh, MPLS_PW_A_PW);
	key_put(nlh, &pw.key);
	if (pw.ifindex)
		mnl_attr_put_u32(nlh, MPLS_PW_PW_A_IFINDEX, pw.ifindex);
	mnl_attr_nest_end(nlh, nest);
	return show_request(nlh, MPLS_PW_A_PW, pw_show_one, true);
}

static const struct verb pw_verbs[] = {
	{ "add", pw_change, MPLS_PW_CMD_PW_NEW },
	{ "set", pw_change, MPLS_PW_CMD_PW_SET },
	{ "del", pw_del, MPLS_PW_CMD_PW_DEL },
	{ "show", pw_show, MPLS_PW_CMD_PW_GET },
};

int pw_main(struct args *a)
{
	return run_verb("pw", pw_verbs, ARRAY_SIZE(pw_verbs), a);
}
