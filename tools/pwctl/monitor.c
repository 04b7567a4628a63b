// SPDX-License-Identifier: GPL-2.0
/*
 * pwctl monitor [ ac | pw | switch | vrrp | link | net ]...: print every
 * notification of the "events" group with a timestamp, one line per event
 * (one JSON object per line with -j).
 */
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>

#include "pwctl.h"

static const char *const event_names[] = {
	[MPLS_PW_EVENT_NONE] = "none",
	[MPLS_PW_EVENT_NEW] = "new",
	[MPLS_PW_EVENT_CHANGED] = "changed",
	[MPLS_PW_EVENT_DELETED] = "deleted",
	[MPLS_PW_EVENT_PW_UP] = "pw-up",
	[MPLS_PW_EVENT_PW_DOWN] = "pw-down",
	[MPLS_PW_EVENT_SELECTION] = "selection",
	[MPLS_PW_EVENT_STATUS_SENT] = "status-sent",
	[MPLS_PW_EVENT_STATUS_RCVD] = "status-rcvd",
	[MPLS_PW_EVENT_TIMER_START] = "timer-start",
	[MPLS_PW_EVENT_TIMER_EXPIRED] = "timer-expired",
	[MPLS_PW_EVENT_FALLBACK] = "fallback",
};

static const char *const timer_names[] = {
	[MPLS_PW_TIMER_REROUTE] = "reroute",
	[MPLS_PW_TIMER_HOLDOFF] = "holdoff",
};

enum obj { OBJ_AC, OBJ_PW, OBJ_SWITCH, OBJ_VRRP, OBJ_LINK, OBJ_NET, OBJ_MAX };

static const struct {
	const char *name;
	unsigned int attr;
	void (*line)(const struct nlattr *nest);
	void (*json)(const struct nlattr *nest);
} objs[OBJ_MAX] = {
	[OBJ_AC] = { "ac", MPLS_PW_A_AC, ac_print_event, ac_json_fields },
	[OBJ_PW] = { "pw", MPLS_PW_A_PW, pw_print_event, pw_json_fields },
	[OBJ_SWITCH] = { "switch", MPLS_PW_A_SWITCH, switch_print_event,
			 switch_json_fields },
	[OBJ_VRRP] = { "vrrp", MPLS_PW_A_VRRP, vrrp_print_event,
		       vrrp_json_fields },
	[OBJ_LINK] = { "link", MPLS_PW_A_LINK, link_print_event,
		       link_json_fields },
	[OBJ_NET] = { "net", MPLS_PW_A_NET, net_print_event, net_json_fields },
};

static int cmd_obj(uint8_t cmd)
{
	switch (cmd) {
	case MPLS_PW_CMD_AC_NEW:
	case MPLS_PW_CMD_AC_SET:
	case MPLS_PW_CMD_AC_DEL:
	case MPLS_PW_CMD_AC_GET:
	case MPLS_PW_CMD_AC_SWITCHOVER:
		return OBJ_AC;
	case MPLS_PW_CMD_PW_NEW:
	case MPLS_PW_CMD_PW_SET:
	case MPLS_PW_CMD_PW_DEL:
	case MPLS_PW_CMD_PW_GET:
		return OBJ_PW;
	case MPLS_PW_CMD_SWITCH_NEW:
	case MPLS_PW_CMD_SWITCH_DEL:
	case MPLS_PW_CMD_SWITCH_GET:
		return OBJ_SWITCH;
	case MPLS_PW_CMD_VRRP_SET:
	case MPLS_PW_CMD_VRRP_GET:
	case MPLS_PW_CMD_VRRP_DEL:
		return OBJ_VRRP;
	case MPLS_PW_CMD_LINK_SET:
	case MPLS_PW_CMD_LINK_GET:
		return OBJ_LINK;
	case MPLS_PW_CMD_NET_SET:
	case MPLS_PW_CMD_NET_GET:
		return OBJ_NET;
	}
	return -1;
}

static bool cmd_is_del(uint8_t cmd)
{
	return cmd == MPLS_PW_CMD_AC_DEL || cmd == MPLS_PW_CMD_PW_DEL ||
	       cmd == MPLS_PW_CMD_SWITCH_DEL || cmd == MPLS_PW_CMD_VRRP_DEL;
}

/* RFC 3339 UTC with microseconds. */
static void timestamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%06ldZ", ts.tv_nsec / 1000);
}

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[MPLS_PW_A_MAX + 1];
	const unsigned int *mask = data;
	uint8_t cmd = nl_genl_cmd(nlh);
	char ts[40];
	const char *ev, *timer = NULL;
	uint32_t event;
	uint8_t t;
	int obj = cmd_obj(cmd);

	if (obj < 0 || !(*mask & (1U << obj)) ||
	    nl_parse_msg(nlh, tb, MPLS_PW_A_MAX) || !tb[objs[obj].attr])
		return 0;
	if (!nl_u32(tb[MPLS_PW_A_EVENT], &event))
		event = cmd_is_del(cmd) ? MPLS_PW_EVENT_DELETED :
			MPLS_PW_EVENT_NONE;
	ev = enum_str(event_names, ARRAY_SIZE(event_names), event);
	/* which timer a timer-start / timer-expired event is about */
	if (nl_u8(tb[MPLS_PW_A_TIMER], &t))
		timer = enum_str(timer_names, ARRAY_SIZE(timer_names), t);
	timestamp(ts, sizeof(ts));

	if (opts.json) {
		jw_obj_open(NULL);
		jw_str("time", ts);
		jw_str("event", ev);
		if (timer)
			jw_str("timer", timer);
		jw_str("object", objs[obj].name);
		objs[obj].json(tb[objs[obj].attr]);
		jw_obj_close();
		jw_end();
	} else {
		printf("[%s] %s ", ts, ev);
		if (timer)
			printf("%s ", timer);
		objs[obj].line(tb[objs[obj].attr]);
		putchar('\n');
		fflush(stdout);
	}
	return 0;
}

int monitor_main(struct args *a)
{
	unsigned int mask = 0;
	const char *t;

	cur_cmd = "monitor";
	while ((t = args_next(a))) {
		int i;

		if (!strcmp(t, "all")) {
			mask = ~0U;
			continue;
		}
		for (i = 0; i < OBJ_MAX; i++) {
			if (!strcmp(t, objs[i].name))
				break;
		}
		if (i == OBJ_MAX)
			return usage_err("monitor: unknown object \"%s\" (expected ac | pw | switch | vrrp | link | net | all)",
					 t);
		mask |= 1U << i;
	}
	if (!mask)
		mask = ~0U;
	return nl_monitor(monitor_cb, &mask) ? EXIT_FAIL : EXIT_OK;
}
