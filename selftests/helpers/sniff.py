#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Capture frames on an interface (AF_PACKET) and print them as JSON lines.

Each matching frame is printed as one line, flushed at once:

  {"len": N, "dir": "in"|"out", "dst": MAC, "src": MAC, "type": "0x8847",
   "labels": [{"label", "tc", "s", "ttl"}, ...],   (MPLS frames)
   "payload_hex": the bytes after the bottom of stack (MPLS) or after the
                  Ethernet header (others), at most --snap bytes,
   "hex": the whole frame, at most --snap bytes}

Filters: --ethertype, --dir (in: not sent by this host, out, any),
--contains HEX (the frame contains these bytes). Stops after --count
matching frames (exit 0) or at --timeout seconds (exit 0 if --count was 0,
else 1). --ready FILE is created once the socket is bound. SIGTERM stops
it as a timeout does.
"""

import argparse
import json
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def mac_str(b):
    return ':'.join(f'{x:02x}' for x in b)


def decode(frame, snap):
    out = {'len': len(frame)}
    if len(frame) < 14:
        out['hex'] = frame.hex()
        return out, None
    out['dst'] = mac_str(frame[0:6])
    out['src'] = mac_str(frame[6:12])
    etype = struct.unpack('!H', frame[12:14])[0]
    out['type'] = f'0x{etype:04x}'
    off = 14
    if etype in (0x8847, 0x8848):
        labels = []
        while off + 4 <= len(frame):
            v = struct.unpack('!I', frame[off:off + 4])[0]
            off += 4
            labels.append({'label': v >> 12, 'tc': (v >> 9) & 7,
                           's': (v >> 8) & 1, 'ttl': v & 0xff})
            if v & 0x100:
                break
        out['labels'] = labels
    out['payload_hex'] = frame[off:off + snap].hex()
    out['hex'] = frame[:snap].hex()
    return out, etype


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--dev', required=True)
    ap.add_argument('--ethertype', type=lambda v: int(v, 0))
    ap.add_argument('--dir', choices=('in', 'out', 'any'), default='in')
    ap.add_argument('--contains', type=bytes.fromhex, metavar='HEX')
    ap.add_argument('--count', type=int, default=1)
    ap.add_argument('--timeout', type=float, default=10)
    ap.add_argument('--snap', type=int, default=128)
    ap.add_argument('--ready', metavar='FILE')
    args = ap.parse_args()

    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    sk = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                       socket.htons(ETH_P_ALL))
    sk.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    sk.bind((args.dev, ETH_P_ALL))
    sk.settimeout(0.1)
    if args.ready:
        with open(args.ready, 'w') as f:
            f.write('ready\n')

    deadline = time.monotonic() + args.timeout
    matched = 0
    while not stop and time.monotonic() < deadline:
        try:
            frame, addr = sk.recvfrom(65535)
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        outgoing = addr[2] == PACKET_OUTGOING
        if args.dir == 'in' and outgoing or args.dir == 'out' and \
                not outgoing:
            continue
        info, etype = decode(frame, args.snap)
        if args.ethertype is not None and etype != args.ethertype:
            continue
        if args.contains and args.contains not in frame:
            continue
        info['dir'] = 'out' if outgoing else 'in'
        print(json.dumps(info), flush=True)
        matched += 1
        if args.count and matched >= args.count:
            return 0
    return 0 if not args.count else 1


if __name__ == '__main__':
    sys.exit(main())
