// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz [--seed N] [--count N] [--sample N] [--check-every N] [-v]
 *        --dev NAME[:vlan]...
 * nlfuzz --fail-nth [--max-n N] [-v] [--module] --dev NAME[:vlan]...
 * nlfuzz --fail-nth [--max-n N] [-v] --netns | --ko PATH
 *
 * Fuzzes the mpls_pw generic netlink family in the current netns, whose
 * devices are given with --dev (":vlan" for a VLAN device). Each of the
 * --count requests is one of: a request the model predicts (valid, or
 * refused for a reason the model knows), a request the kernel must refuse
 * (fuzz.c), a case of the genetlink core, or a dump with a small buffer
 * (8 KiB at most) with changes made between two of its reads. One request
 * in --sample is checked against dumps taken before and after it; every
 * --check-every requests and at the end the whole configuration is dumped
 * and compared with the model. Prints KTAP; exit 0 when every check
 * passed, 1 otherwise.
 *
 * --fail-nth runs requests that create or change something with each of
 * their fault injection points failing in turn (failnth.c), --module when
 * the caller's stack filter keeps the faults to the module's code; --netns
 * the same for netns creation, --ko PATH for loading the module.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "nlfuzz.h"

int verbose;

static struct model model;
static unsigned long n_req, n_model, n_fuzz[FZ_N], n_dump, n_refused,
	n_refused_msg, n_refused_miss, n_mismatch, n_accepted_random,
	n_sampled, n_sampled_refused, n_half, n_dump_intr, n_dump_bad,
	n_conf_diff, n_extra, n_any;
static unsigned int shown_extack, shown_mismatch, shown_diff;
static uint64_t seed;

static void describe(const struct req *r, const char *what, unsigned long i,
		     const struct answer *ans)
{
	char buf[1024];

	req_describe(r, buf, sizeof(buf));
	printf("# request %lu (%s): %s -> errno %d%s%s%s\n", i, what, buf,
	       ans->err, ans->msg ? " extack \"" : "",
	       ans->msg ? ans->text : "", ans->msg ? "\"" : "");
}

/* The model as text, with the counts NET_GET reports. */
static char *model_text(void)
{
	model.k_pws = model.npws;
	model.k_acs = model.nacs;
	return conf_text(&model);
}

static size_t small_buf(void)
{
	return 4096 + rnd_below(4097);
}

/* Read the kernel's configuration into the model (after a mismatch). */
static void resync(void)
{
	struct model k;

	if (conf_read(&k, 8192) == 0)
		model = k;
}

/* Compare the model with the kernel; @why for the report. */
static bool compare(const char *why, unsigned long i)
{
	struct model k;
	char *a, *b, diff[4096];
	bool same;

	n_extra += 6;
	if (conf_read(&k, small_buf())) {
		printf("# request %lu: reading the configuration failed (%s)\n",
		       i, why);
		n_conf_diff++;
		return false;
	}
	a = model_text();
	b = conf_text(&k);
	same = !strcmp(a, b);
	if (!same) {
		n_conf_diff++;
		if (shown_diff++ < 5) {
			conf_diff(a, b, diff, sizeof(diff));
			printf("# request %lu: the configuration differs from the model (%s); - model, + kernel:\n%s",
			       i, why, diff);
		}
		model = k;
	}
	free(a);
	free(b);
	return same;
}

static void refused(const struct req *r, const struct answer *ans,
		    const char *what, unsigned long i)
{
	n_refused++;
	if (ans->msg) {
		n_refused_msg++;
		return;
	}
	if (ans->miss)
		n_refused_miss++;
	if (shown_extack++ < 10) {
		printf("# no extack message%s:\n",
		       ans->miss ? " (only NLMSGERR_ATTR_MISS_TYPE)" : "");
		describe(r, what, i, ans);
	}
}

