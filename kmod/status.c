// SPDX-License-Identifier: GPL-2.0
/*
 * mpls_pw: PW status for static PWs (RFC 6478), in band: a PW OAM message
 * in the associated channel (control word nibble 0001, channel 0x0027)
 * carrying the PW Status TLV with the RFC 4446 / RFC 6870 bits.
 *
 * A change is sent at once and twice more at one second intervals unless
 * the far end acknowledges it, then every refresh interval. What arrives
 * is handed to the pernet event work; a far end silent for 3.5 of its
 * refresh intervals is treated as down (MPLS_PW_DOWN_SILENT).
 *
 * The far end cannot make us work without bound: a message that changes
 * nothing (a refresh, a repeat) only re-arms the silence timer and is
 * acknowledged at most PW_ACK_RATE times a second; a change reaches the
 * event work at most PW_CHANGE_RATE times a second per PW, later ones
 * wait (the last one wins) and are counted (MPLS_PW_STATS_A_ACH_LIMITED).
 * The work takes only the PWs that have something pending.
 */
#include <linux/skbuff.h>

#include "pw.h"

#define PW_ACH_PW_OAM		0x10000027	/* 0001, version 0, channel */
#define PW_TLV_PW_STATUS	0x096A
#define PW_OAM_ACK		0x80
#define PW_STATUS_SENDS		3	/* a change, then two repeats */
#define PW_STATUS_KNOWN		0x7f
#define PW_CHANGE_RATE		10	/* changes applied per second, per PW */
#define PW_ACK_RATE		10	/* acks of unchanged status per second */

/* RFC 6478 section 5: the message, with one TLV (the PW status). */
struct pw_oam_msg {
	__be32 ach;
	__be16 refresh;		/* seconds, 0: no refresh */
	u8 tlv_len;		/* total length of the TLVs */
	u8 flags;		/* PW_OAM_ACK */
	__be16 tlv_type;	/* U=0, F=0, PW_TLV_PW_STATUS */
	__be16 tlv_vlen;
	__be32 status;
} __packed;

/* Send one message on @pw: our status, or an ack of what we received. */
static void pw_status_send(struct pw *pw, u32 bits, u16 refresh, bool ack)
{
	struct pw_oam_msg *msg;
	struct sk_buff *skb;
	unsigned int head = PW_HEADROOM;

	skb = alloc_skb(head + sizeof(*msg), GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, head);
	msg = skb_put(skb, sizeof(*msg));
	msg->ach = htonl(PW_ACH_PW_OAM);
	msg->refresh = htons(refresh);
	msg->tlv_len = sizeof(*msg) - offsetof(struct pw_oam_msg, tlv_type);
	msg->flags = ack ? PW_OAM_ACK : 0;
	msg->tlv_type = htons(PW_TLV_PW_STATUS);
	msg->tlv_vlen = htons(sizeof(msg->status));
	msg->status = htonl(bits);
	pw_xmit_ctrl(pw, skb);
}

/* Our status: a change, its repeats, then the refreshes. */
static void pw_status_tx_work(struct work_struct *work)
{
	struct pw *pw = container_of(to_delayed_work(work), struct pw, tx_work);
	u16 refresh = READ_ONCE(pw->refresh);
	unsigned int start = READ_ONCE(pw->tx_repeat), repeat = start;

	if (!READ_ONCE(pw->status_on))
		return;
	if (repeat && READ_ONCE(pw->tx_acked)) {
		/* the far end has the change: no more fast repeats */
		repeat = 0;
	} else {
		local_bh_disable();
		pw_status_send(pw, READ_ONCE(pw->status_sent), refresh, false);
		local_bh_enable();
		if (repeat)
			repeat--;
	}
	/*
	 * A change kicked while we ran (pw_status_kick()) has reset the
	 * repeats and queued us again: its count stands, not ours.
	 */
	if (cmpxchg(&pw->tx_repeat, start, repeat) != start)
		return;
	/* a re-send waiting for the change may go now (see dualsend.c) */
	if (!repeat && test_bit(PW_F_DS_WAIT, &pw->flags))
		pw_event_queue(pw);
	if (repeat)
		queue_delayed_work(pw_wq, &pw->tx_work, HZ);
	else if (refresh)
		queue_delayed_work(pw_wq, &pw->tx_work, refresh * HZ);
}

/*
 * Hand @pw to the pernet event work, which takes the PWs queued on
 * pw_net.pending (once each, however often they are queued). Any context;
 * pw_free_work() waits for the work before the PW goes.
 */
