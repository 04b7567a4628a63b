// SPDX-License-Identifier: GPL-2.0
/*
 * Tokens: numbers, labels, addresses, devices, keywords, batch lines.
 * Every error quotes the token that caused it and yields EXIT_USAGE,
 * except an unknown device, which is a runtime error (EXIT_FAIL) like
 * iproute2's "Cannot find device".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "pwctl.h"

const char *args_next(struct args *a)
{
	return a->i < a->argc ? a->argv[a->i++] : NULL;
}

const char *args_value(struct args *a, const char *kw)
{
	const char *v = args_next(a);

	if (!v)
		usage_err("missing value after \"%s\"", kw);
	return v;
}

bool args_accept(struct args *a, const char *word)
{
	const char *t = args_peek(a);

	if (t && !strcmp(t, word)) {
		a->i++;
		return true;
	}
	return false;
}

int args_end(const struct args *a)
{
	if (args_more(a))
		return usage_err("%s: unknown keyword \"%s\"", cur_cmd,
				 args_peek(a));
	return 0;
}

/* Decimal only, no sign, no spaces, no trailing garbage. */
static bool parse_dec(const char *tok, uint64_t *out)
{
	uint64_t v = 0;

	if (!*tok)
		return false;
	for (const char *p = tok; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = v;
	return true;
}

int parse_u32(const char *tok, const char *what, uint32_t min, uint32_t max,
	      uint32_t *out)
{
	uint64_t v;

	if (!parse_dec(tok, &v) || v < min || v > max)
		return usage_err("invalid %s \"%s\" (expected %u..%u)",
				 what, tok, min, max);
	*out = (uint32_t)v;
	return 0;
}

int parse_label(const char *tok, uint32_t *out)
{
	return parse_u32(tok, "label", MPLS_PW_LABEL_MIN, MPLS_PW_LABEL_MAX,
			 out);
}

/*
 * "L1/L2/L3", outermost first. Implicit null (3) is accepted alone, meaning
 * "no tunnel label" (a directly connected peer).
 */
int parse_labels(const char *tok, uint32_t *labels, unsigned int *n)
{
	char buf[256], *save = NULL, *p;
	unsigned int cnt = 0;
	uint64_t v;

	if (strlen(tok) >= sizeof(buf) || !*tok)
		return usage_err("invalid label stack \"%s\"", tok);
	strcpy(buf, tok);
	if (!strcmp(buf, "3") || !strcmp(buf, "implicit-null")) {
		labels[0] = 3;
		*n = 1;
		return 0;
	}
	if (buf[0] == '/' || buf[strlen(buf) - 1] == '/' || strstr(buf, "//"))
		return usage_err("invalid label stack \"%s\"", tok);
	for (p = strtok_r(buf, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (cnt == MPLS_PW_TUNNEL_LABELS_MAX)
			return usage_err("too many labels in \"%s\" (at most %d)",
					 tok, MPLS_PW_TUNNEL_LABELS_MAX);
		if (!parse_dec(p, &v) || v < MPLS_PW_LABEL_MIN ||
		    v > MPLS_PW_LABEL_MAX)
			return usage_err("invalid label \"%s\" (expected %u..%u)",
					 p, MPLS_PW_LABEL_MIN,
					 MPLS_PW_LABEL_MAX);
		labels[cnt++] = (uint32_t)v;
	}
	*n = cnt;
	return 0;
}

int parse_addr(const char *tok, const char *what, struct pwctl_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, tok, &out->v4) == 1) {
		out->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, tok, &out->v6) == 1) {
		out->family = AF_INET6;
		return 0;
	}
	return usage_err("invalid %s address \"%s\"", what, tok);
}

int parse_dev(const char *tok, char *ifname)
{
	if (!*tok || strlen(tok) >= IF_NAMESIZE)
		return usage_err("invalid device name \"%s\"", tok);
	strcpy(ifname, tok);
	return 0;
}

/*
 * Names are resolved once the whole command has been parsed, so that a
 * syntax error is always reported as one (exit 2), and in the netns that
 * -n entered.
 */
int resolve_dev(const char *ifname, uint32_t *ifindex)
{
	unsigned int idx = if_nametoindex(ifname);

	if (!idx)
		return run_err("cannot find device \"%s\"", ifname);
	*ifindex = idx;
	return 0;
}

