// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz --fail-nth: the requests that create or change something, each
 * sent again and again with the n-th fault injection point of the task
 * failing (/proc/thread-self/fail-nth: failslab and fail_page_alloc on the
 * debug kernel), n = 1, 2, ... until one runs through without a fault.
 *
 * The fault lands in the genetlink core before the handler, in the
 * handler, in the ack after it, or in an allocation the kernel does
 * without (kmemleak's metadata falls back to its pool, an rtnetlink event
 * or a stack depot record is dropped). So each try ends one of four ways,
 * checked against the configuration read back:
 *
 *   refused    an errno (in the ack, or from sendmsg): nothing changed
 *   absorbed   success, the change made whole, as the model predicts;
 *              it is undone before the next try
 *   ack lost   ENOBUFS on the socket: the ack could not be allocated once
 *              the change was made whole; undone too
 *   no fault   success as the model predicts: on to the next request
 *
 * With --module the caller has limited the faults to mpls_pw's code (the
 * stack filter): each command whose handler allocates must then have been
 * refused with ENOMEM at least once. Without it a run whose faults all
 * fell in the netlink core (its socket buffers, genetlink's attribute
 * table) would pass as well, the module's error paths never run.
 *
 * --netns does the same with unshare(CLONE_NEWNET) in a child, then asks
 * the family there for NET_GET; --ko PATH with finit_module() (the module
 * must not be loaded; it is left loaded), a success with a fault undone
 * with delete_module().
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/netlink.h>

#include "nlfuzz.h"

#define ERRNO_N		134

struct tally {
	unsigned long reqs, points, refused, absorbed, acklost;
	unsigned long err[ERRNO_N];	/* refusals by errno */
};

static unsigned long max_n = 4000;
static int fn_fd = -1;
static struct model model, after;
static struct req *req;
static struct answer *ans;

/* the outcomes the checks count */
static unsigned long n_cases, n_bad_answer, n_half, n_unreached,
	n_restore_bad, n_high;

/* ---- /proc/thread-self/fail-nth ---- */

static void fn_open(void)
{
	fn_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (fn_fd < 0) {
		perror("/proc/thread-self/fail-nth");
		exit(2);
	}
}

static void fn_arm(unsigned long n)
{
	char buf[24];
	int len = snprintf(buf, sizeof(buf), "%lu", n);

	if (write(fn_fd, buf, len) != len) {
		perror("fail-nth");
		exit(2);
	}
}

/*
 * Read the counter back and disarm it: 0 means the n-th point was reached
 * and failed, more that the task passed fewer points than n.
 */
static bool fn_injected(void)
{
	char buf[24];
	ssize_t len = pread(fn_fd, buf, sizeof(buf) - 1, 0);

	if (write(fn_fd, "0", 1) != 1 || len <= 0) {
		perror("fail-nth");
		exit(2);
	}
	buf[len] = 0;
	return strtoul(buf, NULL, 10) == 0;
}

static void tally_errno(struct tally *t, int err)
{
	t->refused++;
	t->err[err > 0 && err < ERRNO_N ? err : 0]++;
}

static void tally_add(struct tally *to, const struct tally *t)
{
	int e;

	to->reqs += t->reqs;
	to->points += t->points;
	to->refused += t->refused;
	to->absorbed += t->absorbed;
	to->acklost += t->acklost;
	for (e = 0; e < ERRNO_N; e++)
		to->err[e] += t->err[e];
}

/* "refused 12 (ENOMEM 11, ENOBUFS 1)" */
static void tally_print(const struct tally *t, const char *what)
{
	char errs[512] = "";
	size_t off = 0;
	int e;

	for (e = 0; e < ERRNO_N && off < sizeof(errs); e++) {
		const char *name = e ? strerrorname_np(e) : NULL;

		if (!t->err[e])
			continue;
		off += snprintf(errs + off, sizeof(errs) - off, "%s%s %lu",
				off ? ", " : "", name ? name : "other",
				t->err[e]);
	}
	printf("# %s: %lu fault points injected: %lu refused%s%s%s, %lu absorbed, %lu acks lost\n",
	       what, t->points, t->refused, off ? " (" : "", errs,
	       off ? ")" : "", t->absorbed, t->acklost);
}

/* ---- requests written the way pwctl takes them ---- */

enum kind { K_U8, K_U16, K_U32, K_ENUM, K_DEV, K_PEER, K_TUNNEL, K_LABELS,
	    K_TRACK };

struct key {
	const char *word;
	uint16_t type;
	uint8_t kind;
	const char *const *names;	/* K_ENUM: by value, NULL-terminated */
};

static const char *const redundancies[] = { "master", "independent", NULL };
static const char *const ac_states[] = { "active", "standby", NULL };
static const char *const reroutes[] = { "delay", "immediately", "never",
					NULL };
static const char *const roles[] = { "primary", "secondary", "bypass", "none",
				     NULL };
static const char *const modes[] = { "raw", "tagged", NULL };
static const char *const remotes[] = { "active", "standby", "down", NULL };
static const char *const vrrp_states[] = { "backup", "master", NULL };

