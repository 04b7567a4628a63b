#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink client for the mpls_pw family, for negative tests.

pwctl validates what it sends; this client sends exactly what it is told,
so a test can reach the kernel's own policy checks: out-of-range values,
wrong attribute sizes, unknown or missing attributes, output-only
attributes in a request, foreign ifindexes.

Attribute numbers and types come from the uapi header (enum values, and the
first word of each attribute's comment: u8, u16, u32, u64, be32, binary,
string, nest), so the client cannot drift from the contract.

A request is a command and tokens:

    CMD [dump] [echo] TOKEN...

CMD is a command name without prefix (pw_new, ac_get, ...) or a number.
TOKEN is one of

    PATH[:TYPE]=VALUE   set an attribute (a later token for the same PATH
                        replaces an earlier one)
    -PATH               remove an attribute given earlier

PATH is dot separated, starting at the top level: pw.local_label,
pw.tunnel.labels, ac.ifindex, switch.pw#1.vc_id (#N tells repeated nests
apart). A component may be a number (pw.99) for an attribute the header
does not have. TYPE overrides the header's type: u8 u16 u32 u64 be32 ip4
ip6 str strz hex labels nest; VALUE is a number, an address, a string, hex
bytes (hex type) or comma separated labels.

Modes:
    genl.py REQUEST...          one request; prints one JSON line
    genl.py --batch FILE        one request per line ('-': stdin; '#'
                                comments); one JSON line per request
    genl.py --repeat N REQUEST  N requests; {i}, {i+K} in values are the
                                index; prints a summary line
    genl.py --monitor           prints notifications of the "events" group
                                as JSON lines until SIGTERM or --timeout

