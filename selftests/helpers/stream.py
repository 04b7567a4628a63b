#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sequence-numbered UDP stream, for loss, duplication and reordering.

  stream.py send --dst ADDR [--port P] [--rate PPS] [--count N | --duration S]
                 [--size BYTES] [--id N]
  stream.py recv [--bind ADDR] [--port P] [--duration S] [--idle S]
                 [--count N] [--ready FILE]

Each datagram carries magic "MPWS", a stream id (u32), a sequence number
(u64, from 0) and the sender's CLOCK_MONOTONIC time in ns (u64), padded to
--size. The sender paces itself to --rate and prints {"sent": N} when done
(SIGTERM or SIGINT end it early, with the summary).

The receiver stops after --duration seconds, --idle seconds without a
datagram once one has arrived, --count datagrams, or SIGTERM / SIGINT, and
prints per stream id:

  {"streams": {"ID": {"received", "unique", "lost", "dups", "reordered",
   "first_seq", "last_seq", "max_gap", "longest_outage_ms"}}, "total": N}

"lost" counts the sequence numbers below the highest seen that never
arrived; "max_gap" is the longest run of them; "longest_outage_ms" is the
longest silence between two datagrams (receive time), which is what a
switchover costs at the stream's rate.
"""

import argparse
import json
import signal
import socket
import struct
import sys
import time

MAGIC = b'MPWS'
HDR = struct.Struct('!4sIQQ')


def family_of(addr):
    return socket.AF_INET6 if ':' in addr else socket.AF_INET


def cmd_send(args):
    stop = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *a: stop.append(1))
    sk = socket.socket(family_of(args.dst), socket.SOCK_DGRAM)
    size = max(args.size, HDR.size)
    pad = b'\0' * (size - HDR.size)
    interval = 1.0 / args.rate if args.rate else 0
    start = time.monotonic()
    end = start + args.duration if args.duration else None
    seq = 0
    while not stop:
        if args.count and seq >= args.count:
            break
        now = time.monotonic()
        if end and now >= end:
            break
        due = start + seq * interval
        if due > now:
            time.sleep(due - now)
            continue
        msg = HDR.pack(MAGIC, args.id, seq, time.monotonic_ns()) + pad
        try:
            sk.sendto(msg, (args.dst, args.port))
        except OSError:
            pass        # e.g. no route or neighbour for a moment: a loss
        seq += 1
    print(json.dumps({'sent': seq}), flush=True)
    return 0


class Stream:
    def __init__(self):
        self.seen = set()
        self.received = 0
        self.dups = 0
        self.reordered = 0
        self.highest = -1
        self.first = None
        self.last_rx = None

    def add(self, seq):
        self.received += 1
        if seq in self.seen:
            self.dups += 1
            return
        if seq < self.highest:
            self.reordered += 1
        self.seen.add(seq)
        self.highest = max(self.highest, seq)
        if self.first is None:
            self.first = seq

    def summary(self):
        lost = self.highest + 1 - len(self.seen) if self.highest >= 0 else 0
        max_gap = run = 0
        for s in range(self.highest + 1):
            if s in self.seen:
                run = 0
            else:
                run += 1
                max_gap = max(max_gap, run)
        return {'received': self.received, 'unique': len(self.seen),
                'lost': lost, 'dups': self.dups,
                'reordered': self.reordered, 'first_seq': self.first,
                'last_seq': self.highest, 'max_gap': max_gap}


def cmd_recv(args):
    stop = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *a: stop.append(1))
    fam = family_of(args.bind) if args.bind else socket.AF_INET6
    sk = socket.socket(fam, socket.SOCK_DGRAM)
    if fam == socket.AF_INET6 and not args.bind:
        sk.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    sk.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    sk.bind((args.bind or '::', args.port))
    sk.settimeout(0.1)
    if args.ready:
        with open(args.ready, 'w') as f:
            f.write('ready\n')

    streams = {}
    total = 0
    start = time.monotonic()
    last_rx = None
    outage = {}
    while not stop:
        now = time.monotonic()
        if args.duration and now - start >= args.duration:
            break
        if args.idle and last_rx is not None and now - last_rx >= args.idle:
            break
        if args.count and total >= args.count:
            break
        try:
            data = sk.recv(65535)
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        if len(data) < HDR.size:
            continue
        magic, sid, seq, _ = HDR.unpack_from(data)
        if magic != MAGIC:
            continue
        now = time.monotonic()
        st = streams.setdefault(sid, Stream())
        if st.received:
            gap = (now - st.last_rx) * 1000
            outage[sid] = max(outage.get(sid, 0), gap)
        st.last_rx = now
        st.add(seq)
        total += 1
        last_rx = now
    out = {}
    for sid, st in streams.items():
        s = st.summary()
        s['longest_outage_ms'] = round(outage.get(sid, 0), 3)
        out[str(sid)] = s
    print(json.dumps({'streams': out, 'total': total}), flush=True)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    s = sub.add_parser('send')
    s.add_argument('--dst', required=True)
    s.add_argument('--port', type=int, default=5001)
    s.add_argument('--rate', type=float, default=100)
    s.add_argument('--count', type=int, default=0)
    s.add_argument('--duration', type=float, default=0)
    s.add_argument('--size', type=int, default=64)
    s.add_argument('--id', type=int, default=1)
    r = sub.add_parser('recv')
    r.add_argument('--bind')
    r.add_argument('--port', type=int, default=5001)
    r.add_argument('--duration', type=float, default=0)
    r.add_argument('--idle', type=float, default=0)
    r.add_argument('--count', type=int, default=0)
    r.add_argument('--ready', metavar='FILE')
    args = ap.parse_args()
    return cmd_send(args) if args.cmd == 'send' else cmd_recv(args)


if __name__ == '__main__':
    sys.exit(main())
