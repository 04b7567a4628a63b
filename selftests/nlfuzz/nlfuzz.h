/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlfuzz: a seeded fuzzer of the mpls_pw generic netlink family, with a
 * model of the configuration that valid requests are mirrored in.
 *
 *   rand.c   the seeded generator
 *   attr.c   requests as attribute trees, written out as netlink messages
 *   nl.c     the sockets: requests and their acks, dumps with small buffers
 *   model.c  what the family does with a request, mirrored in a model
 *   conf.c   the configuration read back from the kernel, and shown as text
 *   gen.c    valid requests (and requests the model refuses)
 *   fuzz.c   requests the kernel must refuse, and the genetlink core's cases
 *   failnth.c  --fail-nth: requests, netns creation and module load with
 *            each of their fault injection points failing in turn
 *   main.c   options, the run, the KTAP report
 */
#ifndef NLFUZZ_H
#define NLFUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/netlink.h>

#include <linux/mpls_pw.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- rand.c ---- */

void rnd_seed(uint64_t seed);
uint64_t rnd(void);
/* 0 .. n - 1 */
uint32_t rnd_below(uint32_t n);
/* true one time in @n */
bool rnd_one_in(uint32_t n);
void rnd_bytes(void *buf, size_t len);

/* ---- attr.c ---- */

#define ATTR_DATA_MAX	64
#define ATTR_CHILDREN	24
#define REQ_POOL	160

/* One attribute: a nest (children) or a leaf (data, len bytes). */
struct attr {
	uint16_t type;			/* may carry NLA_F_NESTED */
	bool nest;
	uint16_t n;
	struct attr *ch[ATTR_CHILDREN];
	uint32_t len;			/* leaf: bytes past data[] are 0x5a */
	uint8_t data[ATTR_DATA_MAX];
};

/* A request: the genetlink command, flags and the top-level attributes. */
struct req {
	uint8_t cmd;
	uint8_t version;
	uint16_t reserved;		/* genlmsghdr.reserved */
	uint16_t flags;			/* NLM_F_REQUEST | NLM_F_ACK unless fuzzed */
	uint32_t cut;			/* bytes cut off the end (truncated) */
	struct attr top;
	unsigned int used;
	struct attr pool[REQ_POOL];
};

void req_init(struct req *r, uint8_t cmd);
struct attr *a_nest(struct req *r, struct attr *parent, uint16_t type);
struct attr *a_put(struct req *r, struct attr *parent, uint16_t type,
		   const void *data, uint32_t len);
struct attr *a_u8(struct req *r, struct attr *p, uint16_t type, uint8_t v);
struct attr *a_u16(struct req *r, struct attr *p, uint16_t type, uint16_t v);
struct attr *a_u32(struct req *r, struct attr *p, uint16_t type, uint32_t v);
void a_remove(struct attr *parent, unsigned int i);
/* The last attribute of @type in @nest (the one the kernel takes), or NULL */
struct attr *a_get(const struct attr *nest, uint16_t type);
uint8_t a_get_u8(const struct attr *a);
uint16_t a_get_u16(const struct attr *a);
uint32_t a_get_u32(const struct attr *a);
/* the payload length the attribute is written with */
uint32_t a_len(const struct attr *a);
/* the whole message; returns its length */
size_t req_write(const struct req *r, uint16_t family, uint32_t seq,
		 uint8_t *buf, size_t size);
/* every attribute of the tree, depth first, into @out (at most @max) */
unsigned int a_walk(struct attr *nest, struct attr **out,
		    struct attr **parents, unsigned int max);
/* one line describing a request (for failures and --verbose) */
void req_describe(const struct req *r, char *buf, size_t size);

/* ---- nl.c ---- */

struct answer {
	int err;			/* positive errno, 0 for success */
	bool replied;			/* an ack or DONE came back */
	int sockerr;			/* no answer: the receive's errno */
	bool msg;			/* NLMSGERR_ATTR_MSG */
	bool miss;			/* NLMSGERR_ATTR_MISS_TYPE */
	uint32_t miss_type;
	char text[160];
	/* a doit's reply message, if any */
	uint8_t reply[8192];
	size_t reply_len;
};

int nl_open(void);
void nl_close(void);
/* receives give up after @seconds (EAGAIN) */
void nl_timeout(int seconds);
int nl_family(void);
int nl_send(const struct req *r, struct answer *ans);
/* raw: a prepared message */
int nl_send_raw(const uint8_t *buf, size_t len, uint32_t seq,
		struct answer *ans);
uint32_t nl_seq(void);
uint16_t nl_family_id(void);

/* One dump, read in steps of at most @bufsz bytes. */
struct dump {
	uint32_t seq;
	size_t bufsz;
	bool done;
	bool intr;			/* NLM_F_DUMP_INTR seen */
	bool trunc;			/* a read was truncated (MSG_TRUNC) */
	int err;			/* error instead of DONE */
	unsigned int reads;
	unsigned int msgs;
	size_t biggest;			/* largest read */
	void (*cb)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
};

int dump_begin(struct dump *d, const struct req *r, size_t bufsz,
	       void (*cb)(const struct nlmsghdr *nlh, void *arg), void *arg);
/* 1: more to read, 0: done, -1: a socket error */
int dump_step(struct dump *d);

/* ---- the model (model.c, conf.c) ---- */

#define MAX_DEVS	32
#define MAX_PWS		128
#define MAX_ACS		MAX_DEVS
#define MAX_VRRPS	160

struct dev {
	char name[IF_NAMESIZE];
	uint32_t ifindex;
	bool ether;			/* ARPHRD_ETHER: may be an AC, a tunnel */
	bool vlan;			/* a VLAN device */
};

extern struct dev devs[MAX_DEVS];
extern unsigned int ndevs;

