// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink plumbing: one generic netlink socket, the "mpls_pw" family and
 * its "events" group resolved through nlctrl, requests sent with
 * NLM_F_ACK and the kernel's extack text passed on to the user.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "pwctl.h"

static struct {
	struct mnl_socket *sk;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t mcgrp;		/* "events", 0 when the family has none */
	bool dump_intr;
	const struct nlmsghdr *sent;	/* for NLMSGERR_ATTR_OFFS */
} nl;

static char rxbuf[NL_BUF_SIZE] __attribute__((aligned(8)));

/* ---- attributes ---- */

struct tb_ctx {
	const struct nlattr **tb;
	unsigned int max;
};

static int tb_cb(const struct nlattr *attr, void *data)
{
	struct tb_ctx *ctx = data;
	unsigned int type = mnl_attr_get_type(attr);

	/* Unknown (newer) attributes are skipped, not an error. */
	if (type <= ctx->max)
		ctx->tb[type] = attr;
	return MNL_CB_OK;
}

int nl_parse_nest(const struct nlattr *nest, const struct nlattr **tb,
		  unsigned int max)
{
	struct tb_ctx ctx = { tb, max };

	memset(tb, 0, sizeof(*tb) * (max + 1));
	if (!nest)
		return -EINVAL;
	return mnl_attr_parse_nested(nest, tb_cb, &ctx) < 0 ? -EINVAL : 0;
}

int nl_parse_msg(const struct nlmsghdr *nlh, const struct nlattr **tb,
		 unsigned int max)
{
	struct tb_ctx ctx = { tb, max };

	memset(tb, 0, sizeof(*tb) * (max + 1));
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), tb_cb,
			      &ctx) < 0 ? -EINVAL : 0;
}

uint8_t nl_genl_cmd(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	return g->cmd;
}

/*
 * The first @len bytes of @a's payload, in host order. Copied rather than
 * loaded: a u64 is not necessarily 8-byte aligned.
 */
static bool nl_copy(const struct nlattr *a, void *v, size_t len)
{
	if (!a || mnl_attr_get_payload_len(a) < len)
		return false;
	memcpy(v, mnl_attr_get_payload(a), len);
	return true;
}

bool nl_u8(const struct nlattr *a, uint8_t *v)
{
	return nl_copy(a, v, sizeof(*v));
}

bool nl_u16(const struct nlattr *a, uint16_t *v)
{
	return nl_copy(a, v, sizeof(*v));
}

bool nl_u32(const struct nlattr *a, uint32_t *v)
{
	return nl_copy(a, v, sizeof(*v));
}

bool nl_u64(const struct nlattr *a, uint64_t *v)
{
	return nl_copy(a, v, sizeof(*v));
}

bool nl_str(const struct nlattr *a, char *buf, size_t len)
{
	size_t n;

	if (!a || !len)
		return false;
	n = mnl_attr_get_payload_len(a);
	n = strnlen(mnl_attr_get_payload(a), n);
	if (n >= len)
		n = len - 1;
	memcpy(buf, mnl_attr_get_payload(a), n);
	buf[n] = '\0';
	return true;
}

/* ---- errors ---- */

static void nl_extack(const struct nlmsghdr *nlh, size_t off, int error)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct tb_ctx ctx = { tb, NLMSGERR_ATTR_MAX };
	const char *pfx = error ? "Error" : "Warning";
	uint32_t v;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	memset(tb, 0, sizeof(tb));
	if (mnl_attr_parse(nlh, (unsigned int)off, tb_cb, &ctx) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG]) {
		char msg[512];

		nl_str(tb[NLMSGERR_ATTR_MSG], msg, sizeof(msg));
		fprintf(stderr, "%s: %s\n", pfx, msg);
		return;
	}
	if (!error)
		return;
	if (nl_u32(tb[NLMSGERR_ATTR_MISS_TYPE], &v)) {
		fprintf(stderr, "Error: missing attribute (type %u)\n", v);
	} else if (nl_u32(tb[NLMSGERR_ATTR_OFFS], &v)) {
		const struct nlattr *bad = NULL;

		if (nl.sent && v + sizeof(*bad) <= nl.sent->nlmsg_len)
			bad = (const void *)((const char *)nl.sent + v);
		if (bad)
			fprintf(stderr, "Error: invalid attribute (type %u)\n",
				mnl_attr_get_type(bad));
		else
			fprintf(stderr, "Error: invalid attribute\n");
	}
}

