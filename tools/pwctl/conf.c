// SPDX-License-Identifier: GPL-2.0
/*
 * The whole configuration of a netns, declaratively:
 *
 *   showconf        prints it as batch lines ("net set", "link set",
 *                   "vrrp set", "ac add", "pw add", "switch add"), in that
 *                   order
 *   setconf FILE    deletes everything, then applies FILE
 *   syncconf FILE   applies only the difference: removed objects are
 *                   deleted, changed ones set, new ones added; objects
 *                   that did not change are not touched
 *
 * A file with "link set" lines describes MPLS input completely: it is
 * switched off on the devices it does not name. A file without any, such
 * as one saved by a pwctl older than these lines, leaves it as it is, as a
 * file without "net set" leaves max-pws (it may not be raised back without
 * CAP_NET_ADMIN in the initial user namespace).
 *
 * FILE is parsed whole first: a bad line changes nothing (exit 2). Then
 * "net set" goes first, before any deletion: raising max-pws is the one
 * refusal that can be foreseen (EPERM in an unprivileged user namespace),
 * and then nothing has changed; the kernel takes any lowering.
 */
#include <stdlib.h>
#include <string.h>

#include "pwctl.h"

struct conf {
	struct pwctl_net net;		/* has_max_pws: set by the file */
	struct pwctl_link *link;	/* the devices named (dump: input on) */
	size_t n_link;
	struct pwctl_vrrp *vrrp;
	size_t n_vrrp;
	struct pwctl_ac *ac;
	size_t n_ac;
	struct pwctl_pw *pw;
	size_t n_pw;
	struct pwctl_switch *sw;
	size_t n_sw;
};

static void conf_free(struct conf *c)
{
	free(c->link);
	free(c->vrrp);
	free(c->ac);
	free(c->pw);
	free(c->sw);
	memset(c, 0, sizeof(*c));
}

/* Appends @item to the array *@arr of *@n items of @size bytes. */
static int append(void *arr, size_t *n, const void *item, size_t size)
{
	void **p = arr;

	/* Capacity: 16, then doubled each time it is reached. */
	if (!*n || (*n >= 16 && !(*n & (*n - 1)))) {
		void *q = realloc(*p, (*n ? 2 * *n : 16) * size);

		if (!q)
			return run_err("out of memory");
		*p = q;
	}
	memcpy((char *)*p + *n * size, item, size);
	(*n)++;
	return 0;
}

#define APPEND(arr, n, item)	append(&(arr), &(n), &(item), sizeof(item))

/* ---- the running configuration ---- */