A result line is {"cmd", "errno", "errname", "extack", "miss_type",
"miss_nest", "bad_offset", "parts", "replies"}. Exit status: 0 all requests
succeeded, 1 the kernel refused one, 2 usage or local error.
"""

import argparse
import errno
import ipaddress
import json
import os
import re
import shlex
import signal
import socket
import struct
import sys
import time

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_EXT_ACK = 11
NETLINK_GET_STRICT_CHK = 12

NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_ECHO = 0x8
NLM_F_DUMP_INTR = 0x10
NLM_F_DUMP = 0x300
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200

NLMSG_ERROR = 2
NLMSG_DONE = 3

NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5
NLMSGERR_ATTR_MISS_NEST = 6

NLA_F_NESTED = 0x8000
NLA_TYPE_MASK = 0x3fff

GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_UAPI = os.path.join(HERE, '..', '..', 'uapi', 'linux', 'mpls_pw.h')


class UsageError(Exception):
    pass


# ---------------------------------------------------------------- uapi --

class Space:
    """One attribute enum: name <-> number, type, nested space."""

    def __init__(self, name):
        self.name = name
        self.by_name = {}
        self.by_num = {}

    def add(self, name, num, typ, nest):
        self.by_name[name] = (num, typ, nest)
        self.by_num[num] = (name, typ, nest)


def parse_enums(text):
    """Returns {enum name: [(IDENT, value, comment)]}: the first line of the
    comment that follows an enumerator on its own line is its comment."""
    enums = {}
    entry = re.compile(r'^\s*([A-Z_][A-Z0-9_]*)\s*(?:=\s*([^,/]+?))?\s*,?'
                       r'\s*(?:/\*\s*(.*?)\s*(?:\*/)?)?$')
    for m in re.finditer(r'enum\s+(\w+)\s*\{(.*?)\};', text, re.S):
        entries = []
        values = {}
        val = -1
        for line in m.group(2).splitlines():
            em = entry.match(line)
            if not em:
                continue
            ident, expr, comment = em.groups()
            if expr:
                expr = expr.strip()
                if re.fullmatch(r'\d+|0x[0-9a-fA-F]+', expr):
                    val = int(expr, 0)
                else:
                    m2 = re.fullmatch(r'(\w+)\s*-\s*1', expr)
                    if not m2 or m2.group(1) not in values:
                        continue
                    val = values[m2.group(1)] - 1
            else:
                val += 1
            values[ident] = val
            entries.append((ident, val, comment or ''))
        enums[m.group(1)] = entries
    return enums


def comment_type(comment):
    words = re.split(r'[\s:,]+', comment)
    first = words[0] if words else ''
    if first in ('u8', 'u16', 'u32', 'u64', 'be32', 'string', 'nest'):
        return first
    if first == 'binary':
        if 'labels' in comment:
            return 'labels'
        if len(words) > 1 and words[1] == '16':
            return 'ip6'
        return 'hex'
    return None


class Uapi:
    # attribute enums and the prefix of their identifiers
    SPACES = {
        'top': ('mpls_pw_attr', 'MPLS_PW_A_'),
        'ac': ('mpls_pw_ac_attr', 'MPLS_PW_AC_A_'),
        'pw': ('mpls_pw_pw_attr', 'MPLS_PW_PW_A_'),
        'tunnel': ('mpls_pw_tunnel_attr', 'MPLS_PW_TUNNEL_A_'),
        'track': ('mpls_pw_track_attr', 'MPLS_PW_TRACK_A_'),
        'switch': ('mpls_pw_switch_attr', 'MPLS_PW_SWITCH_A_'),
        'vrrp': ('mpls_pw_vrrp_attr', 'MPLS_PW_VRRP_A_'),
        'stats': ('mpls_pw_stats_attr', 'MPLS_PW_STATS_A_'),
        'cache': ('mpls_pw_cache_attr', 'MPLS_PW_CACHE_A_'),
    }
    ENUM_SPACE = {v[0]: k for k, v in SPACES.items()}
    # nests whose comment does not name their enum
    NEST_FALLBACK = {
        ('top', 'ac'): 'ac', ('top', 'pw'): 'pw', ('top', 'switch'): 'switch',
        ('top', 'vrrp'): 'vrrp', ('top', 'stats'): 'stats',
        ('ac', 'active_pw'): 'pw', ('ac', 'cache'): 'cache',
        ('cache', 'entry'): 'cache', ('switch', 'pw'): 'pw',
    }

    def __init__(self, path):
        with open(path) as f:
            text = f.read()
        enums = parse_enums(text)
        self.cmds = {}
        for ident, val, _ in enums.get('mpls_pw_cmd', []):
            if ident.startswith('MPLS_PW_CMD_') and not ident.endswith('MAX'):
                self.cmds[ident[len('MPLS_PW_CMD_'):].lower()] = val
        self.cmd_names = {v: k for k, v in self.cmds.items()}
        self.events = {val: ident[len('MPLS_PW_EVENT_'):].lower()
                       for ident, val, _ in enums.get('mpls_pw_event', [])}
        self.spaces = {}
        for key, (ename, prefix) in self.SPACES.items():
            sp = Space(key)
            for ident, val, comment in enums.get(ename, []):
                if not ident.startswith(prefix) or ident.endswith('MAX') \
                        or ident.startswith('__'):
                    continue
                name = ident[len(prefix):].lower()
                typ = comment_type(comment)
                nest = None
                if typ == 'nest' or (typ is None and
                                     (key, name) in self.NEST_FALLBACK):
                    typ = 'nest'
                    m = re.search(r'enum\s+(\w+)', comment)
                    if m and m.group(1) in self.ENUM_SPACE:
                        nest = self.ENUM_SPACE[m.group(1)]
                    else:
                        nest = self.NEST_FALLBACK.get((key, name))
                if name == 'pad':
                    typ = 'pad'
                elif typ is None and key == 'stats':
                    typ = 'u64'     # "Counters (u64 each)"
                if typ is None:
                    typ = 'hex'
                sp.add(name, val, typ, nest)
            self.spaces[key] = sp


# ------------------------------------------------------------ encoding --

def nla(atype, payload):
    hdr = struct.pack('=HH', 4 + len(payload), atype)
    pad = b'\0' * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def encode_value(typ, value):
    try:
        if typ == 'u8':
            return struct.pack('=B', int(value, 0))
        if typ == 'u16':
            return struct.pack('=H', int(value, 0))
        if typ in ('u32', 'pad'):
            return struct.pack('=I', int(value, 0))
        if typ == 'u64':
            return struct.pack('=Q', int(value, 0))
        if typ in ('be32', 'ip4'):
            return ipaddress.IPv4Address(value).packed
        if typ == 'ip6':
            return ipaddress.IPv6Address(value).packed
        if typ == 'str':
            return value.encode()
        if typ in ('strz', 'string'):
            return value.encode() + b'\0'
        if typ == 'hex':
            return bytes.fromhex(value.replace(':', ''))
        if typ == 'labels':
            if value == '':
                return b''
            return b''.join(struct.pack('=I', int(v, 0))
                            for v in value.split(','))
        if typ == 'nest':
            if value:
                raise UsageError('a nest takes no value')
            return b''
    except (ValueError, struct.error) as e:
        raise UsageError(f'bad {typ} value "{value}": {e}')
    raise UsageError(f'unknown type "{typ}"')


class Node:
    def __init__(self):
        self.children = {}      # key -> Node, insertion ordered
        self.value = None       # (type, value) for a leaf
        self.atype = None
        self.space = None


def build_tree(uapi, tokens):
    root = Node()
    root.space = 'top'
    for tok in tokens:
        remove = tok.startswith('-')
        if remove:
            path, typ, value = tok[1:], None, None
        else:
            if '=' not in tok:
                raise UsageError(f'bad token "{tok}"')
            path, value = tok.split('=', 1)
            typ = None
            if ':' in path:
                path, typ = path.rsplit(':', 1)
        comps = path.split('.')
        node = root
        for depth, comp in enumerate(comps):
            last = depth == len(comps) - 1
            key = comp
            name = comp.split('#', 1)[0]
            sp = uapi.spaces.get(node.space) if node.space else None
            if name.isdigit():
                atype, dtyp, nest = int(name), 'hex', None
            elif sp and name in sp.by_name:
                atype, dtyp, nest = sp.by_name[name]
            else:
                raise UsageError(f'unknown attribute "{name}" in "{path}"')
            if remove and last:
                node.children.pop(key, None)
                break
            child = node.children.get(key)
            if child is None:
                child = Node()
                node.children[key] = child
            child.atype = atype
            if last:
                t = typ or dtyp
                if t == 'nest' and not typ:
                    child.space = nest
                child.value = (t, value)
                if t == 'nest':
                    child.children = {}
            else:
                if child.value and child.value[0] != 'nest':
                    raise UsageError(f'"{comp}" is not a nest in "{path}"')
                child.value = ('nest', '')
                child.space = nest
            node = child
    return root


def encode_tree(node):
    out = b''
    for child in node.children.values():
        typ, value = child.value
        if typ == 'nest':
            out += nla(child.atype | NLA_F_NESTED, encode_tree(child))
        else:
            out += nla(child.atype, encode_value(typ, value))
    return out


# ------------------------------------------------------------ decoding --

def parse_attrs(data):
    off = 0
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from('=HH', data, off)
        if alen < 4:
            break
        yield atype & NLA_TYPE_MASK, data[off + 4:off + alen]
        off += (alen + 3) & ~3


def decode_value(typ, data):
    if typ == 'u8' and len(data) == 1:
        return data[0]
    if typ == 'u16' and len(data) == 2:
        return struct.unpack('=H', data)[0]
    if typ == 'u32' and len(data) == 4:
        return struct.unpack('=I', data)[0]
    if typ in ('u64', 'pad') and len(data) == 8:
        return struct.unpack('=Q', data)[0]
    if typ == 'be32' and len(data) == 4:
        return str(ipaddress.IPv4Address(data))
    if typ == 'ip6' and len(data) == 16:
        return str(ipaddress.IPv6Address(data))
    if typ == 'string':
        return data.split(b'\0', 1)[0].decode(errors='replace')
    if typ == 'labels' and len(data) % 4 == 0:
        return [struct.unpack_from('=I', data, i)[0]
                for i in range(0, len(data), 4)]
    return data.hex()


def decode_attrs(uapi, space, data):
    """Decodes a nest; an attribute that occurs more than once becomes a
    list of its values."""
    sp = uapi.spaces.get(space)
    out = {}
    repeated = set()
    for atype, payload in parse_attrs(data):
        if sp and atype in sp.by_num:
            name, typ, nest = sp.by_num[atype]
        else:
            name, typ, nest = f'attr_{atype}', 'hex', None
        if typ == 'nest':
            val = decode_attrs(uapi, nest, payload)
        else:
            val = decode_value(typ, payload)
        if name not in out:
            out[name] = val
            continue
        if name not in repeated:
            out[name] = [out[name]]
            repeated.add(name)
        out[name].append(val)
    return out


# -------------------------------------------------------------- socket --

class Genl:
    def __init__(self, uapi, family='mpls_pw'):
        self.uapi = uapi
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                NETLINK_GENERIC)
        self.sk.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        for opt in (NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK):
            try:
                self.sk.setsockopt(SOL_NETLINK, opt, 1)
            except OSError:
                pass
        self.sk.bind((0, 0))
        self.seq = int(time.time()) & 0xffff
        self.family, self.groups = self.resolve(family)

    def send(self, ftype, flags, cmd, payload, version=1):
        self.seq += 1
        body = struct.pack('=BBH', cmd, version, 0) + payload
        hdr = struct.pack('=IHHII', 16 + len(body), ftype, flags, self.seq, 0)
        self.sk.send(hdr + body)
        return self.seq

    def recv_msgs(self):
        data = self.sk.recv(1 << 20)
        off = 0
        msgs = []
        while off + 16 <= len(data):
            mlen, mtype, mflags, mseq, _ = struct.unpack_from('=IHHII',
                                                              data, off)
            if mlen < 16:
                break
            msgs.append((mtype, mflags, mseq, data[off + 16:off + mlen]))
            off += (mlen + 3) & ~3
        return msgs

    @staticmethod
    def parse_tlvs(res, data):
        for atype, val in parse_attrs(data):
            if atype == NLMSGERR_ATTR_MSG:
                res['extack'] = val.split(b'\0', 1)[0].decode(
                    errors='replace')
            elif atype == NLMSGERR_ATTR_OFFS and len(val) == 4:
                res['bad_offset'] = struct.unpack('=I', val)[0]
            elif atype == NLMSGERR_ATTR_MISS_TYPE and len(val) == 4:
                res['miss_type'] = struct.unpack('=I', val)[0]
            elif atype == NLMSGERR_ATTR_MISS_NEST and len(val) == 4:
                res['miss_nest'] = struct.unpack('=I', val)[0]
        return res

    @staticmethod
    def new_result(err):
        return {'errno': -err, 'extack': None, 'miss_type': None,
                'miss_nest': None, 'bad_offset': None}

    def parse_error(self, flags, payload):
        """NLMSG_ERROR: struct nlmsgerr, the request unless capped, TLVs."""
        err = struct.unpack_from('=i', payload)[0]
        res = self.new_result(err)
        if flags & NLM_F_ACK_TLVS:
            off = 4 + 16
            if not flags & NLM_F_CAPPED:
                off = 4 + struct.unpack_from('=I', payload, 4)[0]
            self.parse_tlvs(res, payload[(off + 3) & ~3:])
        return res

    def parse_done(self, flags, payload):
        """NLMSG_DONE: the dump's int error, then TLVs."""
        err = struct.unpack_from('=i', payload)[0] if len(payload) >= 4 else 0
        res = self.new_result(err)
        if flags & NLM_F_ACK_TLVS:
            self.parse_tlvs(res, payload[4:])
        return res

    def request(self, ftype, cmd, payload, flags=0, version=1):
        """Sends one request; returns (error dict, replies, parts)."""
        seq = self.send(ftype, NLM_F_REQUEST | NLM_F_ACK | flags, cmd,
                        payload, version)
        replies = []
        parts = 0
        intr = False
        while True:
            msgs = [m for m in self.recv_msgs() if m[2] == seq]
            if any(m[0] not in (NLMSG_ERROR, NLMSG_DONE) for m in msgs):
                parts += 1
            for mtype, mflags, _, body in msgs:
                if mflags & NLM_F_DUMP_INTR:
                    intr = True
                if mtype == NLMSG_ERROR:
                    res = self.parse_error(mflags, body)
                    res['dump_intr'] = intr
                    return res, replies, parts
                if mtype == NLMSG_DONE:
                    res = self.parse_done(mflags, body)
                    res['dump_intr'] = intr
                    return res, replies, parts
                replies.append((mtype, body))

    def resolve(self, name):
        payload = nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b'\0')
        res, replies, _ = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                       payload)
        if res['errno'] or not replies:
            raise OSError(res['errno'] or errno.ENOENT,
                          f'genl family "{name}" not found')
        attrs = dict(parse_attrs(replies[0][1][4:]))
        fam = struct.unpack('=H', attrs[CTRL_ATTR_FAMILY_ID][:2])[0]
        groups = {}
        for _, grp in parse_attrs(attrs.get(CTRL_ATTR_MCAST_GROUPS, b'')):
            g = dict(parse_attrs(grp))
            gname = g[CTRL_ATTR_MCAST_GRP_NAME].split(b'\0', 1)[0].decode()
            groups[gname] = struct.unpack('=I', g[CTRL_ATTR_MCAST_GRP_ID])[0]
        return fam, groups

    def decode(self, body):
        cmd = body[0]
        out = {'cmd': self.uapi.cmd_names.get(cmd, cmd)}
        out.update(decode_attrs(self.uapi, 'top', body[4:]))
        if 'event' in out:
            out['event'] = self.uapi.events.get(out['event'], out['event'])
        return out


