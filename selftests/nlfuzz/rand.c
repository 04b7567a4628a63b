// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: the seeded generator (splitmix64): the same seed gives the same
 * requests, on any machine.
 */
#include "nlfuzz.h"

static uint64_t state;

void rnd_seed(uint64_t seed)
{
	state = seed;
}

uint64_t rnd(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint32_t rnd_below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

bool rnd_one_in(uint32_t n)
{
	return rnd_below(n) == 0;
}

void rnd_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = (uint8_t)rnd();
}