static int conf_dump(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	if (net_get(&c->net) ||
	    link_dump_all(&c->link, &c->n_link) ||
	    vrrp_dump_all(&c->vrrp, &c->n_vrrp) ||
	    ac_dump_all(&c->ac, &c->n_ac) ||
	    pw_dump_all(&c->pw, &c->n_pw) ||
	    switch_dump_all(&c->sw, &c->n_sw)) {
		conf_free(c);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int addr_cmp(const struct pwctl_addr *a, const struct pwctl_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(&a->v6, &b->v6, a->family == AF_INET ? 4 : 16);
}

static int key_cmp(const struct pwctl_key *a, const struct pwctl_key *b)
{
	int r = addr_cmp(&a->peer, &b->peer);

	if (r)
		return r;
	return a->vc_id < b->vc_id ? -1 : a->vc_id > b->vc_id;
}

static int link_cmp(const void *x, const void *y)
{
	const struct pwctl_link *a = x, *b = y;

	return a->ifindex < b->ifindex ? -1 : a->ifindex > b->ifindex;
}

static int vrrp_cmp(const void *x, const void *y)
{
	const struct pwctl_vrrp *a = x, *b = y;

	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	return a->vrid < b->vrid ? -1 : a->vrid > b->vrid;
}

static int ac_cmp(const void *x, const void *y)
{
	const struct pwctl_ac *a = x, *b = y;

	return a->ifindex < b->ifindex ? -1 : a->ifindex > b->ifindex;
}

static int pw_cmp(const void *x, const void *y)
{
	const struct pwctl_pw *a = x, *b = y;

	return key_cmp(&a->key, &b->key);
}

static int sw_cmp(const void *x, const void *y)
{
	const struct pwctl_switch *a = x, *b = y;
	int r = key_cmp(&a->pw[0], &b->pw[0]);

	return r ? r : key_cmp(&a->pw[1], &b->pw[1]);
}

int showconf_main(struct args *a)
{
	struct conf c;

	cur_cmd = "showconf";
	if (args_end(a))
		return EXIT_USAGE;
	if (conf_dump(&c))
		return EXIT_FAIL;
	/* Sorted, so that two runs over the same state compare equal. */
	if (c.n_link)
		qsort(c.link, c.n_link, sizeof(*c.link), link_cmp);
	if (c.n_vrrp)
		qsort(c.vrrp, c.n_vrrp, sizeof(*c.vrrp), vrrp_cmp);
	if (c.n_ac)
		qsort(c.ac, c.n_ac, sizeof(*c.ac), ac_cmp);
	if (c.n_pw)
		qsort(c.pw, c.n_pw, sizeof(*c.pw), pw_cmp);
	if (c.n_sw)
		qsort(c.sw, c.n_sw, sizeof(*c.sw), sw_cmp);
	/* Settings first: PWs only come up with MPLS input on. */
	net_print_conf(stdout, &c.net);
	for (size_t i = 0; i < c.n_link; i++) {
		if (c.link[i].mpls_input)
			link_print_conf(stdout, &c.link[i]);
	}
	for (size_t i = 0; i < c.n_vrrp; i++)
		vrrp_print_conf(stdout, &c.vrrp[i]);
	for (size_t i = 0; i < c.n_ac; i++)
		ac_print_conf(stdout, &c.ac[i]);
	for (size_t i = 0; i < c.n_pw; i++)
		pw_print_conf(stdout, &c.pw[i]);
	for (size_t i = 0; i < c.n_sw; i++)
		switch_print_conf(stdout, &c.sw[i]);
	conf_free(&c);
	return EXIT_OK;
}

/* ---- reading a file ---- */

static struct pwctl_ac *find_ac(const struct conf *c, uint32_t ifindex)
{
	for (size_t i = 0; i < c->n_ac; i++) {
		if (c->ac[i].ifindex == ifindex)
			return &c->ac[i];
	}
	return NULL;
}

static struct pwctl_pw *find_pw(const struct conf *c,
				const struct pwctl_key *key)
{
	for (size_t i = 0; i < c->n_pw; i++) {
		if (key_equal(&c->pw[i].key, key))
			return &c->pw[i];
	}
	return NULL;
}

static struct pwctl_link *find_link(const struct conf *c, uint32_t ifindex)
{
	for (size_t i = 0; i < c->n_link; i++) {
		if (c->link[i].ifindex == ifindex)
			return &c->link[i];
	}
	return NULL;
}

/* Whether @c has MPLS input on for @ifindex (off when not named). */
static bool link_on(const struct conf *c, uint32_t ifindex)
{
	const struct pwctl_link *l = find_link(c, ifindex);

	return l && l->mpls_input;
}

static struct pwctl_vrrp *find_vrrp(const struct conf *c, uint32_t ifindex,
				    uint8_t vrid)
{
	for (size_t i = 0; i < c->n_vrrp; i++) {
		if (c->vrrp[i].ifindex == ifindex && c->vrrp[i].vrid == vrid)
			return &c->vrrp[i];
	}
	return NULL;
}

static bool has_switch(const struct conf *c, const struct pwctl_switch *sw)
{
	for (size_t i = 0; i < c->n_sw; i++) {
		if (switch_same(&c->sw[i], sw))
			return true;
	}
	return false;
}

/*
 * One line of each kind into @c, the cursor after its two words; each
 * checks what can be checked across lines.
 */
static int conf_net(struct args *a, struct conf *c, int lineno)
{
	struct pwctl_net n;
	int err = net_parse(a, &n);

	if (err)
		return err;
	if (c->net.has_max_pws)
		return usage_err("max-pws already set on line %d",
				 c->net.line);
	n.line = lineno;
	c->net = n;
	return 0;
}

static int conf_link(struct args *a, struct conf *c, int lineno)
{
	struct pwctl_link l;
	int err = link_parse(a, &l, true);

	if (err)
		return err;
	if (find_link(c, l.ifindex))
		return usage_err("link dev %s given twice", l.ifname);
	l.line = lineno;
	return APPEND(c->link, c->n_link, l) ? EXIT_FAIL : 0;
}

static int conf_vrrp(struct args *a, struct conf *c, int lineno)
{
	struct pwctl_vrrp v;
	int err = vrrp_parse(a, &v);

	if (err)
		return err;
	if (find_vrrp(c, v.ifindex, v.vrid))
		return usage_err("vrrp dev %s vrid %u given twice",
				 v.ifname, v.vrid);
	v.line = lineno;
	return APPEND(c->vrrp, c->n_vrrp, v) ? EXIT_FAIL : 0;
}

static int conf_ac(struct args *a, struct conf *c, int lineno)
{
	struct pwctl_ac ac;
	int err = ac_parse(a, &ac);

	if (err)
		return err;
	if (find_ac(c, ac.ifindex))
		return usage_err("ac dev %s given twice", ac.ifname);
	ac.line = lineno;
	return APPEND(c->ac, c->n_ac, ac) ? EXIT_FAIL : 0;
}

static int conf_pw(struct args *a, struct conf *c, int lineno)
{
	struct pwctl_pw pw;
	int err = pw_parse(a, &pw, true);

	if (err)
		return err;
	if (find_pw(c, &pw.key)) {
		char buf[ADDR_STRLEN];

		return usage_err("pw peer %s vc-id %u given twice",
				 addr_str(&pw.key.peer, buf, sizeof(buf)),
				 pw.key.vc_id);
	}
	for (size_t i = 0; i < c->n_pw; i++) {
		if (c->pw[i].local_label == pw.local_label)
			return usage_err("local-label %u already used on line %d",
					 pw.local_label, c->pw[i].line);
	}
	if (given_has(&pw.given, PW_F_IFINDEX) && !find_ac(c, pw.ifindex))
		return usage_err("dev %s is not an AC of this file (\"ac add dev %s\" must come first)",
				 pw.ifname, pw.ifname);
	pw.line = lineno;
	return APPEND(c->pw, c->n_pw, pw) ? EXIT_FAIL : 0;
}

static int conf_switch(struct args *a, struct conf *c, int lineno)
{
	struct pwctl_switch sw;
	int err = switch_parse(a, &sw);

	if (err)
		return err;
	if (has_switch(c, &sw))
		return usage_err("the same switch is given twice");
	for (int i = 0; i < 2; i++) {
		struct pwctl_pw *pw = find_pw(c, &sw.pw[i]);

		if (!pw)
			return usage_err("switch: no such pw in this file (\"pw add\" must come first)");
		if (given_has(&pw->given, PW_F_IFINDEX))
			return usage_err("switch: pw on line %d has an AC",
					 pw->line);
	}
	sw.line = lineno;
	return APPEND(c->sw, c->n_sw, sw) ? EXIT_FAIL : 0;
}

static const struct {
	const char *name;
	int (*fn)(struct args *a, struct conf *c, int lineno);
} conf_lines[] = {
	{ "net set", conf_net },
	{ "link set", conf_link },
	{ "vrrp set", conf_vrrp },
	{ "ac add", conf_ac },
	{ "pw add", conf_pw },
	{ "switch add", conf_switch },
};

#define CONF_LINES \
	"\"net set\", \"link set\", \"vrrp set\", \"ac add\", \"pw add\" or \"switch add\""

static int conf_line(int argc, char **argv, int lineno, void *data)
{
	struct args a = { argc, argv, 2 };
	static char cmd[32];	/* cur_cmd outlives the call */

	if (argc < 2)
		return usage_err("expected " CONF_LINES);
	snprintf(cmd, sizeof(cmd), "%s %s", argv[0], argv[1]);
	cur_cmd = cmd;
	for (size_t i = 0; i < ARRAY_SIZE(conf_lines); i++) {
		if (!strcmp(cmd, conf_lines[i].name))
			return conf_lines[i].fn(&a, data, lineno);
	}
	return usage_err("\"%s\" is not a configuration line (expected " CONF_LINES ")",
			 cmd);
}

static int conf_read(const char *file, struct conf *c)
{
	int lineno, ret;

	memset(c, 0, sizeof(*c));
	ret = read_lines(file, conf_line, c, &lineno);
	if (ret)
		conf_free(c);
	return ret;
}

/* ---- applying ---- */

static char loc_buf[512];
static const char *conf_name;

static void at_line(int line, const char *cmd)
{
	snprintf(loc_buf, sizeof(loc_buf), "%s:%d", conf_name, line);
	cur_loc = line ? loc_buf : NULL;
	cur_cmd = cmd;
}

static int apply_adds(const struct conf *f, const struct conf *skip)
{
	for (size_t i = 0; i < f->n_vrrp; i++) {
		const struct pwctl_vrrp *v = &f->vrrp[i], *o;

		o = skip ? find_vrrp(skip, v->ifindex, v->vrid) : NULL;
		if (o && o->state == v->state)
			continue;
		at_line(v->line, "vrrp set");
		if (vrrp_request(MPLS_PW_CMD_VRRP_SET, v))
			return EXIT_FAIL;
	}
	for (size_t i = 0; i < f->n_ac; i++) {
		if (skip && find_ac(skip, f->ac[i].ifindex))
			continue;
		at_line(f->ac[i].line, "ac add");
		if (ac_request(MPLS_PW_CMD_AC_NEW, &f->ac[i]))
			return EXIT_FAIL;
	}
	return 0;
}

static int apply_pw_adds(const struct conf *f, const struct conf *skip)
{
	for (size_t i = 0; i < f->n_pw; i++) {
		if (skip && find_pw(skip, &f->pw[i].key))
			continue;
		at_line(f->pw[i].line, "pw add");
		if (pw_request(MPLS_PW_CMD_PW_NEW, &f->pw[i], true))
			return EXIT_FAIL;
	}
	for (size_t i = 0; i < f->n_sw; i++) {
		if (skip && has_switch(skip, &f->sw[i]))
			continue;
		at_line(f->sw[i].line, "switch add");
		if (switch_request(MPLS_PW_CMD_SWITCH_NEW, &f->sw[i]))
			return EXIT_FAIL;
	}
	return 0;
}

/* Deletes what @cur has and @keep (NULL: nothing) does not. */
static int apply_dels(const struct conf *cur, const struct conf *keep)
{
	for (size_t i = 0; i < cur->n_sw; i++) {
		if (keep && has_switch(keep, &cur->sw[i]))
			continue;
		at_line(0, "switch del");
		if (switch_request(MPLS_PW_CMD_SWITCH_DEL, &cur->sw[i]))
			return EXIT_FAIL;
	}
	for (size_t i = 0; i < cur->n_pw; i++) {
		if (keep && find_pw(keep, &cur->pw[i].key))
			continue;
		at_line(0, "pw del");
		if (pw_request(MPLS_PW_CMD_PW_DEL, &cur->pw[i], false))
			return EXIT_FAIL;
	}
	for (size_t i = 0; i < cur->n_ac; i++) {
		if (keep && find_ac(keep, cur->ac[i].ifindex))
			continue;
		at_line(0, "ac del");
		if (ac_request(MPLS_PW_CMD_AC_DEL, &cur->ac[i]))
			return EXIT_FAIL;
	}
	return 0;
}

/* Forgets the VRRP groups of @cur that @keep does not set. */
static int apply_vrrp_dels(const struct conf *cur, const struct conf *keep)
{
	for (size_t i = 0; i < cur->n_vrrp; i++) {
		const struct pwctl_vrrp *v = &cur->vrrp[i];

		if (find_vrrp(keep, v->ifindex, v->vrid))
			continue;
		at_line(0, "vrrp del");
		if (vrrp_request(MPLS_PW_CMD_VRRP_DEL, v))
			return EXIT_FAIL;
	}
	return 0;
}

/*
 * MPLS input off on the devices that have it on in @cur and @f leaves out,
 * when @f has "link set" lines at all.
 */
static int apply_link_offs(const struct conf *cur, const struct conf *f)
{
	if (!f->n_link)
		return 0;
	for (size_t i = 0; i < cur->n_link; i++) {
		struct pwctl_link off = cur->link[i];

		if (!off.mpls_input || find_link(f, off.ifindex))
			continue;
		off.mpls_input = false;
		at_line(0, "link set");
		if (link_request(&off))
			return EXIT_FAIL;
	}
	return 0;
}

/*
 * Deletes what @cur has and the file @f does not: switches, PWs and ACs
 * not in @keep (NULL: all of them), VRRP groups, MPLS input (see
 * apply_link_offs()).
 */
static int apply_removals(const struct conf *cur, const struct conf *keep,
			  const struct conf *f)
{
	int ret = apply_dels(cur, keep);

	if (!ret)
		ret = apply_vrrp_dels(cur, f);
	if (!ret)
		ret = apply_link_offs(cur, f);
	return ret;
}

/*
 * The "net set" line of @f, before anything else (see the top of this
 * file); skipped when @have (NULL: nothing) already has that max-pws.
 */
static int apply_net(const struct conf *f, const struct conf *have)
{
	const struct pwctl_net *n = &f->net;

	if (!n->has_max_pws ||
	    (have && have->net.has_max_pws && have->net.max_pws == n->max_pws))
		return 0;
	at_line(n->line, "net set");
	return net_request(n) ? EXIT_FAIL : 0;
}

/*
 * The "link set" lines of @f, before any object: PWs only come up with
 * MPLS input. Those that @have (NULL: nothing) already matches are skipped.
 */
static int apply_links(const struct conf *f, const struct conf *have)
{
	for (size_t i = 0; i < f->n_link; i++) {
		const struct pwctl_link *l = &f->link[i];

		if (have && link_on(have, l->ifindex) == l->mpls_input)
			continue;
		at_line(l->line, "link set");
		if (link_request(l))
			return EXIT_FAIL;
	}
	return 0;
}

/* Only del/add lines need a PW's key; clearing the rest keeps DEL minimal. */
static void pw_key_only(struct pwctl_pw *pw)
{
	struct pwctl_key key = pw->key;

	memset(pw, 0, sizeof(*pw));
	pw->key = key;
}

static void ac_key_only(struct pwctl_ac *ac)
{
	uint32_t ifindex = ac->ifindex;

	memset(ac, 0, sizeof(*ac));
	ac->ifindex = ifindex;
}

static void conf_keys_only(struct conf *c)
{
	for (size_t i = 0; i < c->n_pw; i++)
		pw_key_only(&c->pw[i]);
	for (size_t i = 0; i < c->n_ac; i++)
		ac_key_only(&c->ac[i]);
}

/*
 * "setconf FILE", "syncconf FILE": the file into @f, checked whole, then
 * the running configuration into @cur.
 */
static int conf_load(struct args *a, struct conf *f, struct conf *cur)
{
	int ret;

	if (!args_more(a))
		return usage_err("%s: missing FILE", cur_cmd);
	conf_name = args_next(a);
	if (args_end(a))
		return EXIT_USAGE;
	ret = conf_read(conf_name, f);
	if (ret)
		return ret;
	if (conf_dump(cur)) {
		conf_free(f);
		return EXIT_FAIL;
	}
	return 0;
}

int setconf_main(struct args *a)
{
	struct conf f, cur;
	int ret;

	cur_cmd = "setconf";
	ret = conf_load(a, &f, &cur);
	if (ret)
		return ret;
	conf_keys_only(&cur);
	ret = apply_net(&f, NULL);
	if (!ret)
		ret = apply_removals(&cur, NULL, &f);
	if (!ret)
		ret = apply_links(&f, NULL);
	if (!ret)
		ret = apply_adds(&f, NULL);
	if (!ret)
		ret = apply_pw_adds(&f, NULL);
	cur_loc = NULL;
	conf_free(&f);
	conf_free(&cur);
	return ret;
}

/* ---- syncconf ---- */

/*
 * What a file line means for the fields it leaves out: the documented
 * defaults. Fields without a documented default (control word, mode,
 * status signalling) stay as they are when the file omits them.
 */
static void ac_defaults(struct pwctl_ac *ac)
{
	uint64_t *g = &ac->given.bits, user = *g;
	const uint64_t timers = BIT(AC_F_REROUTE) | BIT(AC_F_REROUTE_DELAY) |
				BIT(AC_F_HOLDOFF);

	if (!(*g & BIT(AC_F_REDUNDANCY)))
		ac->redundancy = MPLS_PW_REDUNDANCY_MASTER;
	if (!(*g & BIT(AC_F_STATE)))
		ac->state = MPLS_PW_AC_STATE_ACTIVE;
	if (!(*g & BIT(AC_F_ARP_EXPIRE)))
		ac->arp_expire = MPLS_PW_ARP_EXPIRE_DEFAULT;
	if (!(*g & BIT(AC_F_ND_EXPIRE)))
		ac->nd_expire = MPLS_PW_ND_EXPIRE_DEFAULT;
	*g |= BIT(AC_F_REDUNDANCY) | BIT(AC_F_STATE) | BIT(AC_F_DUAL_RECEIVE) |
	      BIT(AC_F_ARP_DUAL_SEND) | BIT(AC_F_ARP_EXPIRE) |
	      BIT(AC_F_ND_DUAL_SEND) | BIT(AC_F_ND_EXPIRE);
	/*
	 * Refused in independent mode: no defaults there, but what the file
	 * says is sent, so the kernel's refusal reaches the user as with
	 * setconf.
	 */
	if (ac->redundancy == MPLS_PW_REDUNDANCY_INDEPENDENT) {
		*g = (*g & ~timers) | (user & timers);
		return;
	}
	if (!(*g & BIT(AC_F_REROUTE)))
		ac->reroute = MPLS_PW_REROUTE_DELAY;
	if (!(*g & BIT(AC_F_REROUTE_DELAY)) &&
	    ac->reroute == MPLS_PW_REROUTE_DELAY) {
		ac->reroute_delay = MPLS_PW_REROUTE_DELAY_DEFAULT;
		*g |= BIT(AC_F_REROUTE_DELAY);
	}
	*g |= BIT(AC_F_REROUTE) | BIT(AC_F_HOLDOFF);
}

/* The fields of @want that differ from @have, in @diff (a SET). */
static bool ac_diff(const struct pwctl_ac *want, const struct pwctl_ac *have,
		    struct pwctl_ac *diff)
{
	struct pwctl_ac w = *want;
	bool any = false;

	ac_defaults(&w);
	*diff = w;
	diff->given.bits = BIT(AC_F_IFINDEX);
/*
 * Send a field when the kernel reports another value, or does not report
 * it and the file names it; a default for an unreported field is not sent.
 */
#define AC_CMP(f, field)						\
	do {								\
		if (given_has(&w.given, f) &&				\
		    (given_has(&have->given, f) ?			\
		     w.field != have->field :				\
		     given_has(&want->given, f))) {			\
			diff->given.bits |= BIT(f);			\
			any = true;					\
		}							\
	} while (0)
	AC_CMP(AC_F_REDUNDANCY, redundancy);
	AC_CMP(AC_F_STATE, state);
	AC_CMP(AC_F_DUAL_RECEIVE, dual_receive);
	AC_CMP(AC_F_ARP_DUAL_SEND, arp_dual_send);
	AC_CMP(AC_F_ARP_EXPIRE, arp_expire);
	AC_CMP(AC_F_ND_DUAL_SEND, nd_dual_send);
	AC_CMP(AC_F_ND_EXPIRE, nd_expire);
	AC_CMP(AC_F_REROUTE, reroute);
	AC_CMP(AC_F_REROUTE_DELAY, reroute_delay);
	AC_CMP(AC_F_HOLDOFF, holdoff);
#undef AC_CMP
	return any;
}

static bool tunnel_equal(const struct pwctl_tunnel *a,
			 const struct pwctl_tunnel *b)
{
	if (a->set != b->set)
		return false;
	if (!a->set)
		return true;
	return addr_equal(&a->via, &b->via) && a->ifindex == b->ifindex &&
	       a->nlabels == b->nlabels &&
	       !memcmp(a->labels, b->labels, a->nlabels * sizeof(uint32_t));
}

static bool track_equal(const struct pwctl_track *a,
			const struct pwctl_track *b)
{
	if (a->set != b->set)
		return false;
	return !a->set || (a->ifindex == b->ifindex && a->vrid == b->vrid &&
			   a->pw_redundancy == b->pw_redundancy);
}

static void pw_defaults(struct pwctl_pw *pw)
{
	uint64_t *g = &pw->given.bits;

	if (!(*g & BIT(PW_F_ROLE)))
		pw->role = (*g & BIT(PW_F_IFINDEX)) ? MPLS_PW_ROLE_PRIMARY :
			   MPLS_PW_ROLE_NONE;
	if (!(*g & BIT(PW_F_TTL)))
		pw->ttl = 255;
	if (!(*g & BIT(PW_F_REFRESH)))
		pw->refresh = MPLS_PW_REFRESH_DEFAULT;
	if (!(*g & BIT(PW_F_ADMIN)))
		pw->admin_up = true;
	if (!(*g & BIT(PW_F_VLAN)))
		pw->vlan = 0;
	/*
	 * Omitted tunnel / track / ignore-standby-state / vlan: route, none,
	 * off, none.
	 */
	*g |= BIT(PW_F_ROLE) | BIT(PW_F_TTL) | BIT(PW_F_REFRESH) |
	      BIT(PW_F_ADMIN) | BIT(PW_F_TUNNEL) | BIT(PW_F_TRACK) |
	      BIT(PW_F_IGNORE_STANDBY) | BIT(PW_F_VLAN);
}

/*
 * The fields of @want that differ from @have, in @diff (a SET). Returns
 * -1 when the PW must be recreated: its AC changed, which a SET cannot
 * express.
 */
static int pw_diff(const struct pwctl_pw *want, const struct pwctl_pw *have,
		   struct pwctl_pw *diff)
{
	struct pwctl_pw w = *want;
	bool any = false;

	if (given_has(&want->given, PW_F_IFINDEX) !=
	    given_has(&have->given, PW_F_IFINDEX) ||
	    want->ifindex != have->ifindex)
		return -1;
	pw_defaults(&w);
	*diff = w;
	diff->given.bits = BIT(PW_F_PEER) | BIT(PW_F_VC_ID);
#define PW_MARK(f)							\
	do {								\
		diff->given.bits |= BIT(f);				\
		any = true;						\
	} while (0)
#define PW_CMP(f, field)						\
	do {								\
		if (given_has(&w.given, f) &&				\
		    (given_has(&have->given, f) ?			\
		     w.field != have->field :				\
		     given_has(&want->given, f)))			\
			PW_MARK(f);					\
	} while (0)
	PW_CMP(PW_F_ROLE, role);
	PW_CMP(PW_F_LOCAL_LABEL, local_label);
	PW_CMP(PW_F_REMOTE_LABEL, remote_label);
	PW_CMP(PW_F_CONTROL_WORD, control_word);
	PW_CMP(PW_F_MODE, mode);
	/* the kernel reports no VLAN as the attribute's absence (0: none) */
	if (w.vlan != (given_has(&have->given, PW_F_VLAN) ? have->vlan : 0))
		PW_MARK(PW_F_VLAN);
	PW_CMP(PW_F_TTL, ttl);
	PW_CMP(PW_F_IGNORE_STANDBY, ignore_standby);
	PW_CMP(PW_F_STATUS_SIGNALING, status_signaling);
	PW_CMP(PW_F_REFRESH, refresh);
	PW_CMP(PW_F_ADMIN, admin_up);
	if (!tunnel_equal(&w.tunnel, &have->tunnel))
		PW_MARK(PW_F_TUNNEL);
	if (!track_equal(&w.track, &have->track))
		PW_MARK(PW_F_TRACK);
#undef PW_CMP
#undef PW_MARK
	/* The role is only meaningful, and only accepted, with an AC. */
	if (!given_has(&w.given, PW_F_IFINDEX))
		diff->given.bits &= ~BIT(PW_F_ROLE);
	return any && diff->given.bits != (BIT(PW_F_PEER) | BIT(PW_F_VC_ID));
}

static bool sw_uses(const struct pwctl_switch *sw, const struct conf *set)
{
	return find_pw(set, &sw->pw[0]) || find_pw(set, &sw->pw[1]);
}

/*
 * What syncconf does, worked out before anything is sent. @keep: what
 * survives the deletions, the file minus recreated PWs and the switches
 * using them. @skip: what needs no add; its vrrp is the running
 * configuration's, not owned. @recreate: PWs whose AC changed, deleted and
 * added again. @acsets, @sets: the SETs of changed ACs and PWs.
 */
struct sync_plan {
	struct conf keep;
	struct conf skip;
	struct conf recreate;
	struct pwctl_ac *acsets;
	size_t n_acsets;
	struct pwctl_pw *sets;
	size_t n_sets;
};

static void plan_free(struct sync_plan *p)
{
	p->skip.vrrp = NULL;
	conf_free(&p->keep);
	conf_free(&p->skip);
	conf_free(&p->recreate);
	free(p->acsets);
	free(p->sets);
}

static int plan_acs(struct sync_plan *p, const struct conf *f,
		    const struct conf *cur)
{
	for (size_t i = 0; i < f->n_ac; i++) {
		struct pwctl_ac *have = find_ac(cur, f->ac[i].ifindex), d;

		if (APPEND(p->keep.ac, p->keep.n_ac, f->ac[i]))
			return EXIT_FAIL;
		if (!have)
			continue;
		if (APPEND(p->skip.ac, p->skip.n_ac, f->ac[i]))
			return EXIT_FAIL;
		if (ac_diff(&f->ac[i], have, &d) &&
		    APPEND(p->acsets, p->n_acsets, d))
			return EXIT_FAIL;
	}
	return 0;
}

static int plan_pws(struct sync_plan *p, const struct conf *f,
		    const struct conf *cur)
{
	for (size_t i = 0; i < f->n_pw; i++) {
		struct pwctl_pw *have = find_pw(cur, &f->pw[i].key), d;
		int r;

		if (!have) {
			if (APPEND(p->keep.pw, p->keep.n_pw, f->pw[i]))
				return EXIT_FAIL;
			continue;
		}
		r = pw_diff(&f->pw[i], have, &d);
		if (r < 0) {
			if (APPEND(p->recreate.pw, p->recreate.n_pw, f->pw[i]))
				return EXIT_FAIL;
			continue;
		}
		if (APPEND(p->keep.pw, p->keep.n_pw, f->pw[i]) ||
		    APPEND(p->skip.pw, p->skip.n_pw, f->pw[i]))
			return EXIT_FAIL;
		if (r > 0 && APPEND(p->sets, p->n_sets, d))
			return EXIT_FAIL;
	}
	return 0;
}

static int plan_switches(struct sync_plan *p, const struct conf *f,
			 const struct conf *cur)
{
	for (size_t i = 0; i < f->n_sw; i++) {
		if (sw_uses(&f->sw[i], &p->recreate))
			continue;
		if (APPEND(p->keep.sw, p->keep.n_sw, f->sw[i]))
			return EXIT_FAIL;
		if (has_switch(cur, &f->sw[i]) &&
		    APPEND(p->skip.sw, p->skip.n_sw, f->sw[i]))
			return EXIT_FAIL;
	}
	return 0;
}

static int sync_apply(const struct sync_plan *p, const struct conf *f,
		      const struct conf *cur)
{
	int ret = apply_net(f, cur);

	if (!ret)
		ret = apply_removals(cur, &p->keep, f);
	if (!ret)
		ret = apply_links(f, cur);
	if (!ret)
		ret = apply_adds(f, &p->skip);
	for (size_t i = 0; !ret && i < p->n_acsets; i++) {
		at_line(p->acsets[i].line, "ac set");
		ret = ac_request(MPLS_PW_CMD_AC_SET, &p->acsets[i]);
	}
	for (size_t i = 0; !ret && i < p->n_sets; i++) {
		at_line(p->sets[i].line, "pw set");
		ret = pw_request(MPLS_PW_CMD_PW_SET, &p->sets[i], false);
	}
	if (!ret)
		ret = apply_pw_adds(f, &p->skip);
	return ret;
}

int syncconf_main(struct args *a)
{
	struct sync_plan p = { 0 };
	struct conf f, cur;
	int ret;

	cur_cmd = "syncconf";
	ret = conf_load(a, &f, &cur);
	if (ret)
		return ret;
	ret = EXIT_FAIL;
	if (plan_acs(&p, &f, &cur) || plan_pws(&p, &f, &cur) ||
	    plan_switches(&p, &f, &cur))
		goto out;
	conf_keys_only(&cur);
	p.skip.vrrp = cur.vrrp;
	p.skip.n_vrrp = cur.n_vrrp;
	ret = sync_apply(&p, &f, &cur);
out:
	cur_loc = NULL;
	plan_free(&p);
	conf_free(&f);
	conf_free(&cur);
	return ret;
}