# ----------------------------------------------------------------- main --

def errname(err):
    if not err:
        return 'OK'
    if err == errno.EOPNOTSUPP:
        return 'EOPNOTSUPP'         # not "ENOTSUP", its alias
    return errno.errorcode.get(err, str(err))


def run_request(g, words):
    if not words:
        raise UsageError('empty request')
    cmdword = words[0]
    if cmdword.isdigit():
        cmd = int(cmdword)
    elif cmdword in g.uapi.cmds:
        cmd = g.uapi.cmds[cmdword]
    else:
        raise UsageError(f'unknown command "{cmdword}"')
    flags = 0
    tokens = []
    for w in words[1:]:
        if w == 'dump':
            flags |= NLM_F_DUMP
        elif w == 'echo':
            flags |= NLM_F_ECHO
        else:
            tokens.append(w)
    payload = encode_tree(build_tree(g.uapi, tokens))
    res, replies, parts = g.request(g.family, cmd, payload, flags)
    out = {'cmd': cmdword, 'errno': res['errno'],
           'errname': errname(res['errno'])}
    for k in ('extack', 'miss_type', 'miss_nest', 'bad_offset', 'dump_intr'):
        out[k] = res.get(k)
    out['parts'] = parts
    out['replies'] = [g.decode(body) for _, body in replies]
    return out


