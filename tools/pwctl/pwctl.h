/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pwctl: configure the mpls_pw generic netlink family.
 *
 * Every command goes the same way: argv is parsed into an object model
 * (struct pwctl_ac, struct pwctl_pw, ...) whose "given" bits say which
 * fields the user named, then exactly one netlink request is built from the
 * given fields. Replies are decoded into the same model and printed from
 * it, in human or JSON form.
 */
#ifndef PWCTL_H
#define PWCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <net/if.h>
#include <netinet/in.h>

#include <linux/mpls_pw.h>

#define PWCTL_VERSION	"1.0"

/* Exit status: 0 ok, 1 the kernel refused or a runtime error, 2 bad usage. */
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1ULL << (n))

struct pwctl_opts {
	bool json;		/* -j */
	bool pretty;		/* -p (implies -j) */
	bool stats;		/* -s */
	bool details;		/* -d */
	const char *netns;	/* -n */
	const char *batch;	/* -batch */
};

extern struct pwctl_opts opts;

/* Where the command being run came from ("file:line"), for messages. */
extern const char *cur_loc;
/* The command being run ("pw add"), for messages. */
extern const char *cur_cmd;

int usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int run_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- argument cursor (parse.c) ---- */

struct args {
	int argc;
	char **argv;
	int i;
};

static inline bool args_more(const struct args *a)
{
	return a->i < a->argc;
}

static inline const char *args_peek(const struct args *a)
{
	return a->i < a->argc ? a->argv[a->i] : NULL;
}

const char *args_next(struct args *a);
/* The value after keyword @kw, or an error (NULL) when there is none. */
const char *args_value(struct args *a, const char *kw);
bool args_accept(struct args *a, const char *word);
/* 0 at the end of the words, else an error naming the first one left. */
int args_end(const struct args *a);

/* ---- addresses, numbers, labels, devices (parse.c) ---- */