static const struct key ac_keys[] = {
	{ "dev", MPLS_PW_AC_A_IFINDEX, K_DEV, NULL },
	{ "redundancy", MPLS_PW_AC_A_REDUNDANCY, K_ENUM, redundancies },
	{ "state", MPLS_PW_AC_A_STATE, K_ENUM, ac_states },
	{ "dual-receive", MPLS_PW_AC_A_DUAL_RECEIVE, K_U8, NULL },
	{ "arp-dual-send", MPLS_PW_AC_A_ARP_DUAL_SEND, K_U8, NULL },
	{ "arp-expire", MPLS_PW_AC_A_ARP_EXPIRE, K_U32, NULL },
	{ "nd-dual-send", MPLS_PW_AC_A_ND_DUAL_SEND, K_U8, NULL },
	{ "nd-expire", MPLS_PW_AC_A_ND_EXPIRE, K_U32, NULL },
	{ "reroute", MPLS_PW_AC_A_REROUTE, K_ENUM, reroutes },
	{ "reroute-delay", MPLS_PW_AC_A_REROUTE_DELAY, K_U32, NULL },
	{ "holdoff", MPLS_PW_AC_A_HOLDOFF, K_U32, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct key pw_keys[] = {
	{ "peer", 0, K_PEER, NULL },
	{ "vc", MPLS_PW_PW_A_VC_ID, K_U32, NULL },
	{ "label", MPLS_PW_PW_A_LOCAL_LABEL, K_U32, NULL },
	{ "remote", MPLS_PW_PW_A_REMOTE_LABEL, K_U32, NULL },
	{ "dev", MPLS_PW_PW_A_IFINDEX, K_DEV, NULL },
	{ "role", MPLS_PW_PW_A_ROLE, K_ENUM, roles },
	{ "cw", MPLS_PW_PW_A_CONTROL_WORD, K_U8, NULL },
	{ "mode", MPLS_PW_PW_A_MODE, K_ENUM, modes },
	{ "vid", MPLS_PW_PW_A_VLAN_ID, K_U16, NULL },
	{ "ttl", MPLS_PW_PW_A_TTL, K_U8, NULL },
	{ "ignore-standby", MPLS_PW_PW_A_IGNORE_STANDBY, K_U8, NULL },
	{ "status", MPLS_PW_PW_A_STATUS_SIGNALING, K_U8, NULL },
	{ "refresh", MPLS_PW_PW_A_REFRESH, K_U16, NULL },
	{ "admin", MPLS_PW_PW_A_ADMIN_UP, K_U8, NULL },
	{ "remote-status", MPLS_PW_PW_A_REMOTE_STATUS, K_ENUM, remotes },
	{ "tunnel", MPLS_PW_PW_A_TUNNEL, K_TUNNEL, NULL },
	{ "labels", MPLS_PW_TUNNEL_A_LABELS, K_LABELS, NULL },
	{ "track", MPLS_PW_PW_A_TRACK_VRRP, K_TRACK, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct key vrrp_keys[] = {
	{ "dev", MPLS_PW_VRRP_A_IFINDEX, K_DEV, NULL },
	{ "vrid", MPLS_PW_VRRP_A_VRID, K_U8, NULL },
	{ "state", MPLS_PW_VRRP_A_STATE, K_ENUM, vrrp_states },
	{ NULL, 0, 0, NULL },
};

static const struct key link_keys[] = {
	{ "dev", MPLS_PW_LINK_A_IFINDEX, K_DEV, NULL },
	{ "mpls-input", MPLS_PW_LINK_A_MPLS_INPUT, K_U8, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct key net_keys[] = {
	{ "max-pws", MPLS_PW_NET_A_MAX_PWS, K_U32, NULL },
	{ NULL, 0, 0, NULL },
};

/*
 * allocs: the handler allocates, and refuses the request without the
 * memory (kmod/): ac add (the AC, ac.c), pw add (its encap, nl_pw.c; the
 * PW, pw.c), pw set (the encap's copy), vrrp set of a new group (vrrp.c),
 * link set turning MPLS input on (link.c). Their per-CPU counters and the
 * PW's dst cache come from the per-CPU allocator, whose fault points are a
 * new chunk's (failnth.sh keeps them out) and single pages (which never
 * fail here); device references are __GFP_NOFAIL. The other commands
 * allocate nothing in the module but a notification, made only for
 * listeners (none here) and dropped without memory: switch add only links
 * two PWs.
 */
static const struct {
	const char *name;
	uint8_t cmd;
	uint16_t nest;
	const struct key *keys;	/* NULL: two PW keys, PEER/VC each */
	bool allocs;
} cmds[] = {
	{ "ac add", MPLS_PW_CMD_AC_NEW, MPLS_PW_A_AC, ac_keys, true },
	{ "ac set", MPLS_PW_CMD_AC_SET, MPLS_PW_A_AC, ac_keys, false },
	{ "ac del", MPLS_PW_CMD_AC_DEL, MPLS_PW_A_AC, ac_keys, false },
	{ "pw add", MPLS_PW_CMD_PW_NEW, MPLS_PW_A_PW, pw_keys, true },
	{ "pw set", MPLS_PW_CMD_PW_SET, MPLS_PW_A_PW, pw_keys, true },
	{ "pw del", MPLS_PW_CMD_PW_DEL, MPLS_PW_A_PW, pw_keys, false },
	{ "switch add", MPLS_PW_CMD_SWITCH_NEW, MPLS_PW_A_SWITCH, NULL, false },
	{ "switch del", MPLS_PW_CMD_SWITCH_DEL, MPLS_PW_A_SWITCH, NULL, false },
	{ "vrrp set", MPLS_PW_CMD_VRRP_SET, MPLS_PW_A_VRRP, vrrp_keys, true },
	{ "vrrp del", MPLS_PW_CMD_VRRP_DEL, MPLS_PW_A_VRRP, vrrp_keys, false },
	{ "link set", MPLS_PW_CMD_LINK_SET, MPLS_PW_A_LINK, link_keys, true },
	{ "net set", MPLS_PW_CMD_NET_SET, MPLS_PW_A_NET, net_keys, false },
};

static struct tally per_cmd[ARRAY_SIZE(cmds)];

static bool bad_word(const char *what, const char *word)
{
	printf("# bad request: %s \"%s\"\n", what, word);
	return false;
}

static bool parse_num(const char *s, unsigned long max, uint32_t *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 0);
	if (errno || end == s || *end || n > max)
		return bad_word("not a number up to", s);
	*v = (uint32_t)n;
	return true;
}

static bool parse_dev(const char *s, uint32_t *ifindex)
{
	unsigned int i;

	for (i = 0; i < ndevs; i++) {
		if (!strcmp(devs[i].name, s)) {
			*ifindex = devs[i].ifindex;
			return true;
		}
	}
	return bad_word("no --dev", s);
}

/* An IPv4 or IPv6 address: the attribute of its family. */
static bool put_addr(struct attr *nest, uint16_t v4, uint16_t v6,
		     const char *s)
{
	uint8_t a[16];

	if (inet_pton(AF_INET, s, a) == 1)
		return a_put(req, nest, v4, a, 4);
	if (inet_pton(AF_INET6, s, a) == 1)
		return a_put(req, nest, v6, a, 16);
	return bad_word("not an address", s);
}

/* PEER/VC: a PW's key in a switch nest */
static bool put_key(struct attr *nest, char *s)
{
	struct attr *pw = a_nest(req, nest, MPLS_PW_SWITCH_A_PW);
	char *slash = strrchr(s, '/');
	uint32_t vc;

	if (!pw || !slash)
		return bad_word("not PEER/VC", s);
	*slash = 0;
	return put_addr(pw, MPLS_PW_PW_A_PEER_IPV4, MPLS_PW_PW_A_PEER_IPV6, s) &&
	       parse_num(slash + 1, UINT32_MAX, &vc) &&
	       a_u32(req, pw, MPLS_PW_PW_A_VC_ID, vc);
}

/* VIA@DEV, or "fib" (an empty nest: back to the FIB) */
static bool put_tunnel(struct attr *t, char *s)
{
	char *at = strchr(s, '@');
	uint32_t ifindex;

	if (!strcmp(s, "fib"))
		return true;
	if (!at)
		return bad_word("not VIA@DEV", s);
	*at = 0;
	return put_addr(t, MPLS_PW_TUNNEL_A_VIA_IPV4, MPLS_PW_TUNNEL_A_VIA_IPV6,
			s) &&
	       parse_dev(at + 1, &ifindex) &&
	       a_u32(req, t, MPLS_PW_TUNNEL_A_IFINDEX, ifindex);
}

/* L1/L2/...: the tunnel's label stack */
static bool put_labels(struct attr *t, char *s)
{
	uint32_t labels[MPLS_PW_TUNNEL_LABELS_MAX];
	unsigned int n = 0;
	char *p, *save;

	if (!t)
		return bad_word("labels without a tunnel before", s);
	for (p = strtok_r(s, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (n == MPLS_PW_TUNNEL_LABELS_MAX ||
		    !parse_num(p, MPLS_PW_LABEL_MAX, &labels[n]))
			return bad_word("too many labels or a bad one", p);
		n++;
	}
	return a_put(req, t, MPLS_PW_TUNNEL_A_LABELS, labels, n * 4);
}

/* DEV/VRID[/PW-REDUNDANCY], or "none" (an empty nest) */
static bool put_track(struct attr *t, char *s)
{
	char *vrid = strchr(s, '/'), *red;
	uint32_t ifindex, v, r = 0;

	if (!strcmp(s, "none"))
		return true;
	if (!vrid)
		return bad_word("not DEV/VRID", s);
	*vrid++ = 0;
	red = strchr(vrid, '/');
	if (red)
		*red++ = 0;
	return parse_dev(s, &ifindex) && parse_num(vrid, 255, &v) &&
	       (!red || parse_num(red, 1, &r)) &&
	       a_u32(req, t, MPLS_PW_TRACK_A_IFINDEX, ifindex) &&
	       a_u8(req, t, MPLS_PW_TRACK_A_VRID, v) &&
	       (!red || a_u8(req, t, MPLS_PW_TRACK_A_PW_REDUNDANCY, r));
}

static bool put_value(const struct key *k, struct attr *nest,
		      struct attr **tunnel, char *s)
{
	unsigned int i;
	uint32_t v;

	switch (k->kind) {
	case K_U8:
		return parse_num(s, UINT8_MAX, &v) && a_u8(req, nest, k->type, v);
	case K_U16:
		return parse_num(s, UINT16_MAX, &v) &&
		       a_u16(req, nest, k->type, v);
	case K_U32:
		return parse_num(s, UINT32_MAX, &v) &&
		       a_u32(req, nest, k->type, v);
	case K_ENUM:
		for (i = 0; k->names[i]; i++)
			if (!strcmp(k->names[i], s))
				return a_u8(req, nest, k->type, i);
		return bad_word(k->word, s);
	case K_DEV:
		return parse_dev(s, &v) && a_u32(req, nest, k->type, v);
	case K_PEER:
		return put_addr(nest, MPLS_PW_PW_A_PEER_IPV4,
				MPLS_PW_PW_A_PEER_IPV6, s);
	case K_TUNNEL:
		*tunnel = a_nest(req, nest, k->type);
		return *tunnel && put_tunnel(*tunnel, s);
	case K_LABELS:
		return put_labels(*tunnel, s);
	case K_TRACK:
		nest = a_nest(req, nest, k->type);
		return nest && put_track(nest, s);
	}
	return false;
}

/* "pw add peer 203.0.113.2 vc 100 ..." into req; its cmds[] index or -1 */
static int parse(const char *text)
{
	struct attr *nest, *tunnel = NULL;
	char buf[512], *w[64], *p, *save;
	const struct key *k;
	unsigned int n = 0, i;
	int c;

	snprintf(buf, sizeof(buf), "%s", text);
	for (p = strtok_r(buf, " ", &save); p && n < ARRAY_SIZE(w);
	     p = strtok_r(NULL, " ", &save))
		w[n++] = p;
	for (c = 0; c < (int)ARRAY_SIZE(cmds); c++) {
		size_t len = strlen(cmds[c].name);

		if (n >= 2 && !strncmp(text, cmds[c].name, len) &&
		    text[len] == ' ')
			break;
	}
	if (c == ARRAY_SIZE(cmds)) {
		bad_word("no such command", text);
		return -1;
	}
	req_init(req, cmds[c].cmd);
	nest = a_nest(req, &req->top, cmds[c].nest);
	for (i = 2; i < n; i++) {
		if (!cmds[c].keys) {
			if (!put_key(nest, w[i]))
				return -1;
			continue;
		}
		for (k = cmds[c].keys; k->word; k++)
			if (!strcmp(k->word, w[i]))
				break;
		if (!k->word || i + 1 == n) {
			bad_word("no such key, or no value after it", w[i]);
			return -1;
		}
		if (!put_value(k, nest, &tunnel, w[++i]))
			return -1;
	}
	return c;
}

/* ---- the configuration: read back, compared, put back ---- */

/* The model as text, with the counts NET_GET reports. */
static char *text_of(struct model *m)
{
	m->k_pws = m->npws;
	m->k_acs = m->nacs;
	return conf_text(m);
}

/* The kernel's configuration into @k and as text; NULL if a dump failed. */
static char *read_conf(struct model *k)
{
	if (conf_read(k, 8192)) {
		printf("# reading the configuration failed\n");
		return NULL;
	}
	return conf_text(k);
}

static void show_diff(const char *a, const char *b, const char *what)
{
	char diff[4096];

	conf_diff(a, b, diff, sizeof(diff));
	printf("# %s:\n%s", what, diff);
}

static const char *dev_name(uint32_t ifindex)
{
	struct dev *d = dev_by_ifindex(ifindex);

	return d ? d->name : "?";
}

static const char *addr_text(uint8_t fam, const uint8_t *addr, char *buf)
{
	return inet_ntop(fam == 4 ? AF_INET : AF_INET6, addr, buf,
			 INET6_ADDRSTRLEN);
}

static void key_text(const struct pw_key *k, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, size, "%s/%u", addr_text(k->fam, k->addr, a), k->vc);
}

static void pw_add_text(const struct m_pw *p, char *buf, size_t size)
{
	char peer[INET6_ADDRSTRLEN], via[INET6_ADDRSTRLEN], tun[160], trk[48];
	char labels[96] = "";
	size_t off = 0;
	unsigned int i;

	for (i = 0; i < p->nlabels; i++)
		off += snprintf(labels + off, sizeof(labels) - off, "%s%u",
				i ? "/" : " labels ", p->labels[i]);
	if (p->tun)
		snprintf(tun, sizeof(tun), "%s@%s%s",
			 addr_text(p->via_fam, p->via, via),
			 dev_name(p->tun_if), labels);
	else
		snprintf(tun, sizeof(tun), "fib");
	if (p->trk_if)
		snprintf(trk, sizeof(trk), "%s/%u/%u", dev_name(p->trk_if),
			 p->trk_vrid, p->trk_red);
	else
		snprintf(trk, sizeof(trk), "none");
	snprintf(buf, size,
		 "pw add peer %s vc %u label %u remote %u role %s%s%s cw %u mode %s vid %u ttl %u ignore-standby %u status %u refresh %u admin %u tunnel %s track %s",
		 addr_text(p->key.fam, p->key.addr, peer), p->key.vc,
		 p->llabel, p->rlabel, roles[p->role & 3],
		 p->ifindex ? " dev " : "", p->ifindex ? dev_name(p->ifindex) :
		 "", p->cw, modes[p->mode & 1], p->vid, p->ttl, p->ign,
		 p->status, p->refresh, p->admin, tun, trk);
}

/* Send a request of the undo, without faults; false if it failed. */
static bool undo_send(const char *text)
{
	if (parse(text) < 0)
		return false;
	if (nl_send(req, ans) || !ans->replied || ans->err) {
		printf("# undoing: \"%s\" failed: errno %d%s%s\n", text,
		       ans->replied ? ans->err : ans->sockerr,
		       ans->msg ? ": " : "", ans->msg ? ans->text : "");
		return false;
	}
	return true;
}

static bool same_switch(const struct model *a, int i, const struct model *b)
{
	int j = m_find_pw(b, &a->pw[i].key), pa = a->pw[i].partner, pb;

	if (j < 0)
		return false;
	pb = b->pw[j].partner;
	if (pa < 0 || pb < 0)
		return pa == pb;
	return a->pw[i].first == b->pw[j].first &&
	       !memcmp(&a->pw[pa].key, &b->pw[pb].key, sizeof(struct pw_key));
}

/*
 * Make the kernel's configuration, @k, the model's again: what differs is
 * deleted and made anew, whole. False if a request failed or the result
 * still differs.
 */
static bool restore(struct model *k)
{
	char text[768], key[2][64], *want, *got;
	bool ok = true;
	unsigned int i;
	int j;

	/* switches, PWs and ACs that differ go */
	for (i = 0; i < k->npws; i++) {
		const struct m_pw *p = &k->pw[i];

		if (p->partner < 0 || !p->first || same_switch(k, i, &model))
			continue;
		key_text(&p->key, key[0], sizeof(key[0]));
		key_text(&k->pw[p->partner].key, key[1], sizeof(key[1]));
		snprintf(text, sizeof(text), "switch del %s %s", key[0], key[1]);
		ok &= undo_send(text);
	}
	for (i = 0; i < k->npws; i++) {
		char peer[INET6_ADDRSTRLEN];

		j = m_find_pw(&model, &k->pw[i].key);
		if (j >= 0 && conf_same_pw(&k->pw[i], &model.pw[j]))
			continue;
		snprintf(text, sizeof(text), "pw del peer %s vc %u",
			 addr_text(k->pw[i].key.fam, k->pw[i].key.addr, peer),
			 k->pw[i].key.vc);
		ok &= undo_send(text);
	}
	for (i = 0; i < k->nacs; i++) {
		j = m_find_ac(&model, k->ac[i].ifindex);
		if (j >= 0 && conf_same_ac(&k->ac[i], &model.ac[j]))
			continue;
		snprintf(text, sizeof(text), "ac del dev %s",
			 dev_name(k->ac[i].ifindex));
		ok &= undo_send(text);
	}
	if (!ok || conf_read(k, 8192))
		return false;

	/* the netns limit first, then what is missing is made anew */
	if (k->max_pws != model.max_pws) {
		snprintf(text, sizeof(text), "net set max-pws %u",
			 model.max_pws);
		ok &= undo_send(text);
	}
	for (i = 0; i < model.nacs; i++) {
		const struct m_ac *c = &model.ac[i];

		if (m_find_ac(k, c->ifindex) >= 0)
			continue;
		snprintf(text, sizeof(text),
			 "ac add dev %s redundancy master state %s dual-receive %u arp-dual-send %u arp-expire %u nd-dual-send %u nd-expire %u reroute %s reroute-delay %u holdoff %u",
			 dev_name(c->ifindex), ac_states[c->state & 1], c->dual,
			 c->arp, c->arp_exp, c->nd, c->nd_exp,
			 reroutes[c->reroute % 3], c->delay, c->holdoff);
		ok &= undo_send(text);
		if (c->red == MPLS_PW_REDUNDANCY_INDEPENDENT) {
			snprintf(text, sizeof(text),
				 "ac set dev %s redundancy independent",
				 dev_name(c->ifindex));
			ok &= undo_send(text);
		}
	}
	for (i = 0; i < model.npws; i++) {
		if (m_find_pw(k, &model.pw[i].key) >= 0)
			continue;
		pw_add_text(&model.pw[i], text, sizeof(text));
		ok &= undo_send(text);
	}
	for (i = 0; i < model.npws; i++) {
		const struct m_pw *p = &model.pw[i];

		j = m_find_pw(k, &p->key);
		if (p->partner < 0 || !p->first ||
		    (j >= 0 && same_switch(&model, i, k)))
			continue;
		key_text(&p->key, key[0], sizeof(key[0]));
		key_text(&model.pw[p->partner].key, key[1], sizeof(key[1]));
		snprintf(text, sizeof(text), "switch add %s %s", key[0], key[1]);
		ok &= undo_send(text);
	}

	/* VRRP groups and MPLS input: set as the model has them */
	for (i = 0; i < k->nvrrps; i++) {
		const struct m_vrrp *v = &k->vrrp[i];
		unsigned int x;

		for (x = 0; x < model.nvrrps; x++)
			if (model.vrrp[x].ifindex == v->ifindex &&
			    model.vrrp[x].vrid == v->vrid)
				break;
		if (x == model.nvrrps)
			snprintf(text, sizeof(text), "vrrp del dev %s vrid %u",
				 dev_name(v->ifindex), v->vrid);
		else if (model.vrrp[x].state != v->state)
			snprintf(text, sizeof(text),
				 "vrrp set dev %s vrid %u state %s",
				 dev_name(v->ifindex), v->vrid,
				 vrrp_states[model.vrrp[x].state & 1]);
		else
			continue;
		ok &= undo_send(text);
	}
	for (i = 0; i < model.nvrrps; i++) {
		const struct m_vrrp *v = &model.vrrp[i];
		unsigned int x;

		for (x = 0; x < k->nvrrps; x++)
			if (k->vrrp[x].ifindex == v->ifindex &&
			    k->vrrp[x].vrid == v->vrid)
				break;
		if (x < k->nvrrps)
			continue;
		snprintf(text, sizeof(text), "vrrp set dev %s vrid %u state %s",
			 dev_name(v->ifindex), v->vrid,
			 vrrp_states[v->state & 1]);
		ok &= undo_send(text);
	}
	for (i = 0; i < ndevs; i++) {
		bool in_k = false, in_m = false;
		unsigned int x;

		for (x = 0; x < k->nlinks; x++)
			in_k |= k->link[x] == devs[i].ifindex;
		for (x = 0; x < model.nlinks; x++)
			in_m |= model.link[x] == devs[i].ifindex;
		if (in_k == in_m)
			continue;
		snprintf(text, sizeof(text), "link set dev %s mpls-input %u",
			 devs[i].name, in_m);
		ok &= undo_send(text);
	}

	want = text_of(&model);
	got = read_conf(k);
	if (got && strcmp(want, got)) {
		show_diff(want, got,
			  "undoing left the configuration other than the model; - model, + kernel");
		ok = false;
	}
	free(want);
	free(got);
	return ok && got;
}

/* ---- the requests ---- */

/*
 * Each creates or changes something the one before left; together they
 * make every command, every PW role, both peer families, the control word,
 * status signalling, tagged mode (VID or VLAN AC), tunnels by label stack
 * and by the FIB, switches (one deleted with a PW of it), VRRP tracking.
 */
static const char *const cases[] = {
	"net set max-pws 100",
	"link set dev core0 mpls-input 1",
	"ac add dev ac0",
	"ac add dev ac1 redundancy independent state standby",
	"ac add dev ac2 dual-receive 1 arp-dual-send 1 arp-expire 300 nd-dual-send 1 nd-expire 600 reroute never holdoff 30",
	"ac add dev vl0",
	"ac set dev ac0 reroute-delay 60 holdoff 10 arp-dual-send 1",
	"pw add peer 203.0.113.2 vc 100 label 1000 remote 2000 dev ac0 role primary tunnel 198.51.100.2@core0 labels 100",
	"pw add peer 2001:db8:ff::3 vc 101 label 1001 remote 2001 dev ac0 role secondary cw 1 status 1 refresh 30 tunnel 2001:db8:1::2@core0 labels 101/102",
	"pw add peer 203.0.113.4 vc 102 label 1002 remote 2002 dev ac0 role bypass cw 1",
	"pw add peer 203.0.113.2 vc 103 label 1003 remote 2003 dev ac2 mode tagged vid 100 ttl 64 ignore-standby 1",
	"pw add peer 203.0.113.2 vc 104 label 1004 remote 2004 dev vl0 mode tagged",
	"pw add peer 203.0.113.5 vc 200 label 1100 remote 2100 tunnel 198.51.100.2@core0 labels 200",
	"pw add peer 2001:db8:ff::6 vc 201 label 1101 remote 2101 cw 1",
	"switch add 203.0.113.5/200 2001:db8:ff::6/201",
	"vrrp set dev ac1 vrid 1 state master",
	"vrrp set dev ac1 vrid 1 state backup",
	"pw add peer 203.0.113.7 vc 105 label 1005 remote 2005 dev ac1 track ac1/1/1 admin 0",
	"pw set peer 203.0.113.2 vc 100 remote 2010 cw 1 tunnel 198.51.100.2@core0 labels 110/111",
	"pw set peer 203.0.113.2 vc 100 label 1010 ttl 100",
	"pw set peer 2001:db8:ff::3 vc 101 status 0 cw 0 remote-status standby",
	"pw set peer 203.0.113.4 vc 102 dev ac1 role secondary",
	"pw set peer 203.0.113.7 vc 105 track none admin 1",
	"pw set peer 2001:db8:ff::6 vc 201 tunnel 198.51.100.2@core0",
	"pw set peer 203.0.113.2 vc 103 tunnel fib mode raw",
	"ac set dev ac1 redundancy master state active reroute immediately",
	"link set dev ac3 mpls-input 1",
	"switch del 203.0.113.5/200 2001:db8:ff::6/201",
	"switch add 2001:db8:ff::6/201 203.0.113.5/200",
	"vrrp del dev ac1 vrid 1",
	"pw del peer 2001:db8:ff::3 vc 101",
	"pw del peer 203.0.113.5 vc 200",
	"ac del dev ac2",
	"ac del dev ac0",
	"link set dev core0 mpls-input 0",
	"net set max-pws 4096",
};

static void refused_changed(const char *text, unsigned long n,
			    const char *before, const char *got)
{
	n_half++;
	printf("# \"%s\" with fault point %lu failing: refused with errno %d (%s) and the configuration changed\n",
	       text, n, ans->err, ans->msg ? ans->text : "no extack");
	show_diff(before, got, "- before, + after");
}

/* One request, n = 1, 2, ... until it passes every fault point it has. */
static void run_case(const char *text)
{
	char *before, *predicted, *got = NULL;
	struct tally *t, mine = { 0 };
	struct model k;
	unsigned long n;
	int c, want, rc;
	bool injected;

	n_cases++;
	c = parse(text);
	after = model;
	want = 0;
	if (c < 0 || model_run(&after, req, &want) != V_OK) {
		printf("# \"%s\": not a request the model lets through (errno %d)\n",
		       text, want);
		n_unreached++;
		return;
	}
	t = &per_cmd[c];
	mine.reqs = 1;
	before = text_of(&model);
	predicted = text_of(&after);
	for (n = 1; n <= max_n; n++) {
		free(got);
		parse(text);
		fn_arm(n);
		rc = nl_send(req, ans);
		injected = fn_injected();
		got = read_conf(&k);
		if (!got) {
			n_unreached++;
			break;
		}
		if (!injected) {
			if (rc || !ans->replied || ans->err) {
				printf("# \"%s\" without a fault: errno %d%s%s\n",
				       text, ans->replied ? ans->err :
				       ans->sockerr, ans->msg ? ": " : "",
				       ans->msg ? ans->text : "");
				n_unreached++;
			} else if (strcmp(predicted, got)) {
				n_unreached++;
				show_diff(predicted, got,
					  "the configuration differs from the model; - model, + kernel");
			}
			break;
		}
		mine.points++;
		if ((ans->replied && ans->err) ||
		    (!ans->replied && !ans->sockerr && ans->err)) {
			/* in the ack, or from sendmsg */
			tally_errno(&mine, ans->err);
			if (!strcmp(before, got))
				continue;
			refused_changed(text, n, before, got);
		} else if (rc && ans->sockerr == ENOBUFS) {
			mine.acklost++;
			if (strcmp(predicted, got)) {
				n_bad_answer++;
				printf("# \"%s\" with fault point %lu failing: the ack lost (ENOBUFS), the change not made whole\n",
				       text, n);
				show_diff(predicted, got, "- model, + kernel");
			}
		} else if (!rc && ans->replied) {
			mine.absorbed++;
			if (strcmp(predicted, got)) {
				n_bad_answer++;
				printf("# \"%s\" with fault point %lu failing: success, but not as the model says\n",
				       text, n);
				show_diff(predicted, got, "- model, + kernel");
			}
		} else {
			n_bad_answer++;
			printf("# \"%s\" with fault point %lu failing: no answer (errno %d)\n",
			       text, n, ans->sockerr);
		}
		if (!restore(&k)) {
			n_restore_bad++;
			n_unreached++;
			break;
		}
	}
	if (n > max_n) {
		printf("# \"%s\": still a fault at point %lu\n", text, max_n);
		n_unreached++;
	}
	tally_print(&mine, text);
	if (mine.points > n_high)
		n_high = mine.points;
	tally_add(t, &mine);
	/* on from what the kernel has, whatever happened */
	if (got && !strcmp(predicted, got))
		model = after;
	else if (conf_read(&k, 8192) == 0)
		model = k;
	free(got);
	free(before);
	free(predicted);
}

/* Each command's figures and all of them; the per-command ones summed. */
static void print_figures(struct tally *all)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		const struct tally *t = &per_cmd[i];
		char what[64];

		snprintf(what, sizeof(what), "%s (%lu requests)", cmds[i].name,
			 t->reqs);
		tally_print(t, what);
		tally_add(all, t);
		if (!t->reqs) {
			printf("# %s: no request\n", cmds[i].name);
			n_unreached++;
		}
	}
	tally_print(all, "all");
	printf("# most fault points in one request: %lu\n", n_high);
}

/*
 * --module: each command that allocates in the module had a fault point
 * there and a request refused with ENOMEM; the number of those that had
 * not.
 */
static unsigned long module_unreached(void)
{
	unsigned long bad = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		const struct tally *t = &per_cmd[i];

		if (!cmds[i].allocs || (t->points && t->err[ENOMEM]))
			continue;
		printf("# %s: %lu fault points, %lu refused with ENOMEM: its allocations in mpls_pw not failed\n",
		       cmds[i].name, t->points, t->err[ENOMEM]);
		bad++;
	}
	return bad;
}

static int print_results(const struct tally *all, bool final_ok,
			 bool module)
{
	unsigned long unfailed = module ? module_unreached() : 0;

	printf("%sok 1 each injected failure answered, a request that still succeeded made whole: %lu refused, %lu absorbed, %lu acks lost, %lu wrong\n",
	       n_bad_answer ? "not " : "", all->refused, all->absorbed,
	       all->acklost, n_bad_answer);
	printf("%sok 2 the configuration unchanged after each refused request: %lu changed\n",
	       n_half ? "not " : "", n_half);
	printf("%sok 3 every request reached success as the model said: %lu of %lu, n up to %lu\n",
	       n_unreached ? "not " : "", n_cases - n_unreached, n_cases,
	       n_high + 1);
	printf("%sok 4 each absorbed change undone, the configuration dump equals the model: %lu undo failures\n",
	       n_restore_bad || !final_ok ? "not " : "", n_restore_bad);
	if (module)
		printf("%sok 5 each command that allocates in mpls_pw refused with ENOMEM there: %lu not\n",
		       unfailed ? "not " : "", unfailed);
	return n_bad_answer || n_half || n_unreached || n_restore_bad ||
	       !final_ok || unfailed ? 1 : 0;
}

/* The kernel's configuration is the model's: true if so. */
static bool conf_is_model(void)
{
	char *want = text_of(&model), *got;
	struct model k;
	bool same;

	got = read_conf(&k);
	same = got && !strcmp(want, got);
	free(want);
	free(got);
	return same;
}

static int run_requests(bool module)
{
	const char *where = module ? ", faults only under mpls_pw" : "";
	struct tally all = { 0 };
	unsigned int i;

	printf("TAP version 13\n1..%d\n", module ? 5 : 4);
	printf("# fail-nth: %zu requests, %u devices%s\n", ARRAY_SIZE(cases),
	       ndevs, where);
	if (nl_open() || nl_family()) {
		printf("# no mpls_pw generic netlink family\n");
		return 1;
	}
	/* an answer that never comes is a failure, not a hang */
	nl_timeout(60);
	model_init(&model);
	if (!conf_is_model()) {
		printf("# the netns is not empty at the start\n");
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(cases[i]);
	print_figures(&all);
	return print_results(&all, conf_is_model(), module);
}

/* ---- netns creation ---- */

struct try {
	int rc;			/* 0 or the errno */
	bool injected;
	int works;		/* 0: the family answers NET_GET there */
};

/* The family answers in the current netns: 0, else an errno (-1). */
static int family_works(void)
{
	struct answer *a = malloc(sizeof(*a));
	struct req *r = malloc(sizeof(*r));
	int rc = -1;

	if (!a || !r)
		exit(2);
	nl_close();
	if (!nl_open() && !nl_family()) {
		req_init(r, MPLS_PW_CMD_NET_GET);
		if (!nl_send(r, a) && a->replied)
			rc = a->err ? a->err : a->reply_len ? 0 : -1;
	}
	nl_close();
	free(a);
	free(r);
	return rc;
}

static void netns_child(unsigned long n, int fd)
{
	struct try t = { 0 };

	fn_open();
	fn_arm(n);
	t.rc = unshare(CLONE_NEWNET) ? errno : 0;
	t.injected = fn_injected();
	if (!t.rc)
		t.works = family_works();
	if (write(fd, &t, sizeof(t)) != sizeof(t))
		_exit(1);
	_exit(0);
}

static int run_netns(void)
{
	struct tally t = { 0 };
	unsigned long n, bad = 0;
	bool done = false;

	printf("TAP version 13\n1..1\n");
	for (n = 1; n <= max_n && !done && !bad; n++) {
		struct try r;
		int p[2], status;
		pid_t pid;

		if (pipe(p))
			exit(2);
		pid = fork();
		if (pid < 0)
			exit(2);
		if (!pid)
			netns_child(n, p[1]);
		close(p[1]);
		if (read(p[0], &r, sizeof(r)) != sizeof(r)) {
			printf("# fault point %lu: the child died\n", n);
			bad++;
		}
		close(p[0]);
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			printf("# fault point %lu: the child ended with status 0x%x\n",
			       n, status);
			bad++;
		}
		if (bad)
			break;
		if (verbose)
			printf("# fault point %lu: %s, unshare errno %d, NET_GET %d\n",
			       n, r.injected ? "injected" : "not reached",
			       r.rc, r.works);
		if (!r.injected) {
			done = true;
			if (r.rc || r.works) {
				printf("# without a fault: unshare errno %d, NET_GET %d\n",
				       r.rc, r.works);
				bad++;
			}
			break;
		}
		t.points++;
		if (r.rc) {
			tally_errno(&t, r.rc);
		} else {
			t.absorbed++;
			if (r.works) {
				printf("# fault point %lu absorbed, but NET_GET in the new netns: %d\n",
				       n, r.works);
				bad++;
			}
		}
	}
	if (!done && !bad)
		printf("# still a fault at point %lu\n", max_n);
	tally_print(&t, "netns creation");
	if (!t.points) {
		printf("# netns creation passed no fault point\n");
		bad++;
	}
	printf("%sok 1 netns creation with each fault point failing, then created: %lu points, %lu refused, %lu absorbed\n",
	       done && !bad ? "" : "not ", t.points, t.refused, t.absorbed);
	return done && !bad ? 0 : 1;
}

/* ---- module load ---- */

static bool module_there(void)
{
	return access("/sys/module/mpls_pw", F_OK) == 0;
}

static int run_ko(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc, works;
	struct tally t = { 0 };
	unsigned long n, bad = 0;
	bool done = false, injected;

	printf("TAP version 13\n1..1\n");
	if (fd < 0 || module_there()) {
		printf("# %s: %s\n", path, fd < 0 ? strerror(errno) :
		       "mpls_pw is loaded already");
		printf("not ok 1 module load with each fault point failing\n");
		return 1;
	}
	fn_open();
	for (n = 1; n <= max_n && !bad; n++) {
		fn_arm(n);
		rc = syscall(SYS_finit_module, fd, "", 0) ? errno : 0;
		injected = fn_injected();
		works = rc ? -1 : family_works();
		if (verbose)
			printf("# fault point %lu: %s, finit_module errno %d, NET_GET %d\n",
			       n, injected ? "injected" : "not reached", rc,
			       works);
		if (!injected) {
			done = true;
			if (rc || works) {
				printf("# without a fault: finit_module errno %d, NET_GET %d\n",
				       rc, works);
				bad++;
			}
			break;
		}
		t.points++;
		if (rc) {
			tally_errno(&t, rc);
			if (module_there()) {
				printf("# fault point %lu: finit_module failed (errno %d) but the module is there\n",
				       n, rc);
				bad++;
			}
			continue;
		}
		t.absorbed++;
		if (works) {
			printf("# fault point %lu absorbed, but NET_GET: %d\n",
			       n, works);
			bad++;
		}
		if (syscall(SYS_delete_module, "mpls_pw", O_NONBLOCK)) {
			printf("# fault point %lu absorbed, then delete_module: %s\n",
			       n, strerror(errno));
			bad++;
		}
	}
	close(fd);
	if (!done && !bad)
		printf("# still a fault at point %lu\n", max_n);
	tally_print(&t, "module load");
	if (!t.points) {
		printf("# module load passed no fault point\n");
		bad++;
	} else if (!t.refused) {
		printf("# no load refused: no error path of the load ran\n");
		bad++;
	}
	printf("%sok 1 module load with each fault point failing, then loaded: %lu points, %lu refused, %lu absorbed\n",
	       done && !bad ? "" : "not ", t.points, t.refused, t.absorbed);
	return done && !bad ? 0 : 1;
}

int failnth_main(bool netns, const char *ko, bool module, unsigned long max)
{
	cpu_set_t cpus;

	if (max)
		max_n = max;
	req = malloc(sizeof(*req));
	ans = calloc(1, sizeof(*ans));
	if (!req || !ans)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	/*
	 * On one CPU: the slab's per-CPU caches, whose refills are fault
	 * points too (unless the stack filter keeps them out), then change
	 * less from one try to the next.
	 */
	CPU_ZERO(&cpus);
	CPU_SET(sched_getcpu(), &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	if (access("/proc/thread-self/fail-nth", W_OK)) {
		printf("TAP version 13\n1..0 # SKIP no /proc/thread-self/fail-nth: a kernel without CONFIG_FAULT_INJECTION\n");
		return 4;
	}
	if (ko)
		return run_ko(ko);
	if (netns)
		return run_netns();
	fn_open();
	return run_requests(module);
}
