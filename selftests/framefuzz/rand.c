// SPDX-License-Identifier: GPL-2.0
/*
 * framefuzz: the seeded generator (splitmix64). Each frame starts from a
 * state of its own, made of the run's seed and its number, so that frame
 * N is the same whatever came before it (--skip).
 */
#include "framefuzz.h"

static uint64_t state;

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rnd_frame(uint64_t seed, uint64_t n)
{
	state = mix(seed) ^ mix(n + 0x9e3779b97f4a7c15ULL);
}

uint64_t rnd(void)
{
	return mix(state += 0x9e3779b97f4a7c15ULL);
}

uint32_t rnd_below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

uint32_t rnd_range(uint32_t lo, uint32_t hi)
{
	return lo + rnd_below(hi - lo + 1);
}

bool rnd_one_in(uint32_t n)
{
	return rnd_below(n) == 0;
}

void rnd_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;
	uint64_t r = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!(i & 7))
			r = rnd();
		p[i] = (uint8_t)r;
		r >>= 8;
	}
}