void pw_event_queue(struct pw *pw)
{
	struct pw_net *pn = pw->pn;

	if (!test_and_set_bit(PW_F_QUEUED, &pw->flags))
		llist_add(&pw->pending, &pn->pending);
	queue_work(pw_wq, &pn->work);
}

/* Nothing from the far end for 3.5 refresh intervals. */
static void pw_status_rx_timeout(struct timer_list *t)
{
	struct pw *pw = from_timer(pw, t, rx_timer);

	set_bit(PW_F_SILENT, &pw->flags);
	pw_event_queue(pw);
}

/* A change that had to wait for its turn (PW_CHANGE_RATE). */
static void pw_status_rx_limited(struct timer_list *t)
{
	struct pw *pw = from_timer(pw, t, rx_limit_timer);

	/* its turn counts: the next change waits a full interval again */
	WRITE_ONCE(pw->rx_next, jiffies + HZ / PW_CHANGE_RATE);
	pw_event_queue(pw);
}

static void pw_status_arm_rx(struct pw *pw, u16 refresh)
{
	if (refresh)
		mod_timer(&pw->rx_timer,
			  jiffies + msecs_to_jiffies(refresh * 3500U));
	else
		del_timer(&pw->rx_timer);
}

void pw_status_init(struct pw *pw)
{
	INIT_DELAYED_WORK(&pw->tx_work, pw_status_tx_work);
	timer_setup(&pw->rx_timer, pw_status_rx_timeout, 0);
	timer_setup(&pw->rx_limit_timer, pw_status_rx_limited, 0);
}

/*
 * Only once nothing can reach @pw any more (pw_free_work): its timers and
 * its sender stopped, nothing queues it again; then the event work is let
 * finish with it if it is queued.
 */
void pw_status_stop(struct pw *pw)
{
	cancel_delayed_work_sync(&pw->tx_work);
	del_timer_sync(&pw->rx_timer);
	del_timer_sync(&pw->rx_limit_timer);
	if (test_bit(PW_F_QUEUED, &pw->flags))
		flush_work(&pw->pn->work);
}

static void pw_status_kick(struct pw *pw)
{
	WRITE_ONCE(pw->tx_acked, false);
	WRITE_ONCE(pw->tx_repeat, PW_STATUS_SENDS);
	mod_delayed_work(pw_wq, &pw->tx_work, 0);
}

/* Under the mutex: the bits @pw signals are now @bits. */
void pw_status_set(struct pw *pw, u32 bits)
{
	lockdep_assert_held(&pw->pn->lock);
	if (pw->status_sent == bits)
		return;
	WRITE_ONCE(pw->status_sent, bits);
	pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET, MPLS_PW_EVENT_STATUS_SENT, NULL);
	if (pw->status_on)
		pw_status_kick(pw);
}

/* Under the mutex: signalling was switched on or off, or its refresh
 * changed. Switching it off forgets what the far end said.
 */
void pw_status_config(struct pw *pw)
{
	lockdep_assert_held(&pw->pn->lock);
	if (pw->status_on) {
		clear_bit(PW_F_SILENT, &pw->flags);
		pw_status_arm_rx(pw, pw->rx_refresh ?: pw->refresh);
		pw_status_kick(pw);
		return;
	}
	cancel_delayed_work_sync(&pw->tx_work);
	del_timer_sync(&pw->rx_timer);
	WRITE_ONCE(pw->tx_repeat, 0);
	clear_bit(PW_F_SILENT, &pw->flags);
	clear_bit(PW_F_RX, &pw->flags);
	if (test_bit(PW_F_DS_WAIT, &pw->flags))
		pw_event_queue(pw);
	if (pw->status_rcvd) {
		WRITE_ONCE(pw->status_rcvd, 0);
		pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET,
				MPLS_PW_EVENT_STATUS_RCVD, NULL);
	}
}

/*
 * Receive path: a message that changes nothing here (a refresh, or a repeat
 * of a change whose ack was lost) is acknowledged at once, at most
 * PW_ACK_RATE times a second.
 */
static void pw_status_ack_unchanged(struct pw *pw, u32 bits, u16 refresh)
{
	unsigned long next = READ_ONCE(pw->ack_next);

	if (time_before(jiffies, next))
		return;
	WRITE_ONCE(pw->ack_next, jiffies + HZ / PW_ACK_RATE);
	pw_status_send(pw, bits, refresh, true);
}

/*
 * Receive path (softirq): an associated channel message at @off of @skb on
 * @pw. Returns the counter to bump; the caller frees @skb.
 */