struct pw_key {
	uint8_t fam;			/* 4 or 6 */
	uint8_t addr[16];
	uint32_t vc;
};

struct m_pw {
	struct pw_key key;
	uint32_t ifindex;		/* the AC, 0 for none */
	uint8_t role;
	uint32_t llabel;
	uint32_t rlabel;
	uint8_t cw;
	uint8_t mode;
	uint16_t vid;
	uint8_t ttl;
	uint8_t ign;
	uint8_t status;
	uint16_t refresh;
	uint8_t admin;
	bool tun;			/* explicit tunnel */
	uint8_t via_fam;
	uint8_t via[16];
	uint32_t tun_if;
	uint8_t nlabels;
	uint32_t labels[MPLS_PW_TUNNEL_LABELS_MAX];
	uint32_t trk_if;		/* 0: no track-vrrp */
	uint8_t trk_vrid;
	uint8_t trk_red;
	int partner;			/* index of the switched PW, -1 */
	bool first;			/* named first in its switch */
};

struct m_ac {
	uint32_t ifindex;
	uint8_t red;
	uint8_t state;
	uint8_t dual;
	uint8_t arp;
	uint8_t nd;
	uint8_t reroute;
	uint32_t arp_exp;
	uint32_t nd_exp;
	uint32_t delay;
	uint32_t holdoff;
};

struct m_vrrp {
	uint32_t ifindex;
	uint8_t vrid;
	uint8_t state;
};

struct model {
	unsigned int npws, nacs, nvrrps, nlinks;
	struct m_pw pw[MAX_PWS];
	struct m_ac ac[MAX_ACS];
	struct m_vrrp vrrp[MAX_VRRPS];
	uint32_t link[MAX_DEVS];	/* ifindexes with MPLS input on */
	uint32_t max_pws;
	uint32_t k_pws, k_acs;		/* read back: the kernel's counts */
};

/* What the model says of a request. */
enum verdict {
	V_ERR,				/* refused with errno */
	V_OK,				/* done; the model followed */
	V_ANY,				/* either; nothing in the configuration
					 * changes (manual switchover)
					 */
};

struct dev *dev_by_ifindex(uint32_t ifindex);
int m_find_pw(const struct model *m, const struct pw_key *k);
int m_find_ac(const struct model *m, uint32_t ifindex);
int m_find_label(const struct model *m, uint32_t label);
/* the model's answer: V_ERR with *err set, or V_OK / V_ANY (applied) */
enum verdict model_run(struct model *m, const struct req *r, int *err);
void model_init(struct model *m);
void model_del_pw(struct model *m, int i);

/* conf.c: the configuration read back, and the model as sorted text */
int conf_read(struct model *m, size_t bufsz);
char *conf_text(const struct model *m);
/* the configured settings of two PWs, two ACs, are the same */
bool conf_same_pw(const struct m_pw *a, const struct m_pw *b);
bool conf_same_ac(const struct m_ac *a, const struct m_ac *b);
/* lines of @a not in @b and of @b not in @a into @out */
void conf_diff(const char *a, const char *b, char *out, size_t size);
/* A dump of one object type: the command, and its lines in the text. */
int conf_dump_lines(uint8_t cmd, const struct req *filter, size_t bufsz,
		    void (*between)(void *), void *arg, char **text,
		    struct dump *info);
char *conf_lines_of(const struct model *m, uint8_t cmd,
		    const struct req *filter);
void conf_parse_pw(const struct nlattr *nest, struct model *m);

/* ---- gen.c, fuzz.c ---- */

/* A valid request of any command, or one the model refuses. */
void gen_request(struct req *r, const struct model *m);
/* A dump request of @cmd (the PW dump may get a filter). */
void gen_dump(struct req *r, uint8_t cmd, const struct model *m);
/* random valid values */
void gen_key(struct pw_key *k, const struct model *m);
void gen_put_key(struct req *r, struct attr *nest, const struct pw_key *k);

enum fuzz_kind {
	FZ_SIZE,			/* a fixed-size attribute of another size */
	FZ_RANGE,			/* a value out of its range */
	FZ_UNKNOWN,			/* an attribute type the policy lacks */
	FZ_READONLY,			/* an output-only attribute */
	FZ_NESTFLAG,			/* NLA_F_NESTED missing or unexpected */
	FZ_TRUNC,			/* the message cut inside an attribute */
	FZ_OVERSIZE,			/* an attribute of tens of KiB */
	FZ_BADNEST,			/* a nest whose content does not parse */
	FZ_FLAGS,			/* nlmsg_flags or genlmsghdr.reserved
					 * the genetlink core refuses
					 */
	FZ_RANDOM,			/* random attributes: may even be valid */
	FZ_N_REFUSED = FZ_RANDOM,	/* kinds before this are always refused */
	FZ_CORE_CMD,			/* a command the family does not have */
	FZ_CORE_DUMP,			/* a dump of a command without one */
	FZ_CORE_NODOIT,			/* a doit of a dump-only command */
	FZ_CORE_SHORT,			/* shorter than the genetlink header */
	FZ_CORE_NOREQ,			/* NLM_F_REQUEST missing */
	FZ_N
};

extern const char *const fuzz_names[FZ_N];

/* Turn @r, a request from gen_request(), into a fuzzed one of @kind.
 * Returns false if this request has nothing to fuzz that way.
 */
bool fuzz_request(struct req *r, enum fuzz_kind kind);

/* ---- failnth.c ---- */

/*
 * The --fail-nth run: requests (@module: with faults only in mpls_pw's
 * code), --netns, or --ko PATH; the exit status.
 */
int failnth_main(bool netns, const char *ko, bool module,
		 unsigned long max_n);

/* ---- main.c ---- */

extern int verbose;

#endif /* NLFUZZ_H */
