// SPDX-License-Identifier: GPL-2.0
/*
 * framefuzz: frames for the MPLS side of a PE. A label stack (explicit
 * nulls, the PE's PW labels and others, flow labels, reserved labels, the
 * S bit where it belongs or anywhere), maybe a control word with any
 * first nibble, then either an associated channel message (RFC 4385 ACH;
 * RFC 6478 PW status with random refresh, lengths, flags, TLV and bits)
 * or an inner Ethernet frame from a runt to a jumbo.
 */
#include <string.h>

#include "framefuzz.h"

#define ETH_P_MPLS_UC		0x8847
#define ACH_CHANNEL_PW_OAM	0x0027
#define ACH_CHANNEL_BFD		0x0007
#define TLV_PW_STATUS		0x096a

struct lse {
	uint32_t label;
	bool s;
};

static uint32_t pw_label(const struct mpls_cfg *cfg, unsigned int *which)
{
	*which = rnd_below(cfg->nlabels);
	return cfg->labels[*which].label;
}

/* A label where the PW label is looked up. */
static uint32_t lookup_label(const struct mpls_cfg *cfg, struct frame *f,
			     int *pw)
{
	unsigned int which;
	uint32_t r = rnd_below(100);

	*pw = -1;
	if (r < 80 && cfg->nlabels) {
		uint32_t label = pw_label(cfg, &which);

		f->props |= 1u << P_OURS;
		*pw = which;
		return label;
	}
	if (r < 90) {
		f->props |= 1u << P_RESERVED;
		return rnd_range(1, 15);
	}
	return rnd_range(16, (1 << 20) - 1);
}

static uint32_t any_label(const struct mpls_cfg *cfg, struct frame *f)
{
	unsigned int which;

	switch (rnd_below(6)) {
	case 0:
		f->props |= 1u << P_NULL;
		return rnd_one_in(2) ? 0 : 2;
	case 1:
		f->props |= 1u << P_RESERVED;
		return rnd_below(16);
	case 2:
		return rnd_below(1 << 20);
	default:
		if (!cfg->nlabels)
			return rnd_below(1 << 20);
		f->props |= 1u << P_OURS;
		return pw_label(cfg, &which);
	}
}

/*
 * The stack, into @st; returns its depth. @pw: the index of the PW label
 * taken, -1 for none (a PW with a control word gets one more often).
 */
static unsigned int stack(const struct mpls_cfg *cfg, struct frame *f,
			  struct lse *st, int *pw)
{
	unsigned int n = 0, i, nulls;

	*pw = -1;
	if (rnd_one_in(4)) {
		/* anything: random depth, labels and S bits */
		n = rnd_below(11);
		for (i = 0; i < n; i++) {
			st[i].label = any_label(cfg, f);
			st[i].s = rnd_one_in(3);
		}
	} else {
		/* the shape of a PW frame, maybe bent */
		nulls = rnd_one_in(3) ? rnd_range(1, 3) : 0;
		for (i = 0; i < nulls; i++) {
			st[n].label = rnd_one_in(2) ? 0 : 2;
			st[n++].s = rnd_one_in(10);
			f->props |= 1u << P_NULL;
		}
		st[n].label = lookup_label(cfg, f, pw);
		st[n++].s = false;
		if (rnd_one_in(5)) {
			/* a flow label (RFC 6391), maybe reserved, maybe two */
			st[n].label = rnd_one_in(4) ? rnd_below(16) :
						       rnd_range(16, (1 << 20) - 1);
			st[n++].s = false;
			if (rnd_one_in(8)) {
				st[n].label = rnd_below(1 << 20);
				st[n++].s = false;
			}
			f->props |= 1u << P_FLOW;
		}
		st[n - 1].s = true;
		if (rnd_one_in(8))
			st[rnd_below(n)].s ^= true;
	}
	for (i = 0; i < n; i++)
		if (st[i].s && i != n - 1)
			f->props |= 1u << P_S_MISPLACED;
	if (!n || !st[n - 1].s)
		f->props |= 1u << P_NO_S;
	return n;
}

static uint8_t ttl(void)
{
	static const uint8_t ttls[] = { 0, 1, 2, 64, 255, 255 };

	return rnd_one_in(4) ? rnd() : ttls[rnd_below(ARRAY_SIZE(ttls))];
}

static uint32_t status_bits(void)
{
	static const uint32_t bits[] = {
		0, 0, 0, 0x20, 0x20, 0x01, 0x02, 0x04, 0x08, 0x10, 0x40, 0x1f,
		0x7f, 0x21,
	};

	switch (rnd_below(6)) {
	case 0:
		return rnd();
	case 1:
		return rnd() & 0xff;
	default:
		return bits[rnd_below(ARRAY_SIZE(bits))];
	}
}

/*
 * After an ACH header: an RFC 6478 message (mostly well formed), or
 * random bytes; cut short now and then.
 */
