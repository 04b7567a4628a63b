/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differences between the kernels mpls_pw builds on (6.1 .. 6.12),
 * kept in one place. In tree this file would be empty.
 */
#ifndef _MPLS_PW_COMPAT_H
#define _MPLS_PW_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#include <net/gso.h>
#endif

/* The attributes a dump request carried (6.2 moved them into a genl_info). */
static inline struct nlattr **pw_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _MPLS_PW_COMPAT_H */
