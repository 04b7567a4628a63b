// SPDX-License-Identifier: GPL-2.0
/*
 * framefuzz: a frame being built, and the Ethernet frames both sides
 * carry: random addresses, maybe tagged (802.1Q, QinQ), with an ARP, ND,
 * IPv4 or random payload, of any length from a runt to the device's MTU.
 */
#include <string.h>

#include "framefuzz.h"

#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8
#define ETH_P_QINQ1	0x9100
#define ETH_P_IPV6	0x86dd
#define ETH_P_MPLS_UC	0x8847
#define ETH_P_LOCAL	0x88b5
#define IPPROTO_ICMPV6	58
/* senders, so that the AC's ARP / ND cache (256 entries) fills and evicts */
#define SENDERS		300

const char *const frame_prop_name[P_N] = {
	[P_OTHERHOST] = "otherhost",
	[P_PAGED] = "paged",
	[P_RUNT] = "runt",
	[P_JUMBO] = "jumbo",
	[P_NULL] = "explicit_null",
	[P_FLOW] = "flow_label",
	[P_RESERVED] = "reserved_label",
	[P_S_MISPLACED] = "s_misplaced",
	[P_NO_S] = "no_s",
	[P_OURS] = "pw_label",
	[P_CW_DATA] = "cw_data",
	[P_CW_ACH] = "cw_ach",
	[P_CW_BAD] = "cw_bad_nibble",
	[P_STATUS] = "pw_status",
	[P_VLAN] = "vlan",
	[P_QINQ] = "qinq",
	[P_ARP] = "arp",
	[P_ND] = "nd",
	[P_CORE_DROP] = "core_drop",
};

void frame_put(struct frame *f, const void *data, size_t len)
{
	if (len > frame_room(f))
		len = frame_room(f);
	memcpy(f->buf + f->len, data, len);
	f->len += len;
}

void frame_put_u8(struct frame *f, uint8_t v)
{
	frame_put(f, &v, 1);
}

void frame_put_be16(struct frame *f, uint16_t v)
{
	uint8_t b[2] = { v >> 8, v };

	frame_put(f, b, sizeof(b));
}

void frame_put_be32(struct frame *f, uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };

	frame_put(f, b, sizeof(b));
}

void frame_put_random(struct frame *f, size_t len)
{
	if (len > frame_room(f))
		len = frame_room(f);
	rnd_bytes(f->buf + f->len, len);
	f->len += len;
}

size_t frame_room(const struct frame *f)
{
	return f->len < f->max ? f->max - f->len : 0;
}

size_t frame_body_len(const struct frame *f)
{
	size_t room = frame_room(f), len;
	uint32_t r = rnd_below(100);

	if (r < 8)
		len = rnd_below(14);
	else if (r < 30)
		len = rnd_range(14, 64);
	else if (r < 75)
		len = rnd_range(65, 1514);
	else if (r < 85)
		len = rnd_range(1515, FRAME_PAGED_MIN);
	else if (r < 95 && room > FRAME_PAGED_MIN)
		len = rnd_range(FRAME_PAGED_MIN, room);
	else
		len = room;
	return len < room ? len : room;
}

/* A sender's MAC: one of SENDERS, or random. */
static void sender_mac(uint8_t *mac, unsigned int *idx)
{
	*idx = rnd_below(SENDERS);
	if (rnd_one_in(8)) {
		rnd_bytes(mac, 6);
		mac[0] &= 0xfe;
		return;
	}
	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = 0xfa;
	mac[4] = *idx >> 8;
	mac[5] = *idx;
}

static void dst_mac(uint8_t *mac, const uint8_t *dst)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t mcast[][3] = {
		{ 0x33, 0x33, 0x00 }, { 0x01, 0x00, 0x5e }, { 0x01, 0x80, 0xc2 },
	};
	uint32_t r = rnd_below(100);

	if (dst && r < 50) {
		memcpy(mac, dst, 6);
	} else if (r < 70) {
		rnd_bytes(mac, 6);
		mac[0] &= 0xfe;
	} else if (r < 85) {
		memcpy(mac, bcast, 6);
	} else {
		rnd_bytes(mac, 6);
		memcpy(mac, mcast[rnd_below(ARRAY_SIZE(mcast))], 3);
	}
}