def substitute(words, i):
    def repl(m):
        return str(eval(m.group(1), {'__builtins__': {}}, {'i': i}))
    return [re.sub(r'\{([^}]*)\}', repl, w) for w in words]


def monitor(g, timeout, ready):
    if 'events' not in g.groups:
        raise UsageError('the family has no "events" group')
    g.sk.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g.groups['events'])
    if ready:
        with open(ready, 'w') as f:
            f.write('ready\n')
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    signal.signal(signal.SIGINT, lambda *a: stop.append(1))
    deadline = time.monotonic() + timeout if timeout else None
    g.sk.settimeout(0.2)
    while not stop:
        if deadline and time.monotonic() > deadline:
            break
        try:
            msgs = g.recv_msgs()
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        for mtype, _, _, body in msgs:
            if mtype == g.family:
                print(json.dumps(g.decode(body)), flush=True)
    return 0


def main():
    ap = argparse.ArgumentParser(
        description='raw mpls_pw generic netlink requests')
    ap.add_argument('--uapi', default=os.environ.get('MPLS_PW_UAPI',
                                                     DEFAULT_UAPI))
    ap.add_argument('--family', default='mpls_pw', help=argparse.SUPPRESS)
    ap.add_argument('--batch', metavar='FILE')
    ap.add_argument('--repeat', type=int, metavar='N')
    ap.add_argument('--monitor', action='store_true')
    ap.add_argument('--timeout', type=float, default=0)
    ap.add_argument('--ready', metavar='FILE')
    ap.add_argument('request', nargs=argparse.REMAINDER)
    args = ap.parse_args()

    try:
        uapi = Uapi(args.uapi)
        g = Genl(uapi, args.family)
        if args.monitor:
            return monitor(g, args.timeout, args.ready)
        if args.batch:
            f = sys.stdin if args.batch == '-' else open(args.batch)
            rc = 0
            for line in f:
                line = line.strip()
                if not line or line.startswith('#'):
                    continue
                out = run_request(g, shlex.split(line))
                rc = rc or (1 if out['errno'] else 0)
                print(json.dumps(out), flush=True)
            return rc
        if args.repeat:
            ok = 0
            first = None
            for i in range(args.repeat):
                out = run_request(g, substitute(args.request, i))
                if out['errno']:
                    first = first or out
                else:
                    ok += 1
            print(json.dumps({'ok': ok, 'failed': args.repeat - ok,
                              'first_error': first}))
            return 0 if ok == args.repeat else 1
        out = run_request(g, args.request)
        print(json.dumps(out))
        return 1 if out['errno'] else 0
    except UsageError as e:
        print(f'genl.py: {e}', file=sys.stderr)
        return 2
    except OSError as e:
        print(f'genl.py: {e}', file=sys.stderr)
        return 2


if __name__ == '__main__':
    sys.exit(main())