/* A request the model predicts; false on a mismatch. */
static bool model_request(struct req *r, unsigned long i)
{
	struct model save = model;
	struct answer *ans = malloc(sizeof(*ans));
	enum verdict v;
	int want;
	bool ok = true;

	if (!ans)
		exit(2);
	v = model_run(&model, r, &want);
	n_model++;
	if (nl_send(r, ans) || !ans->replied) {
		printf("# request %lu: no answer\n", i);
		exit(1);
	}
	if (v == V_ANY) {
		n_any++;
	} else if ((v == V_OK && ans->err) ||
		   (v == V_ERR && ans->err != want)) {
		n_mismatch++;
		ok = false;
		if (shown_mismatch++ < 10) {
			printf("# model: errno %d\n", v == V_OK ? 0 : want);
			describe(r, "model", i, ans);
		}
		model = save;
		if (!ans->err)
			resync();
	}
	if (ans->err)
		refused(r, ans, "model", i);
	if (verbose)
		describe(r, "model", i, ans);
	free(ans);
	return ok;
}

static void fuzz_one(struct req *r, unsigned long i)
{
	static const uint8_t weights[FZ_N] = {
		[FZ_SIZE] = 6, [FZ_RANGE] = 6, [FZ_UNKNOWN] = 4,
		[FZ_READONLY] = 3, [FZ_NESTFLAG] = 3, [FZ_TRUNC] = 4,
		[FZ_OVERSIZE] = 1, [FZ_BADNEST] = 3, [FZ_FLAGS] = 3,
		[FZ_RANDOM] = 8,
		[FZ_CORE_CMD] = 1, [FZ_CORE_DUMP] = 1, [FZ_CORE_NODOIT] = 1,
		[FZ_CORE_SHORT] = 1, [FZ_CORE_NOREQ] = 1,
	};
	struct answer *ans = malloc(sizeof(*ans));
	unsigned int total = 0, x, k;
	int want = -1;

	if (!ans)
		exit(2);
	for (k = 0; k < FZ_N; k++)
		total += weights[k];
	do {
		gen_request(r, &model);
		x = rnd_below(total);
		for (k = 0; x >= weights[k]; k++)
			x -= weights[k];
	} while (!fuzz_request(r, k));
	n_fuzz[k]++;
	if (nl_send(r, ans) || !ans->replied) {
		printf("# request %lu: no answer\n", i);
		exit(1);
	}
	if (verbose)
		describe(r, fuzz_names[k], i, ans);
	switch (k) {
	case FZ_CORE_CMD:
	case FZ_CORE_DUMP:
	case FZ_CORE_NODOIT:
		want = EOPNOTSUPP;
		break;
	case FZ_CORE_SHORT:
		want = EINVAL;
		break;
	case FZ_CORE_NOREQ:
		want = 0;
		break;
	}
	if (want >= 0) {
		/* the core's: no extack asked for */
		if (ans->err != want) {
			n_mismatch++;
			if (shown_mismatch++ < 10) {
				printf("# %s: expected errno %d\n",
				       fuzz_names[k], want);
				describe(r, fuzz_names[k], i, ans);
			}
		}
	} else if (!ans->err) {
		if (k == FZ_RANDOM) {
			/* it happened to be valid: the model reads it back */
			n_accepted_random++;
			resync();
		} else {
			n_mismatch++;
			if (shown_mismatch++ < 10) {
				printf("# %s: accepted\n", fuzz_names[k]);
				describe(r, fuzz_names[k], i, ans);
			}
			resync();
		}
	} else {
		refused(r, ans, fuzz_names[k], i);
	}
	free(ans);
}

/* ---- dumps ---- */

struct between {
	unsigned long i;
	unsigned int changes;
};

static void dump_changes(void *arg)
{
	struct between *b = arg;
	struct req *r = malloc(sizeof(*r));
	unsigned int k;

	if (!r)
		exit(2);
	for (k = 0; k < b->changes; k++) {
		gen_request(r, &model);
		model_request(r, b->i);
		n_req++;
	}
	free(r);
}