int pw_status_rcv(struct pw *pw, const struct sk_buff *skb, unsigned int off)
{
	const struct pw_oam_msg *msg;
	struct pw_oam_msg buf;
	u16 refresh;
	u32 bits;

	msg = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!msg || msg->ach != htonl(PW_ACH_PW_OAM) ||
	    msg->tlv_len < sizeof(*msg) - offsetof(struct pw_oam_msg, tlv_type) ||
	    msg->tlv_type != htons(PW_TLV_PW_STATUS) ||
	    msg->tlv_vlen != htons(sizeof(msg->status)) ||
	    !READ_ONCE(pw->status_on))
		return MPLS_PW_STATS_A_DROP_ACH;

	if (msg->flags & PW_OAM_ACK) {
		/* only an ack of what we signal now ends the repeats */
		if ((ntohl(msg->status) & PW_STATUS_KNOWN) ==
		    READ_ONCE(pw->status_sent) && !READ_ONCE(pw->tx_acked)) {
			WRITE_ONCE(pw->tx_acked, true);
			/* the ack before the flag; pairs with pw_ds_switched() */
			smp_mb();
			if (test_bit(PW_F_DS_WAIT, &pw->flags))
				pw_event_queue(pw);
		}
		return MPLS_PW_STATS_A_ACH_RX;
	}
	bits = ntohl(msg->status) & PW_STATUS_KNOWN;
	refresh = ntohs(msg->refresh);
	pw_status_arm_rx(pw, refresh);
	WRITE_ONCE(pw->rx_refresh, refresh);
	if (!test_bit(PW_F_RX, &pw->flags) &&
	    !test_bit(PW_F_SILENT, &pw->flags) &&
	    bits == READ_ONCE(pw->status_rcvd)) {
		pw_status_ack_unchanged(pw, bits, refresh);
		return MPLS_PW_STATS_A_ACH_RX;
	}
	WRITE_ONCE(pw->rx_bits, bits);
	WRITE_ONCE(pw->rx_ns, ktime_get_ns());
	smp_mb__before_atomic();	/* the values before the flag */
	set_bit(PW_F_RX, &pw->flags);
	if (time_before(jiffies, READ_ONCE(pw->rx_next))) {
		pw_stat_inc(pw->stats, MPLS_PW_STATS_A_ACH_LIMITED);
		if (!timer_pending(&pw->rx_limit_timer))
			mod_timer(&pw->rx_limit_timer, READ_ONCE(pw->rx_next));
		return MPLS_PW_STATS_A_ACH_RX;
	}
	WRITE_ONCE(pw->rx_next, jiffies + HZ / PW_CHANGE_RATE);
	pw_event_queue(pw);
	return MPLS_PW_STATS_A_ACH_RX;
}

/*
 * Whether the far end has what we signal now: it acknowledged the change,
 * or the change's repeats are over (a far end that never acknowledges, or
 * one that is not there), or there is no signalling.
 */
bool pw_status_settled(const struct pw *pw)
{
	return !READ_ONCE(pw->status_on) || READ_ONCE(pw->tx_acked) ||
	       !READ_ONCE(pw->tx_repeat);
}

/* Event work, under the mutex: take what arrived (or its absence). */
void pw_status_apply(struct pw *pw)
{
	bool rx = test_and_clear_bit(PW_F_RX, &pw->flags);
	u32 bits = 0;
	u16 refresh;

	lockdep_assert_held(&pw->pn->lock);
	/* a message that raced with signalling being switched off */
	rx = rx && pw->status_on;
	if (rx) {
		/* pairs with pw_status_rcv(): the values after the flag */
		smp_mb__after_atomic();
		bits = READ_ONCE(pw->rx_bits);
		refresh = READ_ONCE(pw->rx_refresh);
		clear_bit(PW_F_SILENT, &pw->flags);
		pw->pn->event_ns = READ_ONCE(pw->rx_ns);
		if (bits != pw->status_rcvd) {
			WRITE_ONCE(pw->status_rcvd, bits);
			pw_nl_notify_pw(pw, MPLS_PW_CMD_PW_GET,
					MPLS_PW_EVENT_STATUS_RCVD, NULL);
		}
	}
	pw_update(pw);
	/*
	 * Acknowledged once applied: a far end that has our ack knows the PW
	 * is up here as far as its status goes (its dual-sending re-send
	 * waits for that).
	 */
	if (rx && pw->status_on) {
		local_bh_disable();
		pw_status_send(pw, bits, refresh, true);
		local_bh_enable();
	}
}