static int nl_error_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*err);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err)))
		return -EBADMSG;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	nl_extack(nlh, off, err->error);
	return err->error;
}

static int nl_done_msg(const struct nlmsghdr *nlh)
{
	int err = 0;

	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int)))
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	nl_extack(nlh, sizeof(int), err);
	return err;
}

/* ---- socket ---- */

static void nl_setopt(int opt)
{
	int one = 1;

	/* Older kernels lack some of these; run without them. */
	mnl_socket_setsockopt(nl.sk, opt, &one, sizeof(one));
}

struct family_ctx {
	uint16_t id;
	uint32_t mcgrp;
};

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct family_ctx *f = data;
	const struct nlattr *grp;

	if (nl_parse_msg(nlh, tb, CTRL_ATTR_MAX) ||
	    !nl_u16(tb[CTRL_ATTR_FAMILY_ID], &f->id))
		return -EBADMSG;
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	mnl_attr_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS]) {
		const struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];
		char name[GENL_NAMSIZ];

		if (nl_parse_nest(grp, gtb, CTRL_ATTR_MCAST_GRP_MAX) ||
		    !nl_str(gtb[CTRL_ATTR_MCAST_GRP_NAME], name, sizeof(name)))
			continue;
		if (!strcmp(name, MPLS_PW_MCGRP_EVENTS))
			nl_u32(gtb[CTRL_ATTR_MCAST_GRP_ID], &f->mcgrp);
	}
	return 0;
}

static int nl_roundtrip(struct nlmsghdr *nlh, nl_cb_t cb, void *data);

int nl_open(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct family_ctx fam = { 0, 0 };
	struct genlmsghdr *g;
	struct nlmsghdr *nlh;
	int err;

	if (nl.family)
		return 0;
	if (!nl.sk) {
		nl.sk = mnl_socket_open(NETLINK_GENERIC);
		if (!nl.sk)
			return run_err("cannot open netlink socket: %s",
				       strerror(errno));
		if (mnl_socket_bind(nl.sk, 0, MNL_SOCKET_AUTOPID) < 0) {
			err = errno;
			nl_close();
			return run_err("cannot bind netlink socket: %s",
				       strerror(err));
		}
		nl.portid = mnl_socket_get_portid(nl.sk);
		nl.seq = (uint32_t)time(NULL);
		nl_setopt(NETLINK_EXT_ACK);
		nl_setopt(NETLINK_GET_STRICT_CHK);
		nl_setopt(NETLINK_CAP_ACK);
	}

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MPLS_PW_GENL_NAME);

	err = nl_roundtrip(nlh, family_cb, &fam);
	if (err == -ENOENT) {
		fprintf(stderr, "pwctl: %s module not loaded (generic netlink family \"%s\" not found)\n",
			MPLS_PW_GENL_NAME, MPLS_PW_GENL_NAME);
		return EXIT_FAIL;
	}
	if (err || !fam.id)
		return run_err("cannot resolve generic netlink family \"%s\": %s",
			       MPLS_PW_GENL_NAME,
			       strerror(err ? -err : EBADMSG));
	nl.family = fam.id;
	nl.mcgrp = fam.mcgrp;
	return 0;
}

void nl_close(void)
{
	if (nl.sk)
		mnl_socket_close(nl.sk);
	memset(&nl, 0, sizeof(nl));
}

struct nlmsghdr *nl_msg(void *buf, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = MPLS_PW_GENL_VERSION;
	return nlh;
}

bool nl_dump_intr(void)
{
	return nl.dump_intr;
}

