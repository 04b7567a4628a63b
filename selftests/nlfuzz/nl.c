// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: the netlink sockets. Requests go out on one socket and wait for
 * their ack (with the extack the kernel adds: NETLINK_EXT_ACK, acks capped
 * so that an oversized request does not come back whole); dumps run on
 * another, read in steps with a small buffer, so that changes can be made
 * between two steps.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nlfuzz.h"

static struct mnl_socket *req_sk, *dump_sk;
static uint16_t family_id;
static uint32_t seq_next = 1;
/* big enough for a request of two 64 KiB attributes; words: aligned */
static uint64_t txwords[160 * 1024 / 8];
static uint64_t rxwords[64 * 1024 / 8];
/* a dump's reads: never more than 8 KiB asked for on that socket */
static uint64_t dumpwords[8192 / 8];
#define txbuf	((uint8_t *)txwords)
#define rxbuf	((uint8_t *)rxwords)
#define dumpbuf	((uint8_t *)dumpwords)

uint32_t nl_seq(void)
{
	return seq_next++;
}

uint16_t nl_family_id(void)
{
	return family_id;
}

static struct mnl_socket *nl_socket(void)
{
	struct mnl_socket *sk = mnl_socket_open(NETLINK_GENERIC);
	int one = 1;

	if (!sk) {
		perror("mnl_socket_open");
		return NULL;
	}
	if (mnl_socket_bind(sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mnl_socket_bind");
		mnl_socket_close(sk);
		return NULL;
	}
	if (mnl_socket_setsockopt(sk, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    mnl_socket_setsockopt(sk, NETLINK_CAP_ACK, &one, sizeof(one)))
		perror("NETLINK_EXT_ACK / NETLINK_CAP_ACK");
	/* not every kernel has it for genetlink: no error if it is missing */
	mnl_socket_setsockopt(sk, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
	return sk;
}

int nl_open(void)
{
	req_sk = nl_socket();
	dump_sk = nl_socket();
	return req_sk && dump_sk ? 0 : -1;
}

void nl_timeout(int seconds)
{
	struct timeval tv = { .tv_sec = seconds };

	if (setsockopt(mnl_socket_get_fd(req_sk), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)) ||
	    setsockopt(mnl_socket_get_fd(dump_sk), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)))
		perror("SO_RCVTIMEO");
}

void nl_close(void)
{
	if (req_sk)
		mnl_socket_close(req_sk);
	if (dump_sk)
		mnl_socket_close(dump_sk);
	req_sk = NULL;
	dump_sk = NULL;
}

/* The extack attributes after a capped nlmsgerr. */
static void parse_ack(const struct nlmsghdr *nlh, struct answer *ans)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	size_t off;

	ans->err = -e->error;
	ans->replied = true;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	mnl_attr_for_each(a, nlh, off) {
		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			ans->msg = true;
			snprintf(ans->text, sizeof(ans->text), "%.*s",
				 (int)mnl_attr_get_payload_len(a),
				 (const char *)mnl_attr_get_payload(a));
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			ans->miss = true;
			ans->miss_type = mnl_attr_get_u32(a);
			break;
		}
	}
}

/*
 * Wait for the answer to @seq: an ack (NLMSG_ERROR), or the DONE of a
 * dump (a flag made the request one). Anything else with that sequence
 * number is a reply (kept) or an echo (NLM_F_ECHO: skipped).
 */
static int nl_wait(uint32_t seq, struct answer *ans)
{
	const struct nlmsghdr *nlh;
	ssize_t len;
	int left;

	for (;;) {
		len = mnl_socket_recvfrom(req_sk, rxbuf, sizeof(rxwords));
		if (len < 0) {
			/* ENOBUFS: a message to us was lost (an ack that
			 * could not be allocated)
			 */
			ans->sockerr = errno;
			if (errno != ENOBUFS)
				perror("recv");
			return -1;
		}
		left = (int)len;
		for (nlh = (struct nlmsghdr *)rxbuf; mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				parse_ack(nlh, ans);
				return 0;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int *v = mnl_nlmsg_get_payload(nlh);

				ans->err = nlh->nlmsg_len >= NLMSG_LENGTH(4) ?
					   -*v : 0;
				ans->replied = true;
				return 0;
			}
			if (nlh->nlmsg_type == family_id &&
			    !(nlh->nlmsg_flags & NLM_F_MULTI) &&
			    nlh->nlmsg_len <= sizeof(ans->reply)) {
				memcpy(ans->reply, nlh, nlh->nlmsg_len);
				ans->reply_len = nlh->nlmsg_len;
			}
		}
	}
}

