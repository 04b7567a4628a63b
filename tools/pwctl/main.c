// SPDX-License-Identifier: GPL-2.0
/*
 * pwctl: options, the table of commands, -batch and -n NETNS.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "pwctl.h"

struct pwctl_opts opts;
const char *cur_loc;
const char *cur_cmd;

static void vmsg(const char *fmt, va_list ap)
{
	fputs("pwctl: ", stderr);
	if (cur_loc)
		fprintf(stderr, "%s: ", cur_loc);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int run_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

static void usage(FILE *f)
{
	fputs(
"Usage: pwctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
"       pwctl [ OPTIONS ] -batch FILE\n"
"\n"
"  pwctl ac { add | set } dev IF [ redundancy { master | independent } ]\n"
"          [ state { active | standby } ]\n"
"          [ stream-dual-receiving | no-stream-dual-receiving ]\n"
"          [ arp-dual-sending [ expire-time SEC ] | no-arp-dual-sending ]\n"
"          [ nd-dual-sending [ expire-time SEC ] | no-nd-dual-sending ]\n"
"          [ reroute { delay SEC | immediately | never } ] [ holdoff SEC ]\n"
"  pwctl ac { del | switchover } dev IF\n"
"  pwctl ac show [ dev IF ]\n"
"  pwctl pw add peer ADDR vc-id ID local-label L remote-label L\n"
"          [ dev IF [ primary | secondary | bypass ] ]\n"
"          [ control-word | no-control-word ] [ raw | tagged [ vlan VID ] ]\n"
"          [ ttl N ] [ tunnel { via ADDR dev IF [ label L[/L...] ] | route } ]\n"
"          [ ignore-standby-state | no-ignore-standby-state ]\n"
"          [ track-vrrp dev IF vrid N [ pw-redundancy ] | no-track-vrrp ]\n"
"          [ status-signaling { on | off } [ refresh SEC ] ]\n"
"          [ admin { up | down } ]\n"
"  pwctl pw set peer ADDR vc-id ID [ remote-status { active | standby | down } ]\n"
"          [ any option of add ]\n"
"  pwctl pw del peer ADDR vc-id ID\n"
"  pwctl pw show [ dev IF | peer ADDR [ vc-id ID ] ]\n"
"  pwctl switch { add | del } peer ADDR vc-id ID peer ADDR vc-id ID\n"
"  pwctl switch show\n"
"  pwctl vrrp set dev IF vrid N state { master | backup }\n"
"  pwctl vrrp del dev IF vrid N\n"
"  pwctl vrrp show\n"
"  pwctl link set dev IF mpls-input { on | off }\n"
"  pwctl link show [ dev IF ]\n"
"  pwctl net set max-pws N\n"
"  pwctl net show\n"
"  pwctl stats show\n"
"  pwctl monitor [ ac | pw | switch | vrrp | link | net | all ]...\n"
"  pwctl showconf\n"
"  pwctl { setconf | syncconf } FILE\n"
"          FILE := lines as showconf prints them: net set, link set,\n"
"          vrrp set, ac add, pw add, switch add\n"
"\n"
"OPTIONS := { -j[son] | -p[retty] | -s[tatistics] | -d[etails] |\n"
"             -n[etns] NETNS | -b[atch] FILE | -V[ersion] | -h[elp] }\n",
	      f);
}

static int help_main(struct args *a)
{
	(void)a;
	usage(stdout);
	return EXIT_OK;
}

static const struct {
	const char *name;
	int (*fn)(struct args *a);
} cmds[] = {
	{ "ac", ac_main },
	{ "pw", pw_main },
	{ "switch", switch_main },
	{ "vrrp", vrrp_main },
	{ "link", link_main },
	{ "net", net_main },
	{ "stats", stats_main },
	{ "monitor", monitor_main },
	{ "showconf", showconf_main },
	{ "setconf", setconf_main },
	{ "syncconf", syncconf_main },
	{ "help", help_main },
};

/* Flags that may also follow a command ("ac show -d"). */
static bool flag(const char *t)
{
	if (t[0] != '-')
		return false;
	t += t[1] == '-' ? 2 : 1;
	if (!strcmp(t, "j") || !strcmp(t, "json"))
		opts.json = true;
	else if (!strcmp(t, "p") || !strcmp(t, "pretty"))
		opts.json = opts.pretty = true;
	else if (!strcmp(t, "s") || !strcmp(t, "stats") ||
		 !strcmp(t, "statistics"))
		opts.stats = true;
	else if (!strcmp(t, "d") || !strcmp(t, "details"))
		opts.details = true;
	else
		return false;
	return true;
}