/* ARP, mostly Ethernet / IPv4 (which the AC's cache keeps), any body. */
static size_t arp_body(uint8_t *p, const uint8_t *sha, unsigned int idx)
{
	uint32_t r = rnd_below(8);

	p[0] = 0;
	p[1] = r ? 1 : rnd();				/* hardware type */
	p[2] = 0x08;
	p[3] = rnd_one_in(8) ? rnd() : 0x00;		/* protocol */
	p[4] = rnd_one_in(6) ? rnd() : 6;		/* hln */
	p[5] = rnd_one_in(6) ? rnd() : 4;		/* pln */
	p[6] = 0;
	p[7] = rnd_one_in(4) ? rnd() : 1 + rnd_below(2);	/* op */
	memcpy(p + 8, sha, 6);
	p[14] = 192;					/* sender IP */
	p[15] = 0;
	p[16] = 2;
	p[17] = idx;
	if (rnd_one_in(4))
		rnd_bytes(p + 14, 4);
	rnd_bytes(p + 18, 10);				/* target */
	return 28;
}

/* ICMPv6, mostly a neighbour discovery type (133..137), any body. */
static size_t nd_body(uint8_t *p, size_t plen, unsigned int idx)
{
	p[0] = rnd_one_in(16) ? rnd() : 0x60;
	rnd_bytes(p + 1, 3);
	p[4] = plen >> 8;
	p[5] = plen;
	p[6] = rnd_one_in(8) ? rnd() : IPPROTO_ICMPV6;
	p[7] = 255;
	memset(p + 8, 0, 16);				/* fe80::5efa:IDX */
	p[8] = 0xfe;
	p[9] = 0x80;
	p[20] = 0x5e;
	p[21] = 0xfa;
	p[22] = idx >> 8;
	p[23] = idx;
	if (rnd_one_in(8))
		rnd_bytes(p + 8, 16);
	memset(p + 24, 0, 16);				/* ff02::1 */
	p[24] = 0xff;
	p[25] = 0x02;
	p[39] = 1;
	p[40] = rnd_one_in(5) ? rnd() : rnd_range(133, 137);
	rnd_bytes(p + 41, 3);
	return 44;
}

static uint16_t inner_type(void)
{
	static const uint16_t types[] = {
		ETH_P_ARP, ETH_P_ARP, ETH_P_IPV6, ETH_P_IPV6, ETH_P_IP,
		ETH_P_LOCAL, ETH_P_MPLS_UC, ETH_P_8021Q,
	};

	if (rnd_one_in(4))
		return rnd();
	return types[rnd_below(ARRAY_SIZE(types))];
}

size_t frame_put_ether(struct frame *f, const uint8_t *dst)
{
	uint8_t hdr[128], *p = hdr;
	size_t len = frame_body_len(f), start = f->len;
	unsigned int idx, ntags = 0, i;
	uint16_t type;
	uint32_t r;

	dst_mac(p, dst);
	sender_mac(p + 6, &idx);
	p += 12;
	r = rnd_below(100);
	if (r >= 65)
		ntags = r < 85 ? 1 : 2;
	for (i = 0; i < ntags; i++) {
		static const uint16_t outer[] = {
			ETH_P_8021AD, ETH_P_8021AD, ETH_P_8021Q, ETH_P_QINQ1,
		};
		uint16_t tpid = ntags == 2 && i == 0 ?
			outer[rnd_below(ARRAY_SIZE(outer))] : ETH_P_8021Q;
		uint16_t tci = rnd_one_in(2) ? 100 : rnd();

		p[0] = tpid >> 8;
		p[1] = tpid;
		p[2] = tci >> 8;
		p[3] = tci;
		p += 4;
	}
	f->props |= ntags == 1 ? 1u << P_VLAN : ntags ? 1u << P_QINQ : 0;
	type = inner_type();
	p[0] = type >> 8;
	p[1] = type;
	p += 2;
	if (type == ETH_P_ARP) {
		p += arp_body(p, hdr + 6, idx);
		f->props |= 1u << P_ARP;
	} else if (type == ETH_P_IPV6) {
		size_t hlen = p - hdr;

		p += nd_body(p, len > hlen + 40 ? len - hlen - 40 : 0, idx);
		if (hdr[hlen + 6] == IPPROTO_ICMPV6)
			f->props |= 1u << P_ND;
	}
	if (len < (size_t)(p - hdr))
		f->props |= 1u << P_RUNT;
	frame_put(f, hdr, len < (size_t)(p - hdr) ? len : (size_t)(p - hdr));
	if (f->len - start < len)
		frame_put_random(f, len - (f->len - start));
	return f->len - start;
}

void frame_pick_linear(struct frame *f)
{
	size_t head;

	f->linear = f->len;
	if (f->len < FRAME_PAGED_MIN || rnd_one_in(4))
		return;
	/* the skb head ends anywhere in the headers, or a little after */
	head = rnd_one_in(3) ? rnd_range(FRAME_MIN, 200) :
			       rnd_range(FRAME_MIN, 40);
	f->linear = head;
	f->props |= 1u << P_PAGED;
}
