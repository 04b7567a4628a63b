// SPDX-License-Identifier: GPL-2.0
/*
 * framefuzz: frames for the AC side of a PE, as a CE could send them:
 * any destination, untagged, 802.1Q or QinQ tagged, ARP and ND with
 * random bodies (senders from a pool larger than the AC's cache), other
 * payloads, runts of 14 to 19 bytes and jumbos up to the AC's MTU.
 */
#include "framefuzz.h"

#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8
/* skb_vlan_untag() needs the tag and two bytes after it */
#define VLAN_UNTAG_MIN	20

static uint16_t runt_type(void)
{
	static const uint16_t types[] = {
		ETH_P_8021Q, ETH_P_8021AD, 0x0806, 0x86dd, 0x0800,
	};

	return rnd_one_in(4) ? rnd() : types[rnd_below(ARRAY_SIZE(types))];
}

void ac_frame(const struct ac_cfg *cfg, struct frame *f)
{
	uint16_t type;

	if (rnd_one_in(10)) {
		/* a runt: a header and at most 5 bytes */
		frame_put_random(f, 12);
		f->buf[0] &= rnd_one_in(2) ? 0xff : 0xfe;
		frame_put_be16(f, runt_type());
		frame_put_random(f, rnd_below(6));
		f->props |= 1u << P_RUNT;
	} else {
		frame_put_ether(f, cfg->have_dst ? cfg->dst : NULL);
		if (f->len < FRAME_MIN)
			frame_put_random(f, FRAME_MIN - f->len);
	}
	type = f->buf[12] << 8 | f->buf[13];
	if ((type == ETH_P_8021Q || type == ETH_P_8021AD) &&
	    f->len < VLAN_UNTAG_MIN)
		f->props |= 1u << P_CORE_DROP;
	if (f->len - FRAME_MIN > 1500)
		f->props |= 1u << P_JUMBO;
	frame_pick_linear(f);
}
