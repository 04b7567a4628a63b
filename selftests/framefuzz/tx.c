// SPDX-License-Identifier: GPL-2.0
/*
 * framefuzz: the packet sockets. One SOCK_RAW socket a device, bound with
 * protocol 0 (it receives nothing), with a virtio-net header in front of
 * every frame (PACKET_VNET_HDR): its hdr_len is how much of the frame
 * goes in the skb head, the rest in page fragments when the frame is a
 * page or longer (packet_alloc_skb()), so the receiver gets paged skbs
 * with the headers split anywhere. Frames go out in sendmmsg() batches.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "framefuzz.h"

#define BATCH		64
#define SHOW_REFUSED	5

int tx_open(struct tx_dev *d)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct ifreq ifr = { 0 };
	int one = 1;

	d->fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (d->fd < 0) {
		perror("framefuzz: socket(AF_PACKET)");
		return -1;
	}
	if (setsockopt(d->fd, SOL_PACKET, PACKET_VNET_HDR, &one,
		       sizeof(one))) {
		perror("framefuzz: PACKET_VNET_HDR");
		return -1;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", d->name);
	if (ioctl(d->fd, SIOCGIFINDEX, &ifr)) {
		fprintf(stderr, "framefuzz: no device %s: %s\n", d->name,
			strerror(errno));
		return -1;
	}
	d->ifindex = ifr.ifr_ifindex;
	if (ioctl(d->fd, SIOCGIFMTU, &ifr)) {
		perror("framefuzz: SIOCGIFMTU");
		return -1;
	}
	d->mtu = ifr.ifr_mtu;
	if (ioctl(d->fd, SIOCGIFHWADDR, &ifr)) {
		perror("framefuzz: SIOCGIFHWADDR");
		return -1;
	}
	memcpy(d->mac, ifr.ifr_hwaddr.sa_data, 6);
	sll.sll_ifindex = d->ifindex;
	if (bind(d->fd, (struct sockaddr *)&sll, sizeof(sll))) {
		perror("framefuzz: bind");
		return -1;
	}
	return 0;
}

static void refused(struct tx_dev *d, struct frame *f, int err)
{
	f->refused = true;
	if (d->refused++ < SHOW_REFUSED)
		fprintf(stderr, "framefuzz: %s: a %zu-byte frame (head %u) not sent: %s\n",
			d->name, f->len, f->linear, strerror(err));
}

int tx_send(struct tx_dev *d, struct frame *const *frames, unsigned int n)
{
	struct virtio_net_hdr vh[BATCH];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH][2];
	unsigned int i, done = 0, k;
	int ret;

	while (done < n) {
		k = n - done < BATCH ? n - done : BATCH;
		memset(msg, 0, sizeof(msg[0]) * k);
		for (i = 0; i < k; i++) {
			const struct frame *f = frames[done + i];

			memset(&vh[i], 0, sizeof(vh[i]));
			vh[i].hdr_len = f->linear;	/* little endian host */
			iov[i][0].iov_base = &vh[i];
			iov[i][0].iov_len = sizeof(vh[i]);
			iov[i][1].iov_base = (void *)f->buf;
			iov[i][1].iov_len = f->len;
			msg[i].msg_hdr.msg_iov = iov[i];
			msg[i].msg_hdr.msg_iovlen = 2;
		}
		ret = sendmmsg(d->fd, msg, k, 0);
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EINVAL && errno != EMSGSIZE &&
			    errno != ENOBUFS) {
				perror("framefuzz: sendmmsg");
				return -1;
			}
			/* the first one was refused: skip it */
			refused(d, frames[done], errno);
			done++;
			continue;
		}
		d->sent += ret;
		done += ret;
	}
	return 0;
}