static void dump_one(struct req *r, unsigned long i)
{
	static const uint8_t cmds[] = {
		MPLS_PW_CMD_AC_GET, MPLS_PW_CMD_PW_GET, MPLS_PW_CMD_PW_GET,
		MPLS_PW_CMD_SWITCH_GET, MPLS_PW_CMD_VRRP_GET,
		MPLS_PW_CMD_LINK_GET,
	};
	uint8_t cmd = cmds[rnd_below(sizeof(cmds))];
	struct between b = { i, rnd_one_in(3) ? 0 : 1 + rnd_below(4) };
	char *before, *after, *got;
	struct dump d;
	int rc;

	gen_dump(r, cmd, &model);
	n_dump++;
	before = conf_lines_of(&model, cmd, r);
	rc = conf_dump_lines(cmd, r, small_buf(), b.changes ? dump_changes :
			     NULL, &b, &got, &d);
	after = conf_lines_of(&model, cmd, r);
	if (rc < 0) {
		n_dump_bad++;
		printf("# request %lu: dump of cmd %u with a %zu-byte buffer failed: errno %d%s\n",
		       i, cmd, d.bufsz, d.err,
		       d.trunc ? ", a read was truncated" : "");
	} else if (d.intr) {
		n_dump_intr++;
	} else if (strcmp(got, before) && strcmp(got, after)) {
		char diff[4096];

		n_dump_bad++;
		conf_diff(after, got, diff, sizeof(diff));
		printf("# request %lu: dump of cmd %u (%u reads, %u changes between) not flagged NLM_F_DUMP_INTR and neither before nor after; - model after, + dump:\n%s",
		       i, cmd, d.reads, b.changes, diff);
	}
	free(before);
	free(after);
	free(got);
}

/* ---- the run ---- */

static void print_usage(void)
{
	fprintf(stderr,
		"usage: nlfuzz [--seed N] [--count N] [--sample N] [--check-every N] [-v]\n"
		"              --dev NAME[:vlan]...\n"
		"       nlfuzz --fail-nth [--max-n N] [-v] [--module]\n"
		"              --dev NAME[:vlan]...\n"
		"       nlfuzz --fail-nth [--max-n N] [-v] --netns | --ko PATH\n");
	exit(2);
}

