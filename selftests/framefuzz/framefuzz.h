/* SPDX-License-Identifier: GPL-2.0 */
/*
 * framefuzz: seeded random frames for a PE running mpls_pw, sent over
 * AF_PACKET, on its MPLS side (label stacks, control words, associated
 * channel messages) or on its AC side (VLAN and QinQ tags, ARP and ND
 * bodies, runts).
 *
 *   rand.c   the seeded generator; frame N depends on (seed, N) only
 *   frame.c  a frame being built; the inner Ethernet frames both sides use
 *   mpls.c   MPLS side: label stacks, control words, ACH / PW status
 *   ac.c     AC side: tags, ARP / ND with random bodies, runts
 *   tx.c     the packet sockets: sendmmsg batches, paged frames
 *   main.c   options, the run, the summary
 */
#ifndef FRAMEFUZZ_H
#define FRAMEFUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The longest frame built: a 9000-byte MTU, its header and a tag. */
#define FRAME_MAX	9100
/* The shortest frame AF_PACKET sends on Ethernet: the header. */
#define FRAME_MIN	14
/*
 * From this length on, a packet socket with a virtio-net header builds a
 * paged skb (packet_alloc_skb(): linear part hdr_len, the rest in page
 * fragments); below it the skb is linear whatever hdr_len says.
 */
#define FRAME_PAGED_MIN	4096

#define MAX_DEVS	8
#define MAX_LABELS	16

/* ---- rand.c ---- */

/* The generator for frame @n of the run seeded with @seed. */
void rnd_frame(uint64_t seed, uint64_t n);
uint64_t rnd(void);
/* 0 .. n - 1 */
uint32_t rnd_below(uint32_t n);
/* @lo .. @hi */
uint32_t rnd_range(uint32_t lo, uint32_t hi);
/* true one time in @n */
bool rnd_one_in(uint32_t n);
void rnd_bytes(void *buf, size_t len);

/* ---- frame.c ---- */

/* What a frame is made of, for the summary (one bit each). */
enum frame_prop {
	P_OTHERHOST,	/* not addressed to the receiver: nobody counts it */
	P_PAGED,	/* sent as a paged (non-linear) skb */
	P_RUNT,		/* shorter than what it claims to carry */
	P_JUMBO,	/* longer than 1514 bytes */
	P_NULL,		/* an explicit null label */
	P_FLOW,		/* a label below the PW label */
	P_RESERVED,	/* a reserved label other than the explicit nulls */
	P_S_MISPLACED,	/* a stack whose S bit is not (only) on the last */
	P_NO_S,		/* a stack without an S bit */
	P_OURS,		/* a label of ours where a PW label is looked up */
	P_CW_DATA,	/* control word, first nibble 0 */
	P_CW_ACH,	/* first nibble 1: associated channel */
	P_CW_BAD,	/* first nibble 2..15 */
	P_STATUS,	/* an RFC 6478 PW status message that parses */
	P_VLAN,		/* one 802.1Q tag */
	P_QINQ,		/* two tags */
	P_ARP,
	P_ND,
	P_CORE_DROP,	/* a tagged runt the core frees before any handler */
	P_N
};

extern const char *const frame_prop_name[P_N];

struct frame {
	uint8_t buf[FRAME_MAX];
	size_t len;
	size_t max;		/* the longest frame the device takes */
	uint16_t linear;	/* virtio-net hdr_len: bytes in the skb head */
	unsigned int dev;	/* index of the device it goes out of */
	uint32_t props;		/* 1 << enum frame_prop */
	bool refused;		/* by the socket: not sent */
};

void frame_put(struct frame *f, const void *data, size_t len);
void frame_put_u8(struct frame *f, uint8_t v);
void frame_put_be16(struct frame *f, uint16_t v);
void frame_put_be32(struct frame *f, uint32_t v);
void frame_put_random(struct frame *f, size_t len);
/* Room left before @f->max. */
size_t frame_room(const struct frame *f);
/* A random length for what follows the headers, at most frame_room(). */
size_t frame_body_len(const struct frame *f);
/*
 * An Ethernet frame from @dst (NULL: random, broadcast or multicast) with
 * maybe VLAN / QinQ tags and an ARP, ND, IPv4 or random payload, at most
 * frame_room() bytes, maybe cut short. Returns the bytes it put.
 */
size_t frame_put_ether(struct frame *f, const uint8_t *dst);
/* The skb head: all of a short frame, a random part of a long one. */
void frame_pick_linear(struct frame *f);

/* ---- mpls.c ---- */

struct pw_label {
	uint32_t label;
	bool cw;
};

struct mpls_cfg {
	uint8_t dst[6];		/* the PE's core MAC */
	uint8_t src[6];
	uint8_t inner_dst[6];	/* the CE's MAC, for some inner frames */
	struct pw_label labels[MAX_LABELS];
	unsigned int nlabels;
};

void mpls_frame(const struct mpls_cfg *cfg, struct frame *f);

/* ---- ac.c ---- */

struct ac_cfg {
	uint8_t dst[6];		/* the AC's MAC, for some frames */
	bool have_dst;
};

void ac_frame(const struct ac_cfg *cfg, struct frame *f);

/* ---- tx.c ---- */

struct tx_dev {
	char name[IF_NAMESIZE];
	unsigned int weight;
	int fd;
	int ifindex;
	unsigned int mtu;
	uint8_t mac[6];
	uint64_t sent, refused, uncounted;
};

int tx_open(struct tx_dev *d);
/*
 * Send @n frames, all out of @d; the ones the socket refuses are counted
 * in d->refused (and the first few reported). Returns 0, or -1 on an error
 * that ends the run.
 */
int tx_send(struct tx_dev *d, struct frame *const *frames, unsigned int n);

#endif /* FRAMEFUZZ_H */