int nl_send_raw(const uint8_t *buf, size_t len, uint32_t seq,
		struct answer *ans)
{
	memset(ans, 0, offsetof(struct answer, reply));
	ans->reply_len = 0;
	if (mnl_socket_sendto(req_sk, buf, len) < 0) {
		ans->err = errno;
		ans->replied = false;
		return 0;
	}
	return nl_wait(seq, ans);
}

int nl_send(const struct req *r, struct answer *ans)
{
	uint32_t seq = nl_seq();
	size_t len = req_write(r, family_id, seq, txbuf, sizeof(txwords));

	if (!(r->flags & NLM_F_REQUEST) && !(r->flags & NLM_F_ACK)) {
		/* nothing would answer: not sent that way */
		return -1;
	}
	return nl_send_raw(txbuf, len, seq, ans);
}

/* The id of the "mpls_pw" family. */
int nl_family(void)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	struct nlattr *a;
	uint32_t seq = nl_seq();
	ssize_t len;
	int left;

	nlh = mnl_nlmsg_put_header(txbuf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MPLS_PW_GENL_NAME);
	if (mnl_socket_sendto(req_sk, nlh, nlh->nlmsg_len) < 0)
		return -1;
	len = mnl_socket_recvfrom(req_sk, rxbuf, sizeof(rxwords));
	if (len < 0)
		return -1;
	left = (int)len;
	for (nlh = (struct nlmsghdr *)rxbuf; mnl_nlmsg_ok(nlh, left);
	     nlh = mnl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_type == NLMSG_ERROR)
			return -1;
		mnl_attr_for_each(a, nlh, GENL_HDRLEN)
			if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
				family_id = mnl_attr_get_u16(a);
	}
	return family_id ? 0 : -1;
}

/* ---- dumps ---- */

int dump_begin(struct dump *d, const struct req *r, size_t bufsz,
	       void (*cb)(const struct nlmsghdr *nlh, void *arg), void *arg)
{
	size_t len;

	memset(d, 0, sizeof(*d));
	d->seq = nl_seq();
	d->bufsz = bufsz > sizeof(dumpwords) ? sizeof(dumpwords) : bufsz;
	d->cb = cb;
	d->arg = arg;
	len = req_write(r, family_id, d->seq, txbuf, sizeof(txwords));
	if (mnl_socket_sendto(dump_sk, txbuf, len) < 0) {
		perror("send (dump)");
		return -1;
	}
	return 0;
}

int dump_step(struct dump *d)
{
	struct iovec iov;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	const struct nlmsghdr *nlh;
	ssize_t len;
	int left;

	if (d->done)
		return 0;
	iov.iov_base = dumpbuf;
	iov.iov_len = d->bufsz;
	len = recvmsg(mnl_socket_get_fd(dump_sk), &mh, 0);
	if (len < 0) {
		perror("recv (dump)");
		return -1;
	}
	d->reads++;
	if ((size_t)len > d->biggest)
		d->biggest = (size_t)len;
	/* a message longer than the buffer is lost past its end */
	if (mh.msg_flags & MSG_TRUNC)
		d->trunc = true;
	left = (int)len;
	for (nlh = (struct nlmsghdr *)dumpbuf; mnl_nlmsg_ok(nlh, left);
	     nlh = mnl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_seq != d->seq)
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			d->intr = true;
		if (nlh->nlmsg_type == NLMSG_DONE) {
			d->done = true;
			return 0;
		}
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			d->err = -((const struct nlmsgerr *)
				   mnl_nlmsg_get_payload(nlh))->error;
			d->done = true;
			return 0;
		}
		d->msgs++;
		if (d->cb)
			d->cb(nlh, d->arg);
	}
	return 1;
}