struct pwctl_addr {
	int family;		/* AF_INET, AF_INET6, 0 = unset */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

int parse_u32(const char *tok, const char *what, uint32_t min, uint32_t max,
	      uint32_t *out);
int parse_label(const char *tok, uint32_t *out);
int parse_labels(const char *tok, uint32_t *labels, unsigned int *n);
int parse_addr(const char *tok, const char *what, struct pwctl_addr *out);
int parse_dev(const char *tok, char *ifname);
int resolve_dev(const char *ifname, uint32_t *ifindex);
int parse_keyword(const char *tok, const char *what,
		  const char *const *names, unsigned int n);
bool addr_equal(const struct pwctl_addr *a, const struct pwctl_addr *b);
const char *addr_str(const struct pwctl_addr *a, char *buf, size_t len);
#define ADDR_STRLEN	INET6_ADDRSTRLEN

/* Remembers which token set each field so conflicts can quote both. */
struct given {
	uint64_t bits;
	const char *tok[64];
};

int given_set(struct given *g, unsigned int field, const char *tok);
static inline bool given_has(const struct given *g, unsigned int field)
{
	return g->bits & BIT(field);
}

/* Keyword @kw with its value, which sets @field of @g (NULL: an error). */
const char *args_field(struct args *a, const char *kw, struct given *g,
		       unsigned int field);
/* "KW N" setting @field, N in [@min, @max]; the keyword names the value. */
int args_u32(struct args *a, const char *kw, struct given *g,
	     unsigned int field, uint32_t min, uint32_t max, uint32_t *out);
/* The value after @kw, one of @names (its index in *@out). */
int args_enum(struct args *a, const char *kw, const char *what,
	      const char *const *names, unsigned int n, uint8_t *out);
/* True when @tok is the flag @kw or its negation "no-@kw". */
bool is_flag(const char *tok, const char *kw);
/* Flag @tok ("kw" or "no-kw") setting @field: *@on tells which. */
int given_flag(struct given *g, unsigned int field, const char *tok,
	       bool *on);

/* ---- batch lines (parse.c) ---- */

#define MAX_LINE_ARGS	128

/* Splits @line in place; returns argc, -1 on an unterminated quote. */
int split_line(char *line, char **argv, int max);

/* Each line of words of @file ("-": stdin) to @fn, up to a failure. */
typedef int (*line_fn)(int argc, char **argv, int lineno, void *data);
int read_lines(const char *file, line_fn fn, void *data, int *lineno);

/* ---- JSON and output helpers (json.c) ---- */

void jw_obj_open(const char *key);
void jw_obj_close(void);
void jw_arr_open(const char *key);
void jw_arr_close(void);
void jw_str(const char *key, const char *val);
void jw_u64(const char *key, uint64_t val);
void jw_bool(const char *key, bool val);
void jw_float(const char *key, double val);
void jw_end(void);		/* newline after a top-level value */

/* Human form: names of bits and enums. */
const char *enum_name(const char *const *names, unsigned int n,
		      unsigned int val, char *buf, size_t len);
const char *enum_str(const char *const *names, unsigned int n,
		     unsigned int val);
void print_bits(FILE *f, const char *const *names, unsigned int n,
		uint32_t bits, const char *sep);
void json_bits(const char *key, const char *const *names, unsigned int n,
	       uint32_t bits);
void print_ms(FILE *f, uint64_t ms);

/* ---- netlink (nl.c) ---- */

struct nlmsghdr;
struct nlattr;

typedef int (*nl_cb_t)(const struct nlmsghdr *nlh, void *data);

#define NL_BUF_SIZE	(64 * 1024)

int nl_open(void);
void nl_close(void);
/* Starts a request of @cmd in @buf; NLM_F_REQUEST | NLM_F_ACK | @flags. */
struct nlmsghdr *nl_msg(void *buf, uint8_t cmd, uint16_t flags);
/*
 * Sends @nlh and reads replies up to the ACK or NLMSG_DONE, calling @cb for
 * each data message. Returns 0, or -errno after printing the kernel's
 * extack message and the error.
 */
int nl_request(struct nlmsghdr *nlh, nl_cb_t cb, void *data);
/* True when the last dump was interrupted (NLM_F_DUMP_INTR). */
bool nl_dump_intr(void);
int nl_monitor(nl_cb_t cb, void *data);

/* Attribute helpers: a table of the attributes of one nest or message. */
int nl_parse_nest(const struct nlattr *nest, const struct nlattr **tb,
		  unsigned int max);
int nl_parse_msg(const struct nlmsghdr *nlh, const struct nlattr **tb,
		 unsigned int max);
bool nl_u8(const struct nlattr *a, uint8_t *v);
bool nl_u16(const struct nlattr *a, uint16_t *v);
bool nl_u32(const struct nlattr *a, uint32_t *v);
bool nl_u64(const struct nlattr *a, uint64_t *v);
bool nl_str(const struct nlattr *a, char *buf, size_t len);
uint8_t nl_genl_cmd(const struct nlmsghdr *nlh);

/* ---- objects ---- */

/* A PW key: (peer, vc-id). */
struct pwctl_key {
	struct pwctl_addr peer;
	uint32_t vc_id;
};

bool key_equal(const struct pwctl_key *a, const struct pwctl_key *b);
int key_parse(struct args *a, struct pwctl_key *key, bool need_vc_id);
void key_put(struct nlmsghdr *nlh, const struct pwctl_key *key);
int key_from_nest(const struct nlattr *nest, struct pwctl_key *key);
int key_from_tb(const struct nlattr **tb, struct pwctl_key *key);
void key_print(FILE *f, const struct pwctl_key *key);
void key_json(const struct pwctl_key *key);

/* An address as the @v4 or @v6 attribute, whichever its family is. */
void addr_put(struct nlmsghdr *nlh, uint16_t v4, uint16_t v6,
	      const struct pwctl_addr *addr);
/* The address of attribute @v4 or else @v6; false when neither is one. */
bool addr_get(const struct nlattr *v4, const struct nlattr *v6,
	      struct pwctl_addr *addr);
/* A device name: attribute @name, else looked up, else "ifN". */
void ifname_get(const struct nlattr *name, uint32_t ifindex, char *buf);

enum ac_field {
	AC_F_IFINDEX,
	AC_F_REDUNDANCY,
	AC_F_STATE,
	AC_F_DUAL_RECEIVE,
	AC_F_ARP_DUAL_SEND,
	AC_F_ARP_EXPIRE,
	AC_F_ND_DUAL_SEND,
	AC_F_ND_EXPIRE,
	AC_F_REROUTE,
	AC_F_REROUTE_DELAY,
	AC_F_HOLDOFF,
	AC_F_MAX
};

struct pwctl_ac {
	struct given given;
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	uint8_t redundancy;
	uint8_t state;
	bool dual_receive;
	bool arp_dual_send;
	uint32_t arp_expire;
	bool nd_dual_send;
	uint32_t nd_expire;
	uint8_t reroute;
	uint32_t reroute_delay;
	uint32_t holdoff;
	int line;			/* source line (setconf) */
};

enum pw_field {
	PW_F_PEER,
	PW_F_VC_ID,
	PW_F_IFINDEX,
	PW_F_ROLE,
	PW_F_LOCAL_LABEL,
	PW_F_REMOTE_LABEL,
	PW_F_CONTROL_WORD,
	PW_F_MODE,
	PW_F_VLAN,
	PW_F_TTL,
	PW_F_TUNNEL,
	PW_F_IGNORE_STANDBY,
	PW_F_TRACK,
	PW_F_STATUS_SIGNALING,
	PW_F_REFRESH,
	PW_F_ADMIN,
	PW_F_REMOTE_STATUS,
	PW_F_MAX
};

struct pwctl_tunnel {
	bool set;			/* false: resolved through the FIB */
	struct pwctl_addr via;
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	uint32_t labels[MPLS_PW_TUNNEL_LABELS_MAX];
	unsigned int nlabels;
};

struct pwctl_track {
	bool set;			/* false: no VRRP tracking */
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	uint8_t vrid;
	bool pw_redundancy;
};

struct pwctl_pw {
	struct given given;
	struct pwctl_key key;
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	uint8_t role;
	uint32_t local_label;
	uint32_t remote_label;
	bool control_word;
	uint8_t mode;
	uint16_t vlan;
	uint8_t ttl;
	struct pwctl_tunnel tunnel;
	bool ignore_standby;
	struct pwctl_track track;
	bool status_signaling;
	uint16_t refresh;
	bool admin_up;
	uint8_t remote_status;
	int line;			/* source line (setconf) */
};

struct pwctl_switch {
	struct pwctl_key pw[2];
	int line;
};

struct pwctl_vrrp {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	uint8_t vrid;
	uint8_t state;
	int line;
};

struct pwctl_link {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	bool has_input;
	bool mpls_input;
	int line;
};

/* The netns-wide settings; has_max_pws: the field was given or reported. */
struct pwctl_net {
	bool has_max_pws;
	uint32_t max_pws;
	int line;
};

/* "link set" / "net set" arguments into a model (parse only, no I/O). */
int link_parse(struct args *a, struct pwctl_link *l, bool set);
int net_parse(struct args *a, struct pwctl_net *n);
int link_request(const struct pwctl_link *l);
int net_request(const struct pwctl_net *n);
int link_from_nest(const struct nlattr *nest, struct pwctl_link *l);
int link_dump_all(struct pwctl_link **out, size_t *n);
int net_get(struct pwctl_net *n);
void link_print_conf(FILE *f, const struct pwctl_link *l);
void net_print_conf(FILE *f, const struct pwctl_net *n);
void link_print_event(const struct nlattr *nest);
void link_json_fields(const struct nlattr *nest);
void net_print_event(const struct nlattr *nest);
void net_json_fields(const struct nlattr *nest);

/* Parsing argv into a model, as for "add" / "set" (parse only, no I/O). */
int ac_parse(struct args *a, struct pwctl_ac *ac);
int pw_parse(struct args *a, struct pwctl_pw *pw, bool add);
int switch_parse(struct args *a, struct pwctl_switch *sw);
int vrrp_parse(struct args *a, struct pwctl_vrrp *v);

/* Decoding a reply nest into a model (no given bits for out attrs). */
int ac_from_nest(const struct nlattr *nest, struct pwctl_ac *ac);
int pw_from_nest(const struct nlattr *nest, struct pwctl_pw *pw);
int switch_from_nest(const struct nlattr *nest, struct pwctl_switch *sw);
int vrrp_from_nest(const struct nlattr *nest, struct pwctl_vrrp *v);

/* One request from a model: only the given fields are sent. */
int ac_request(uint8_t cmd, const struct pwctl_ac *ac);
int pw_request(uint8_t cmd, const struct pwctl_pw *pw, bool add);
int switch_request(uint8_t cmd, const struct pwctl_switch *sw);
int vrrp_request(uint8_t cmd, const struct pwctl_vrrp *v);

/* Dumps into arrays (showconf, syncconf); free() the result. */
int ac_dump_all(struct pwctl_ac **out, size_t *n);
int pw_dump_all(struct pwctl_pw **out, size_t *n);
int switch_dump_all(struct pwctl_switch **out, size_t *n);
int vrrp_dump_all(struct pwctl_vrrp **out, size_t *n);

bool switch_same(const struct pwctl_switch *a, const struct pwctl_switch *b);

/* One batch line for the object, as setconf reads it back. */
void ac_print_conf(FILE *f, const struct pwctl_ac *ac);
void pw_print_conf(FILE *f, const struct pwctl_pw *pw);
void switch_print_conf(FILE *f, const struct pwctl_switch *sw);
void vrrp_print_conf(FILE *f, const struct pwctl_vrrp *v);

/* Printing one object of a notification (monitor.c). */
void ac_print_event(const struct nlattr *nest);
void pw_print_event(const struct nlattr *nest);
void switch_print_event(const struct nlattr *nest);
void vrrp_print_event(const struct nlattr *nest);
void ac_json_fields(const struct nlattr *nest);
void pw_json_fields(const struct nlattr *nest);
void switch_json_fields(const struct nlattr *nest);
void vrrp_json_fields(const struct nlattr *nest);

/* Counters (stats.c). */
void stats_json(const char *key, const struct nlattr *nest);
void stats_print(FILE *f, const char *indent, const struct nlattr *nest,
		 bool all);

/* Names shared by printing and parsing. */
extern const char *const role_names[4];
extern const char *const fwd_names[3];
extern const char *const down_names[9];
extern const char *const status_names[7];

/* ---- commands ---- */

int ac_main(struct args *a);
int pw_main(struct args *a);
int switch_main(struct args *a);
int vrrp_main(struct args *a);
int link_main(struct args *a);
int net_main(struct args *a);
int stats_main(struct args *a);
int monitor_main(struct args *a);
int showconf_main(struct args *a);
int setconf_main(struct args *a);
int syncconf_main(struct args *a);

/* Replies (common.c): the @top nest of each, one GET or dump at a time. */
typedef int (*object_fn)(const struct nlattr *nest, void *data);
int request_objects(struct nlmsghdr *nlh, unsigned int top, object_fn fn,
		    void *data);

/* Show loop: one GET or dump, printed object by object. */
typedef void (*show_fn)(const struct nlattr *nest);
int show_request(struct nlmsghdr *nlh, unsigned int top, show_fn print,
		 bool blank);

/* A dump into an array of models of @size bytes, decoded by @decode. */
int dump_all(uint8_t cmd, unsigned int top, object_fn decode, size_t size,
	     void **out, size_t *n);

/* A verb of an object: "add", "show", ...; @cmd is what it sends. */
struct verb {
	const char *name;
	int (*fn)(struct args *a, uint8_t cmd);
	uint8_t cmd;
};

int run_verb(const char *obj, const struct verb *verbs, unsigned int n,
	     struct args *a);

#endif /* PWCTL_H */