int parse_keyword(const char *tok, const char *what,
		  const char *const *names, unsigned int n)
{
	char list[256] = "";

	for (unsigned int i = 0; i < n; i++) {
		if (names[i] && !strcmp(tok, names[i]))
			return (int)i;
	}
	for (unsigned int i = 0; i < n; i++) {
		if (!names[i])
			continue;
		if (*list)
			strncat(list, " | ", sizeof(list) - strlen(list) - 1);
		strncat(list, names[i], sizeof(list) - strlen(list) - 1);
	}
	usage_err("invalid %s \"%s\" (expected %s)", what, tok, list);
	return -1;
}

bool addr_equal(const struct pwctl_addr *a, const struct pwctl_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->v4.s_addr == b->v4.s_addr;
	if (a->family == AF_INET6)
		return !memcmp(&a->v6, &b->v6, sizeof(a->v6));
	return true;
}

const char *addr_str(const struct pwctl_addr *a, char *buf, size_t len)
{
	if (!a->family || !inet_ntop(a->family, &a->v4, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

int given_set(struct given *g, unsigned int field, const char *tok)
{
	if (g->bits & BIT(field)) {
		if (!strcmp(g->tok[field], tok))
			return usage_err("\"%s\" given twice", tok);
		return usage_err("\"%s\" conflicts with \"%s\"", tok,
				 g->tok[field]);
	}
	g->bits |= BIT(field);
	g->tok[field] = tok;
	return 0;
}

const char *args_field(struct args *a, const char *kw, struct given *g,
		       unsigned int field)
{
	const char *t = args_value(a, kw);

	if (!t || given_set(g, field, kw))
		return NULL;
	return t;
}

int args_u32(struct args *a, const char *kw, struct given *g,
	     unsigned int field, uint32_t min, uint32_t max, uint32_t *out)
{
	const char *t = args_field(a, kw, g, field);

	if (!t || parse_u32(t, kw, min, max, out))
		return EXIT_USAGE;
	return 0;
}

int args_enum(struct args *a, const char *kw, const char *what,
	      const char *const *names, unsigned int n, uint8_t *out)
{
	const char *t = args_value(a, kw);
	int v;

	if (!t)
		return EXIT_USAGE;
	v = parse_keyword(t, what, names, n);
	if (v < 0)
		return EXIT_USAGE;
	*out = (uint8_t)v;
	return 0;
}

bool is_flag(const char *tok, const char *kw)
{
	if (!strncmp(tok, "no-", 3))
		tok += 3;
	return !strcmp(tok, kw);
}

int given_flag(struct given *g, unsigned int field, const char *tok,
	       bool *on)
{
	if (given_set(g, field, tok))
		return EXIT_USAGE;
	*on = strncmp(tok, "no-", 3) != 0;
	return 0;
}

/*
 * Splits a batch line like a shell would for simple cases: blanks separate
 * words, "double" or 'single' quotes group, '#' at the start of a word
 * begins a comment.
 */
int split_line(char *line, char **argv, int max)
{
	char *r = line, *w = line;
	int argc = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r || *r == '#')
			break;
		if (argc == max)
			return -1;
		argv[argc++] = w;
		while (*r && *r != ' ' && *r != '\t' && *r != '\n' &&
		       *r != '\r') {
			if (*r == '"' || *r == '\'') {
				char q = *r++;

				while (*r && *r != q)
					*w++ = *r++;
				if (!*r)
					return -1;
				r++;
			} else {
				*w++ = *r++;
			}
		}
		if (*r)
			r++;
		*w++ = '\0';
	}
	return argc;
}

/*
 * Calls @fn with the words of each line of @file ("-": stdin) that has
 * any, with cur_loc naming the line, until one fails. Returns that failure
 * (a line that cannot be split is a usage error), its line in *@lineno.
 */
int read_lines(const char *file, line_fn fn, void *data, int *lineno)
{
	const char *name = strcmp(file, "-") ? file : "<stdin>";
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char loc[512], *line = NULL, *argv[MAX_LINE_ARGS];
	size_t cap = 0;
	int argc, ret = 0;

	*lineno = 0;
	if (!f)
		return run_err("cannot open \"%s\": %s", file, strerror(errno));
	while (!ret && getline(&line, &cap, f) >= 0) {
		(*lineno)++;
		snprintf(loc, sizeof(loc), "%s:%d", name, *lineno);
		cur_loc = loc;
		argc = split_line(line, argv, MAX_LINE_ARGS);
		if (argc < 0)
			ret = usage_err("unterminated quote or too many words");
		else if (argc > 0)
			ret = fn(argc, argv, *lineno, data);
	}
	cur_loc = NULL;
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}
