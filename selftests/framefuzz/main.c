// SPDX-License-Identifier: GPL-2.0
/*
 * framefuzz --side mpls|ac --dev IF[:WEIGHT]... [--seed N] [--count N]
 *           [--skip N] [--dst MAC] [--inner-dst MAC] [--label L[:cw]]...
 *           [--max-len N] [--hex]
 * framefuzz --dev IF --frame HEX [--head N] [--count N]
 *
 * Sends --count seeded random frames out of the devices given with --dev
 * (each frame picks one, by weight): for the MPLS side of a PE (--dst its
 * MAC, --label its PW labels, ":cw" for those with a control word) or for
 * its AC side. Frame N depends on the seed and N only: "--skip N --count
 * 1 --hex" sends (and prints) frame N of a run again. Prints the seed
 * first, then one JSON line: frames sent, refused by the socket, and
 * "uncounted" (sent, but by design counted by nobody: MPLS frames for
 * another MAC, tagged runts that the core drops before any handler), per
 * device, the properties of the frames sent, the time and the rate.
 * With --frame, the one frame HEX is sent --count times instead (a known
 * frame of a class), its first --head bytes in the skb head (default: all;
 * less makes a frame of a page or more a paged skb).
 * Exit 0, or 1 on an error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "framefuzz.h"

#define BATCH	64

enum side { SIDE_MPLS, SIDE_AC };

static struct tx_dev devs[MAX_DEVS];
static unsigned int ndevs, weight_sum;
static struct mpls_cfg mcfg;
static struct ac_cfg acfg;
static enum side side = SIDE_MPLS;
static uint64_t seed, count = 1000, skip;
static size_t max_len = FRAME_MAX;
static bool hex;
static const char *frame_hex;
static size_t frame_head;
static uint64_t props[P_N];
static struct frame batch[BATCH];
static struct frame *pending[BATCH];
static unsigned int npending, pending_dev;

static void usage(void)
{
	fprintf(stderr,
		"usage: framefuzz --side mpls|ac --dev IF[:WEIGHT]... [--seed N] [--count N]\n"
		"                 [--skip N] [--dst MAC] [--inner-dst MAC] [--label L[:cw]]...\n"
		"                 [--max-len N] [--hex]\n");
	exit(1);
}

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6], i;
	char end;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return -1;
		mac[i] = b[i];
	}
	return 0;
}

static uint64_t parse_u64(const char *s, const char *what)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "framefuzz: bad %s \"%s\"\n", what, s);
		exit(1);
	}
	return v;
}

static void add_dev(const char *arg)
{
	struct tx_dev *d = &devs[ndevs];
	const char *colon = strchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);

	if (ndevs == MAX_DEVS || !len || len >= IF_NAMESIZE) {
		fprintf(stderr, "framefuzz: bad --dev \"%s\"\n", arg);
		exit(1);
	}
	memcpy(d->name, arg, len);
	d->weight = colon ? parse_u64(colon + 1, "weight") : 1;
	weight_sum += d->weight;
	ndevs++;
}

static void add_label(const char *arg)
{
	struct pw_label *l = &mcfg.labels[mcfg.nlabels];
	char *end;

	if (mcfg.nlabels == MAX_LABELS) {
		fprintf(stderr, "framefuzz: at most %d labels\n", MAX_LABELS);
		exit(1);
	}
	l->label = strtoul(arg, &end, 0);
	l->cw = !strcmp(end, ":cw");
	if (end == arg || (*end && !l->cw) || l->label >= 1 << 20) {
		fprintf(stderr, "framefuzz: bad --label \"%s\"\n", arg);
		exit(1);
	}
	mcfg.nlabels++;
}

static void options(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "side", required_argument, NULL, 'S' },
		{ "dev", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'c' },
		{ "skip", required_argument, NULL, 'k' },
		{ "dst", required_argument, NULL, 'D' },
		{ "inner-dst", required_argument, NULL, 'I' },
		{ "label", required_argument, NULL, 'l' },
		{ "max-len", required_argument, NULL, 'm' },
		{ "hex", no_argument, NULL, 'x' },
		{ "frame", required_argument, NULL, 'F' },
		{ "head", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_seed = false, have_dst = false;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'S':
			if (!strcmp(optarg, "mpls"))
				side = SIDE_MPLS;
			else if (!strcmp(optarg, "ac"))
				side = SIDE_AC;
			else
				usage();
			break;
		case 'd':
			add_dev(optarg);
			break;
		case 's':
			seed = parse_u64(optarg, "seed");
			have_seed = true;
			break;
		case 'c':
			count = parse_u64(optarg, "count");
			break;
		case 'k':
			skip = parse_u64(optarg, "skip");
			break;
		case 'D':
			if (parse_mac(optarg, mcfg.dst))
				usage();
			memcpy(acfg.dst, mcfg.dst, 6);
			acfg.have_dst = true;
			have_dst = true;
			break;
		case 'I':
			if (parse_mac(optarg, mcfg.inner_dst))
				usage();
			break;
		case 'l':
			add_label(optarg);
			break;
		case 'm':
			max_len = parse_u64(optarg, "max-len");
			if (max_len < FRAME_MIN || max_len > FRAME_MAX)
				usage();
			break;
		case 'x':
			hex = true;
			break;
		case 'F':
			frame_hex = optarg;
			break;
		case 'H':
			frame_head = parse_u64(optarg, "head");
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !ndevs || !weight_sum ||
	    (side == SIDE_MPLS && !have_dst && !frame_hex))
		usage();
	if (!have_seed) {
		FILE *r = fopen("/dev/urandom", "r");

		if (!r || fread(&seed, sizeof(seed), 1, r) != 1) {
			perror("framefuzz: /dev/urandom");
			exit(1);
		}
		fclose(r);
		seed >>= 16;	/* fits a shell's arithmetic and a JSON number */
	}
}

