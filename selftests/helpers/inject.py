#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-built Ethernet / MPLS frames out of an interface (AF_PACKET).

The frame is built outermost first:

  Ethernet (--dst, --src, --ethertype, default MPLS unicast 0x8847)
  label stack entries, in order (--label, repeatable):
      LABEL[:s][:ttl=N][:tc=N]   's' sets the bottom-of-stack bit; nothing
                                 is implied, a stack without 's' is sent
                                 without one
  control word (--cw 0xNNNNNNNN)
  payload: --inner-hex HEX (raw bytes, e.g. a runt), or an inner Ethernet
      frame (--inner-dst, --inner-src, --inner-type, --inner-len) whose
      payload starts with --tag so a receiver can recognise it

--fuzz N sends N random frames instead (see fuzz_frame()); they are built to
be malformed for a PW whose local label is --fuzz-label and whose control
word is on, so none of them may reach the attachment circuit.

Prints one JSON line: {"sent": N, "len": bytes of the last frame,
"hex": the last frame}.

--serve: one process for many requests (a python start costs a second or
more under TCG): each line of stdin holds the options of one request
(shell words; the options of the command line apply to every request, so
give --dev and --dst there), each answered with its JSON line as soon as
its frames are sent; a request with bad options is answered
{"error": "..."}. Ends at the end of stdin.
"""

import argparse
import json
import random
import shlex
import socket
import struct
import sys

ETH_P_MPLS_UC = 0x8847


def mac_bytes(mac):
    b = bytes.fromhex(mac.replace(':', '').replace('-', ''))
    if len(b) != 6:
        raise argparse.ArgumentTypeError(f'bad MAC address "{mac}"')
    return b


def dev_mac(dev):
    with open(f'/sys/class/net/{dev}/address') as f:
        return mac_bytes(f.read().strip())


def lse(label, s=False, ttl=64, tc=0):
    return struct.pack('!I', (label << 12) | (tc << 9) | (int(s) << 8) | ttl)


def parse_label(spec):
    parts = spec.split(':')
    try:
        label = int(parts[0], 0)
        s, ttl, tc = False, 64, 0
        for p in parts[1:]:
            if p == 's':
                s = True
            elif p.startswith('ttl='):
                ttl = int(p[4:], 0)
            elif p.startswith('tc='):
                tc = int(p[3:], 0)
            else:
                raise ValueError(p)
    except ValueError:
        raise argparse.ArgumentTypeError(f'bad label "{spec}"')
    if not 0 <= label < 1 << 20 or not 0 <= ttl < 256 or not 0 <= tc < 8:
        raise argparse.ArgumentTypeError(f'label out of range "{spec}"')
    return lse(label, s, ttl, tc)


def inner_frame(args):
    if args.inner_hex is not None:
        return bytes.fromhex(args.inner_hex)
    if args.inner_dst is None:
        return b''
    payload = args.tag.encode()
    if args.inner_len > len(payload):
        payload += bytes((i & 0xff for i in range(args.inner_len -
                                                  len(payload))))
    else:
        payload = payload[:args.inner_len]
    return (mac_bytes(args.inner_dst) + mac_bytes(args.inner_src) +
            struct.pack('!H', args.inner_type) + payload)


def fuzz_frame(rng, hdr, pw_label):
    """A random frame that can never be a deliverable PW frame for a PW
    with local label @pw_label and the control word on:

    - a stack that ends with a BoS entry is followed by bytes whose first
      nibble is 2..15: a reserved control word nibble after our label (or
      after a flow label), or an IP packet after a label that is not ours;
    - a stack without a BoS entry is followed by more entries without BoS
      and maybe a partial one: it ends in mid-air;
    - no stack at all: the first word read as a label is >= 0x20000.
    """
    labels = [0, 2, 7, 15, 1000, 3000, 70000, pw_label]
    depth = rng.randint(0, 6)
    stack = b''
    bos = False
    for i in range(depth):
        label = rng.choice(labels + [pw_label] * 3)
        bos = i == depth - 1 and rng.random() < 0.7
        stack += lse(label, bos, rng.randint(0, 255))
    tail_len = rng.choice([0, 1, 2, 3, 4, 8, 13, 17, 60, 200])
    tail = bytearray(rng.getrandbits(8) for _ in range(tail_len))
    if bos or depth == 0:
        if tail:
            tail[0] = (tail[0] & 0x0f) | (rng.randint(2, 15) << 4)
    else:
        for off in range(2, tail_len, 4):
            tail[off] &= 0xfe           # S bit of each full entry
    return hdr + stack + bytes(tail)


class RequestError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of exiting (--serve)."""

    serving = False

    def error(self, message):
        if self.serving:
            raise RequestError(message)
        super().error(message)


def send(sk, args, hdr):
    """Send the frames @args asks for; the JSON answer as a dict."""
    frame = b''
    sent = 0
    if args.fuzz:
        rng = random.Random(args.seed)
        for _ in range(args.fuzz):
            frame = fuzz_frame(rng, hdr, args.fuzz_label)
            sk.send(frame)
            sent += 1
    else:
        frame = hdr + b''.join(args.label)
        if args.cw is not None:
            frame += struct.pack('!I', args.cw)
        frame += inner_frame(args)
        for _ in range(args.count):
            sk.send(frame)
            sent += 1
    return {'sent': sent, 'len': len(frame), 'hex': frame.hex()}


def header(args):
    src = args.src or dev_mac(args.dev)
    return args.dst + src + struct.pack('!H', args.ethertype)


def serve(ap, argv, sk):
    ap.serving = True
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            args = ap.parse_args(argv + shlex.split(line))
            ans = send(sk, args, header(args))
        except (RequestError, ValueError, OSError) as e:
            ans = {'error': str(e)}
        print(json.dumps(ans), flush=True)
    return 0


def main():
    ap = Parser(description=__doc__.split('\n')[0])
    ap.add_argument('--dev', required=True)
    ap.add_argument('--dst', type=mac_bytes, required=True)
    ap.add_argument('--src', type=mac_bytes)
    ap.add_argument('--ethertype', type=lambda v: int(v, 0),
                    default=ETH_P_MPLS_UC)
    ap.add_argument('--label', type=parse_label, action='append',
                    default=[], metavar='LABEL[:s][:ttl=N][:tc=N]')
    ap.add_argument('--cw', type=lambda v: int(v, 0))
    ap.add_argument('--inner-hex')
    ap.add_argument('--inner-dst')
    ap.add_argument('--inner-src', default='02:00:00:00:99:01')
    ap.add_argument('--inner-type', type=lambda v: int(v, 0), default=0x88b5)
    ap.add_argument('--inner-len', type=int, default=46,
                    help='inner payload bytes after the inner header')
    ap.add_argument('--tag', default='mpls-pw-selftest')
    ap.add_argument('--count', type=int, default=1)
    ap.add_argument('--fuzz', type=int, metavar='N')
    ap.add_argument('--fuzz-label', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--serve', action='store_true',
                    help='one request per line of stdin')
    args = ap.parse_args()

    sk = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sk.bind((args.dev, 0))
    if args.serve:
        return serve(ap, [a for a in sys.argv[1:] if a != '--serve'], sk)
    print(json.dumps(send(sk, args, header(args))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
