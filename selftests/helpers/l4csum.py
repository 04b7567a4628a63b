#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the UDP or TCP checksum of the inner IPv4 packet of captured PW
frames (sniff.py's JSON lines on stdin, "payload_hex" after the bottom of
the stack). --cw: a control word comes first. Exits 0 when every frame has
a complete, correct checksum; prints what it found either way.
"""

import argparse
import json
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack(f'!{len(data) // 2}H', data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def check(payload, cw):
    off = 4 if cw else 0
    eth = payload[off:off + 14]
    if len(eth) < 14 or eth[12:14] != b'\x08\x00':
        return 'not IPv4'
    ip = payload[off + 14:]
    ihl = (ip[0] & 0x0f) * 4
    total = struct.unpack('!H', ip[2:4])[0]
    proto = ip[9]
    if len(ip) < total:
        return f'truncated capture ({len(ip)} of {total} bytes)'
    l4 = ip[ihl:total]
    pseudo = ip[12:20] + struct.pack('!BBH', 0, proto, len(l4))
    if proto not in (6, 17):
        return f'protocol {proto}'
    if csum(pseudo + l4) != 0xffff:
        return 'bad checksum'
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--cw', action='store_true')
    args = ap.parse_args()
    n = bad = 0
    for line in sys.stdin:
        pkt = json.loads(line)
        err = check(bytes.fromhex(pkt['payload_hex']), args.cw)
        n += 1
        if err:
            bad += 1
            print(f'frame {n}: {err}: {pkt["payload_hex"]}')
    print(f'{n} frames, {bad} without a complete checksum')
    return 0 if n and not bad else 1


if __name__ == '__main__':
    sys.exit(main())
