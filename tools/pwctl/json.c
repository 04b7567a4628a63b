// SPDX-License-Identifier: GPL-2.0
/*
 * A small streaming JSON writer (compact, or indented with -p) and the
 * helpers that name bits and enums for both output forms.
 */
#include <inttypes.h>
#include <string.h>

#include "pwctl.h"

#define JW_DEPTH	16

static struct {
	int depth;
	bool has_items[JW_DEPTH];
} jw;

static void jw_indent(void)
{
	if (!opts.pretty)
		return;
	putchar('\n');
	for (int i = 0; i < jw.depth; i++)
		fputs("    ", stdout);
}

static void jw_escaped(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		default:
			if (*p < 0x20)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
	}
	putchar('"');
}

/* Separator, indentation and key before a value. */
static void jw_member(const char *key)
{
	if (jw.depth > 0) {
		if (jw.has_items[jw.depth])
			putchar(',');
		jw.has_items[jw.depth] = true;
		jw_indent();
	}
	if (key) {
		jw_escaped(key);
		fputs(opts.pretty ? ": " : ":", stdout);
	}
}

static void jw_open(const char *key, char c)
{
	jw_member(key);
	putchar(c);
	if (jw.depth < JW_DEPTH - 1)
		jw.depth++;
	jw.has_items[jw.depth] = false;
}

static void jw_close(char c)
{
	bool items = jw.has_items[jw.depth];

	if (jw.depth > 0)
		jw.depth--;
	if (items)
		jw_indent();
	putchar(c);
}

void jw_obj_open(const char *key)
{
	jw_open(key, '{');
}

void jw_obj_close(void)
{
	jw_close('}');
}

void jw_arr_open(const char *key)
{
	jw_open(key, '[');
}

void jw_arr_close(void)
{
	jw_close(']');
}

void jw_str(const char *key, const char *val)
{
	jw_member(key);
	jw_escaped(val);
}

void jw_u64(const char *key, uint64_t val)
{
	jw_member(key);
	printf("%" PRIu64, val);
}

void jw_bool(const char *key, bool val)
{
	jw_member(key);
	fputs(val ? "true" : "false", stdout);
}

void jw_float(const char *key, double val)
{
	jw_member(key);
	printf("%.6f", val);
}

void jw_end(void)
{
	putchar('\n');
	fflush(stdout);
}

const char *enum_name(const char *const *names, unsigned int n,
		      unsigned int val, char *buf, size_t len)
{
	if (val < n && names[val])
		return names[val];
	snprintf(buf, len, "unknown-%u", val);
	return buf;
}

/* Like enum_name() with its own buffers: up to 4 results live at once. */
const char *enum_str(const char *const *names, unsigned int n, unsigned int val)
{
	static char buf[4][24];
	static unsigned int slot;

	slot = (slot + 1) % 4;
	return enum_name(names, n, val, buf[slot], sizeof(buf[slot]));
}

void print_bits(FILE *f, const char *const *names, unsigned int n,
		uint32_t bits, const char *sep)
{
	bool first = true;

	for (unsigned int i = 0; i < 32; i++) {
		if (!(bits & (1U << i)))
			continue;
		fputs(first ? "" : sep, f);
		first = false;
		if (i < n && names[i])
			fputs(names[i], f);
		else
			fprintf(f, "0x%x", 1U << i);
	}
}

void json_bits(const char *key, const char *const *names, unsigned int n,
	       uint32_t bits)
{
	char buf[16];

	jw_arr_open(key);
	for (unsigned int i = 0; i < 32; i++) {
		if (!(bits & (1U << i)))
			continue;
		if (i < n && names[i]) {
			jw_str(NULL, names[i]);
		} else {
			snprintf(buf, sizeof(buf), "0x%x", 1U << i);
			jw_str(NULL, buf);
		}
	}
	jw_arr_close();
}

/* "12.3s", "4m5.0s", "2h3m", "3d4h": coarse enough for a human. */
void print_ms(FILE *f, uint64_t ms)
{
	uint64_t s = ms / 1000;

	if (s < 60)
		fprintf(f, "%" PRIu64 ".%" PRIu64 "s", s, (ms % 1000) / 100);
	else if (s < 3600)
		fprintf(f, "%" PRIu64 "m%" PRIu64 "s", s / 60, s % 60);
	else if (s < 86400)
		fprintf(f, "%" PRIu64 "h%" PRIu64 "m", s / 3600,
			(s % 3600) / 60);
	else
		fprintf(f, "%" PRIu64 "d%" PRIu64 "h", s / 86400,
			(s % 86400) / 3600);
}