static int run_command(int argc, char **argv)
{
	struct args a = { 0, argv, 0 };
	const char *obj;

	/* Strip the flags given after the command. */
	for (int i = 0; i < argc; i++) {
		if (!flag(argv[i]))
			argv[a.argc++] = argv[i];
	}
	if (!a.argc)
		return usage_err("missing object (try \"pwctl help\")");
	obj = args_next(&a);
	if (args_more(&a) && !strcmp(args_peek(&a), "help"))
		return help_main(&a);
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (!strcmp(obj, cmds[i].name)) {
			cur_cmd = cmds[i].name;
			return cmds[i].fn(&a);
		}
	}
	return usage_err("unknown object \"%s\" (try \"pwctl help\")", obj);
}

/* One line of -batch; the flags it gives last for that line only. */
static int batch_line(int argc, char **argv, int lineno, void *data)
{
	const struct pwctl_opts *saved = data;
	int ret = run_command(argc, argv);

	(void)lineno;
	opts = *saved;
	return ret;
}

/*
 * -batch FILE: one command per line, '#' comments. Stops at the first
 * failing line and says which; the exit status is that line's.
 */
static int run_batch(const char *file)
{
	struct pwctl_opts saved = opts;
	int lineno, ret;

	ret = read_lines(file, batch_line, &saved, &lineno);
	if (ret && lineno)
		fprintf(stderr, "Command failed %s:%d\n",
			strcmp(file, "-") ? file : "<stdin>", lineno);
	return ret;
}

/* -n NETNS: like "ip -n", a name under /run/netns or a path. */
static int enter_netns(const char *name)
{
	char path[512];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return run_err("cannot open network namespace \"%s\": %s",
			       name, strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0) {
		int err = errno;

		close(fd);
		return run_err("cannot enter network namespace \"%s\": %s",
			       name, strerror(err));
	}
	close(fd);
	return 0;
}

/* "-n NETNS", "-netns NETNS", "--netns=NETNS" */
static const char *opt_value(const char *t, const char *s, const char *l,
			     int *i, int argc, char **argv, bool *ok)
{
	const char *o = t + 1 + (t[1] == '-');
	size_t n = strlen(l);

	*ok = false;
	if (!strncmp(o, l, n) && o[n] == '=') {
		*ok = true;
		return o + n + 1;
	}
	if (strcmp(o, s) && strcmp(o, l))
		return NULL;
	*ok = true;
	if (*i + 1 >= argc) {
		usage_err("option \"%s\" needs a value", t);
		return NULL;
	}
	return argv[++*i];
}

int main(int argc, char **argv)
{
	int i, ret;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *t = argv[i], *v;
		bool ok;

		if (!strcmp(t, "--")) {
			i++;
			break;
		}
		if (flag(t))
			continue;
		if (!strcmp(t, "-V") || !strcmp(t, "-Version") ||
		    !strcmp(t, "--version")) {
			printf("pwctl %s (%s generic netlink version %d)\n",
			       PWCTL_VERSION, MPLS_PW_GENL_NAME,
			       MPLS_PW_GENL_VERSION);
			return EXIT_OK;
		}
		if (!strcmp(t, "-h") || !strcmp(t, "-help") ||
		    !strcmp(t, "--help")) {
			usage(stdout);
			return EXIT_OK;
		}
		v = opt_value(t, "n", "netns", &i, argc, argv, &ok);
		if (ok) {
			if (!v)
				return EXIT_USAGE;
			opts.netns = v;
			continue;
		}
		v = opt_value(t, "b", "batch", &i, argc, argv, &ok);
		if (ok) {
			if (!v)
				return EXIT_USAGE;
			opts.batch = v;
			continue;
		}
		return usage_err("unknown option \"%s\" (try \"pwctl -h\")", t);
	}

	if (opts.batch && i < argc)
		return usage_err("-batch takes no command, but \"%s\" follows",
				 argv[i]);
	if (!opts.batch && i == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (opts.netns && enter_netns(opts.netns))
		return EXIT_FAIL;

	if (opts.batch)
		ret = run_batch(opts.batch);
	else
		ret = run_command(argc - i, argv + i);
	nl_close();
	if (fflush(stdout) == EOF && !ret)
		ret = run_err("write error: %s", strerror(errno));
	return ret;
}