static void add_dev(const char *arg)
{
	struct dev *d = &devs[ndevs];
	const char *colon = strchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);

	if (ndevs >= MAX_DEVS || len >= IF_NAMESIZE)
		print_usage();
	memcpy(d->name, arg, len);
	d->name[len] = 0;
	d->ifindex = if_nametoindex(d->name);
	if (!d->ifindex) {
		fprintf(stderr, "nlfuzz: no device %s\n", d->name);
		exit(2);
	}
	d->vlan = colon && !strcmp(colon, ":vlan");
	d->ether = strcmp(d->name, "lo") != 0;
	ndevs++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void result(int n, bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'c' },
		{ "sample", required_argument, NULL, 'S' },
		{ "check-every", required_argument, NULL, 'e' },
		{ "dev", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "fail-nth", no_argument, NULL, 'F' },
		{ "netns", no_argument, NULL, 'N' },
		{ "ko", required_argument, NULL, 'k' },
		{ "max-n", required_argument, NULL, 'm' },
		{ "module", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long count = 10000, sample = 16, every = 500, i, max_n = 0;
	struct req *r = malloc(sizeof(*r));
	bool have_seed = false, final_ok, fail_nth = false, netns = false;
	bool module = false;
	const char *ko = NULL;
	double t0, t;
	int c;

	if (!r)
		return 2;
	while ((c = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			have_seed = true;
			break;
		case 'c':
			count = strtoul(optarg, NULL, 0);
			break;
		case 'S':
			sample = strtoul(optarg, NULL, 0);
			break;
		case 'e':
			every = strtoul(optarg, NULL, 0);
			break;
		case 'd':
			add_dev(optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'F':
			fail_nth = true;
			break;
		case 'N':
			netns = true;
			break;
		case 'k':
			ko = optarg;
			break;
		case 'm':
			max_n = strtoul(optarg, NULL, 0);
			break;
		case 'M':
			module = true;
			break;
		default:
			print_usage();
		}
	}
	if (fail_nth && (!!ndevs + netns + !!ko) == 1 && (!module || ndevs)) {
		free(r);
		return failnth_main(netns, ko, module, max_n);
	}
	if (!ndevs || fail_nth || netns || ko || module)
		print_usage();
	if (!have_seed)
		seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	rnd_seed(seed);
	setvbuf(stdout, NULL, _IOLBF, 0);

	printf("TAP version 13\n1..6\n");
	printf("# seed %llu (--seed %llu repeats this run), %lu requests, %u devices\n",
	       (unsigned long long)seed, (unsigned long long)seed, count, ndevs);
	if (nl_open() || nl_family()) {
		printf("# no mpls_pw generic netlink family\n");
		return 1;
	}
	model_init(&model);
	if (!compare("at the start: an empty configuration", 0))
		printf("# the netns was not empty at the start\n");

	t0 = now();
	for (i = 1; n_req < count; i++) {
		unsigned int what = rnd_below(100);
		bool sampled = sample && rnd_one_in((uint32_t)sample) &&
			       what < 85;
		unsigned long refused0 = n_refused;
		struct model k0;
		char *before = NULL;

		if (sampled && conf_read(&k0, 8192) == 0) {
			n_extra += 6;
			before = conf_text(&k0);
		}
		n_req++;
		if (what < 50) {
			gen_request(r, &model);
			model_request(r, i);
		} else if (what < 85) {
			fuzz_one(r, i);
		} else {
			dump_one(r, i);
		}
		if (before) {
			struct model k1;
			char *after;

			n_sampled++;
			n_extra += 6;
			if (conf_read(&k1, 8192) == 0) {
				after = conf_text(&k1);
				/* refused: exactly as before */
				if (n_refused > refused0 &&
				    strcmp(before, after)) {
					char diff[4096];

					n_half++;
					conf_diff(before, after, diff,
						  sizeof(diff));
					printf("# request %lu was refused and changed the configuration; - before, + after:\n%s",
					       i, diff);
				}
				free(after);
			}
			n_sampled_refused += n_refused > refused0;
			free(before);
		}
		if (every && !(i % every))
			compare("periodic", i);
	}
	t = now() - t0;
	final_ok = compare("at the end", i);

	printf("# %lu requests in %.1f s: %.0f a second (and %lu more to read the configuration back)\n",
	       n_req, t, n_req / (t > 0 ? t : 1), n_extra);
	printf("# model requests %lu (%lu whose outcome the model leaves open), dumps %lu\n",
	       n_model, n_any, n_dump);
	for (c = 0; c < FZ_N; c++)
		printf("# fuzzed: %s: %lu\n", fuzz_names[c], n_fuzz[c]);
	printf("# random attributes accepted (the model read them back): %lu\n",
	       n_accepted_random);
	printf("# refused %lu: with an extack message %lu, with only a missing attribute %lu\n",
	       n_refused, n_refused_msg, n_refused_miss);

	result(1, n_req >= count, "requests sent: %lu of %lu, seed %llu",
	       n_req, count, (unsigned long long)seed);
	result(2, n_refused == n_refused_msg,
	       "refused requests carried an errno and an extack message: %lu of %lu",
	       n_refused_msg, n_refused);
	result(3, !n_mismatch,
	       "the kernel answered as the model predicted: %lu mismatches",
	       n_mismatch);
	result(4, !n_half,
	       "refused requests changed nothing: %lu refused of %lu sampled, %lu changed",
	       n_sampled_refused, n_sampled, n_half);
	result(5, !n_dump_bad,
	       "dumps with buffers of 8 KiB and less, changes between reads: %lu, %lu flagged interrupted, %lu wrong",
	       n_dump, n_dump_intr, n_dump_bad);
	result(6, final_ok && !n_conf_diff,
	       "the configuration dump equals the model: %lu differences on the way",
	       n_conf_diff);
	free(r);
	return n_req >= count && n_refused == n_refused_msg && !n_mismatch &&
	       !n_half && !n_dump_bad && final_ok && !n_conf_diff ? 0 : 1;
}