static void status_msg(struct frame *f, uint16_t channel)
{
	static const uint16_t refresh[] = { 0, 1, 30, 30, 600, 65535 };
	size_t start = f->len, len;
	bool good = channel == ACH_CHANNEL_PW_OAM;

	if (channel != ACH_CHANNEL_PW_OAM && !rnd_one_in(4)) {
		frame_put_random(f, rnd_below(64));
		return;
	}
	frame_put_be16(f, rnd_one_in(4) ? rnd() :
		       refresh[rnd_below(ARRAY_SIZE(refresh))]);
	if (rnd_one_in(5)) {
		frame_put_u8(f, rnd());				/* TLV length */
		good = false;
	} else {
		frame_put_u8(f, 8);
	}
	frame_put_u8(f, rnd_one_in(3) ? 0x80 : rnd_one_in(4) ? rnd() : 0);
	if (rnd_one_in(6)) {
		frame_put_be16(f, rnd_one_in(2) ? rnd() : 0xc000 | TLV_PW_STATUS);
		good = false;
	} else {
		frame_put_be16(f, TLV_PW_STATUS);
	}
	if (rnd_one_in(6)) {
		frame_put_be16(f, rnd_below(10));
		good = false;
	} else {
		frame_put_be16(f, 4);
	}
	frame_put_be32(f, status_bits());
	if (rnd_one_in(6))
		frame_put_random(f, rnd_below(100));	/* more TLVs, padding */
	if (rnd_one_in(8)) {
		len = f->len - start;
		f->len = start + rnd_below(len);
		good = false;
	}
	if (good)
		f->props |= 1u << P_STATUS;
}

/* The control word or ACH, and what follows it. */
static void after_stack(const struct mpls_cfg *cfg, struct frame *f,
			bool cw)
{
	uint32_t nibble, word;
	uint16_t channel;

	if (!cw) {
		frame_put_ether(f, cfg->inner_dst);
		return;
	}
	switch (rnd_below(10)) {
	case 0: case 1:
		nibble = 1;
		break;
	case 2:
		nibble = rnd_range(2, 15);
		break;
	default:
		nibble = 0;
		break;
	}
	if (nibble == 0) {
		f->props |= 1u << P_CW_DATA;
		/* flags, fragment bits, length, sequence: anything */
		frame_put_be32(f, rnd() & 0x0fffffff);
		frame_put_ether(f, cfg->inner_dst);
		return;
	}
	if (nibble != 1) {
		f->props |= 1u << P_CW_BAD;
		frame_put_be32(f, nibble << 28 | (rnd() & 0x0fffffff));
		frame_put_ether(f, cfg->inner_dst);
		return;
	}
	f->props |= 1u << P_CW_ACH;
	switch (rnd_below(8)) {
	case 0:
		channel = rnd();
		break;
	case 1:
		channel = ACH_CHANNEL_BFD;
		break;
	default:
		channel = ACH_CHANNEL_PW_OAM;
		break;
	}
	word = 1u << 28 | channel;
	if (rnd_one_in(10))
		word |= (rnd() & 0xff) << 16;		/* version, reserved */
	frame_put_be32(f, word);
	status_msg(f, channel);
	if (word != (1u << 28 | ACH_CHANNEL_PW_OAM))
		f->props &= ~(1u << P_STATUS);
}

void mpls_frame(const struct mpls_cfg *cfg, struct frame *f)
{
	struct lse st[12];
	unsigned int n, i;
	bool cw;
	int pw;

	if (rnd_one_in(200)) {
		/* for another host, broadcast or multicast */
		uint8_t dst[6];

		rnd_bytes(dst, 6);
		if (!memcmp(dst, cfg->dst, 6))
			dst[5] ^= 1;
		frame_put(f, dst, 6);
		f->props |= 1u << P_OTHERHOST;
	} else {
		frame_put(f, cfg->dst, 6);
	}
	frame_put(f, cfg->src, 6);
	frame_put_be16(f, ETH_P_MPLS_UC);

	n = stack(cfg, f, st, &pw);
	for (i = 0; i < n; i++)
		frame_put_be32(f, st[i].label << 12 | (rnd() & 7) << 9 |
				  (uint32_t)st[i].s << 8 | ttl());
	if (rnd_one_in(30)) {
		/* the stack cut in the middle of an entry, or of a CW */
		f->len -= f->len > FRAME_MIN + 2 ? rnd_range(1, 3) : 0;
		f->props |= 1u << P_RUNT;
	} else {
		cw = pw >= 0 && cfg->labels[pw].cw ? !rnd_one_in(8) :
						     rnd_one_in(8);
		after_stack(cfg, f, cw);
	}
	if (f->len - FRAME_MIN > 1500)
		f->props |= 1u << P_JUMBO;
	frame_pick_linear(f);
}