/*
 * Walks one buffer of replies. Returns 1 to keep reading, 0 when the
 * request is complete (ACK or NLMSG_DONE), or -errno. A failing callback
 * does not stop the walk: the rest of the dump is drained so the socket
 * stays usable, and the first error is returned at the end.
 */
static int nl_walk(const void *buf, size_t len, uint32_t seq, nl_cb_t cb,
		   void *data, int *cb_err)
{
	const struct nlmsghdr *nlh = buf;
	int ret, rem = (int)len;

	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
		if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != nl.portid)
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			nl.dump_intr = true;
		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
			continue;
		case NLMSG_ERROR:
			return nl_error_msg(nlh);
		case NLMSG_DONE:
			return nl_done_msg(nlh);
		case NLMSG_OVERRUN:
			return -ENOBUFS;
		}
		if (cb && !*cb_err) {
			ret = cb(nlh, data);
			if (ret < 0)
				*cb_err = ret;
		}
		if (!(nlh->nlmsg_flags & NLM_F_MULTI) &&
		    !(nl.sent->nlmsg_flags & NLM_F_ACK))
			return 0;
	}
	return 1;
}

static int nl_roundtrip(struct nlmsghdr *nlh, nl_cb_t cb, void *data)
{
	uint32_t seq = ++nl.seq;
	int ret = 1, cb_err = 0;
	ssize_t len;

	nlh->nlmsg_seq = seq;
	nl.sent = nlh;
	nl.dump_intr = false;
	if (mnl_socket_sendto(nl.sk, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	do {
		len = mnl_socket_recvfrom(nl.sk, rxbuf, sizeof(rxbuf));
		if (len < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			goto out;
		}
		ret = nl_walk(rxbuf, (size_t)len, seq, cb, data, &cb_err);
	} while (ret > 0);
	if (!ret)
		ret = cb_err;
out:
	nl.sent = NULL;
	return ret;
}

int nl_request(struct nlmsghdr *nlh, nl_cb_t cb, void *data)
{
	int err;

	if (nl_open())
		return -ENOENT;
	nlh->nlmsg_type = nl.family;
	err = nl_roundtrip(nlh, cb, data);
	if (err < 0)
		run_err("%s%s%s", cur_cmd ? cur_cmd : "",
			cur_cmd ? ": " : "", strerror(-err));
	return err;
}

/* Notifications: every message of the family, until an error. */
int nl_monitor(nl_cb_t cb, void *data)
{
	int size = 4 * 1024 * 1024;
	ssize_t len;

	if (nl_open())
		return -ENOENT;
	if (!nl.mcgrp) {
		run_err("family \"%s\" has no \"%s\" multicast group",
			MPLS_PW_GENL_NAME, MPLS_PW_MCGRP_EVENTS);
		return -ENOENT;
	}
	if (setsockopt(mnl_socket_get_fd(nl.sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &size, sizeof(size)) < 0)
		setsockopt(mnl_socket_get_fd(nl.sk), SOL_SOCKET, SO_RCVBUF,
			   &size, sizeof(size));
	if (mnl_socket_setsockopt(nl.sk, NETLINK_ADD_MEMBERSHIP, &nl.mcgrp,
				  sizeof(nl.mcgrp)) < 0) {
		int err = errno;

		run_err("cannot join the \"%s\" group: %s",
			MPLS_PW_MCGRP_EVENTS, strerror(err));
		return -err;
	}
	for (;;) {
		const struct nlmsghdr *nlh = (const void *)rxbuf;
		int rem;

		len = mnl_socket_recvfrom(nl.sk, rxbuf, sizeof(rxbuf));
		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				fprintf(stderr, "pwctl: monitor: events lost (receive buffer overrun)\n");
				continue;
			}
			run_err("monitor: %s", strerror(errno));
			return -errno;
		}
		rem = (int)len;
		for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_type != nl.family ||
			    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct genlmsghdr)))
				continue;
			if (cb(nlh, data) < 0)
				return 0;
		}
	}
}