static unsigned int pick_dev(void)
{
	uint32_t w = rnd_below(weight_sum);
	unsigned int i;

	for (i = 0; i < ndevs - 1; i++) {
		if (w < devs[i].weight)
			break;
		w -= devs[i].weight;
	}
	return i;
}

static void print_hex(uint64_t n, const struct frame *f)
{
	size_t i;

	printf("# frame %llu dev %s len %zu head %u ", (unsigned long long)n,
	       devs[f->dev].name, f->len, f->linear);
	for (i = 0; i < f->len; i++)
		printf("%02x", f->buf[i]);
	printf("\n");
}

/* Send what is pending, and count what was sent. */
static int flush(void)
{
	struct tx_dev *d = &devs[pending_dev];
	unsigned int i, p;

	if (!npending)
		return 0;
	if (tx_send(d, pending, npending))
		return -1;
	for (i = 0; i < npending; i++) {
		const struct frame *f = pending[i];

		if (f->refused)
			continue;
		for (p = 0; p < P_N; p++)
			props[p] += !!(f->props & 1u << p);
		if (f->props & (1u << P_OTHERHOST | 1u << P_CORE_DROP))
			d->uncounted++;
	}
	npending = 0;
	return 0;
}

/* --frame: the frame of HEX, in batch[0]. */
static int known_frame(void)
{
	struct frame *f = &batch[0];
	size_t i, n = strlen(frame_hex);
	unsigned int b;

	if (n % 2 || n / 2 < FRAME_MIN || n / 2 > FRAME_MAX) {
		fprintf(stderr, "framefuzz: --frame: %zu hex digits\n", n);
		return -1;
	}
	for (i = 0; i < n / 2; i++) {
		if (sscanf(frame_hex + 2 * i, "%2x", &b) != 1) {
			fprintf(stderr, "framefuzz: --frame: bad hex\n");
			return -1;
		}
		f->buf[i] = b;
	}
	f->len = n / 2;
	f->linear = frame_head && frame_head < f->len ? frame_head : f->len;
	return 0;
}

static int one_frame(uint64_t n)
{
	struct frame *f;
	unsigned int dev;

	rnd_frame(seed, n);
	dev = pick_dev();
	if (npending && (dev != pending_dev || npending == BATCH) && flush())
		return -1;
	pending_dev = dev;
	f = &batch[npending];
	f->len = 0;
	f->props = 0;
	f->refused = false;
	f->dev = dev;
	f->max = devs[dev].mtu + FRAME_MIN;
	if (f->max > max_len)
		f->max = max_len;
	if (side == SIDE_MPLS) {
		memcpy(mcfg.src, devs[dev].mac, 6);
		mpls_frame(&mcfg, f);
	} else {
		ac_frame(&acfg, f);
	}
	if (hex)
		print_hex(n, f);
	pending[npending++] = f;
	return 0;
}

static void summary(double secs)
{
	uint64_t sent = 0, refused = 0, uncounted = 0;
	unsigned int i;

	for (i = 0; i < ndevs; i++) {
		sent += devs[i].sent;
		refused += devs[i].refused;
		uncounted += devs[i].uncounted;
	}
	printf("{\"seed\":%llu,\"side\":\"%s\",\"skip\":%llu,\"count\":%llu,"
	       "\"sent\":%llu,\"refused\":%llu,\"uncounted\":%llu,"
	       "\"seconds\":%.3f,\"fps\":%.0f,\"devs\":{",
	       (unsigned long long)seed, side == SIDE_MPLS ? "mpls" : "ac",
	       (unsigned long long)skip, (unsigned long long)count,
	       (unsigned long long)sent, (unsigned long long)refused,
	       (unsigned long long)uncounted, secs,
	       secs > 0 ? sent / secs : 0.0);
	for (i = 0; i < ndevs; i++)
		printf("%s\"%s\":{\"sent\":%llu,\"refused\":%llu,"
		       "\"uncounted\":%llu}", i ? "," : "", devs[i].name,
		       (unsigned long long)devs[i].sent,
		       (unsigned long long)devs[i].refused,
		       (unsigned long long)devs[i].uncounted);
	printf("},\"props\":{");
	for (i = 0; i < P_N; i++)
		printf("%s\"%s\":%llu", i ? "," : "", frame_prop_name[i],
		       (unsigned long long)props[i]);
	printf("}}\n");
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	unsigned int i;
	uint64_t n;

	options(argc, argv);
	printf("# framefuzz seed %llu\n", (unsigned long long)seed);
	fflush(stdout);
	for (i = 0; i < ndevs; i++)
		if (tx_open(&devs[i]))
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (frame_hex) {
		if (known_frame())
			return 1;
		for (n = 0; n < count; n++) {
			batch[0].refused = false;
			pending[npending++] = &batch[0];
			if (flush())
				return 1;
		}
	}
	for (n = skip; !frame_hex && n < skip + count; n++)
		if (one_frame(n))
			return 1;
	if (flush())
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	summary(t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
