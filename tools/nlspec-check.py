#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""nlspec-check.py - keep the mpls_pw netlink spec, uapi header and policies
in step.

The family is written three times: the YAML spec
(Documentation/netlink/mpls_pw.yaml, the format of the kernel's
Documentation/netlink/specs), the uapi header (uapi/linux/mpls_pw.h) and the
kernel's policies and ops table (kmod/netlink.c). The header and the
policies are written by hand so that the module builds on 6.1; this checks
that the three do not drift:

  1. the spec is complete: a doc on every element, every reference
     (enum, nested-attributes, subset-of, attribute lists) resolves;
  2. every constant, enum and flag of the header is in the spec with the
     same C name and value, and the other way round;
  3. every attribute enum of the header is an attribute set of the spec
     with the same names, values and order, and the type, nest and enum
     each attribute's header comment names agree with the spec;
  4. the commands equal the spec's operations, and the kernel's ops table
     has the same do/dump handlers, permission flags and multicast groups;
  5. the kernel's policies (NLA_POLICY_MIN/MAX/RANGE/FULL_RANGE, EXACT_LEN,
     NESTED, binary lengths, NLA_REJECT for read-only attributes) accept
     exactly the attributes, types and ranges the spec gives, starting at
     the family's policy and following its nests.

Prints KTAP (one test point per item above, diagnostics as "# " lines).
Exits 0 when everything agrees, 1 on any drift, 4 (skip) without PyYAML.
Python 3 standard library plus PyYAML (Debian: python3-yaml).
"""

import argparse
import ast
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("TAP version 13")
    print("1..0 # SKIP python3 module yaml (Debian: python3-yaml) missing")
    sys.exit(4)

TREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

INT_TYPES = {
    'u8': (0, 0xff), 'u16': (0, 0xffff), 'u32': (0, 0xffffffff),
    'u64': (0, 0xffffffffffffffff), 'uint': (0, 0xffffffffffffffff),
    's8': (-0x80, 0x7f), 's16': (-0x8000, 0x7fff),
    's32': (-0x80000000, 0x7fffffff),
    's64': (-0x8000000000000000, 0x7fffffffffffffff),
    'sint': (-0x8000000000000000, 0x7fffffffffffffff),
}

NLA_TYPES = {
    'NLA_U8': 'u8', 'NLA_U16': 'u16', 'NLA_U32': 'u32', 'NLA_U64': 'u64',
    'NLA_S8': 's8', 'NLA_S16': 's16', 'NLA_S32': 's32', 'NLA_S64': 's64',
    'NLA_UINT': 'uint', 'NLA_SINT': 'sint', 'NLA_BINARY': 'binary',
    'NLA_STRING': 'string', 'NLA_NUL_STRING': 'string', 'NLA_FLAG': 'flag',
    'NLA_NESTED': 'nest', 'NLA_BE16': 'u16', 'NLA_BE32': 'u32',
}

SIZEOF = {
    'u8': 1, '__u8': 1, 'u16': 2, '__u16': 2, '__be16': 2, 'u32': 4,
    '__u32': 4, '__be32': 4, 'u64': 8, '__u64': 8,
    'struct in_addr': 4, 'struct in6_addr': 16,
}

LIMITS = {
    'U8_MAX': 0xff, 'U16_MAX': 0xffff, 'U32_MAX': 0xffffffff,
    'U64_MAX': 0xffffffffffffffff, 'S8_MAX': 0x7f, 'S16_MAX': 0x7fff,
    'S32_MAX': 0x7fffffff, 'S64_MAX': 0x7fffffffffffffff,
}


def c_upper(name):
    return name.upper().replace('-', '_')


def c_lower(name):
    return name.lower().replace('-', '_')


class Evaluator:
    """Integer C expressions over known names: + - * / << >> | & ~ ( )."""

    def __init__(self, names):
        self.names = names

    def __call__(self, expr):
        text = expr.strip()
        text = re.sub(r'sizeof\s*\(\s*([^)]*?)\s*\)',
                      lambda m: str(SIZEOF[m.group(1)]), text)
        text = re.sub(r'\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b', r'\1', text)
        text = re.sub(r'\(\s*(?:u8|u16|u32|u64|int|unsigned int)\s*\)', '',
                      text)
        return self._eval(ast.parse(text, mode='eval').body, expr)

    def _eval(self, node, expr):
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            if node.id in LIMITS:
                return LIMITS[node.id]
            raise ValueError(f"unknown name {node.id} in '{expr}'")
        if isinstance(node, ast.UnaryOp):
            v = self._eval(node.operand, expr)
            ops = {ast.USub: lambda x: -x, ast.UAdd: lambda x: x,
                   ast.Invert: lambda x: ~x}
            return ops[type(node.op)](v)
        if isinstance(node, ast.BinOp):
            a = self._eval(node.left, expr)
            b = self._eval(node.right, expr)
            ops = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b,
                   ast.Mult: lambda: a * b, ast.Div: lambda: a // b,
                   ast.FloorDiv: lambda: a // b, ast.LShift: lambda: a << b,
                   ast.RShift: lambda: a >> b, ast.BitOr: lambda: a | b,
                   ast.BitAnd: lambda: a & b}
            return ops[type(node.op)]()
        raise ValueError(f"cannot evaluate '{expr}'")


def split_top(text, sep=','):
    """Split at @sep outside (), {} and []."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in '({[':
            depth += 1
        elif ch in ')}]':
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(''.join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append(''.join(cur))
    return [p.strip() for p in parts if p.strip()]


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'),
                  text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


# ---- the uapi header ----

class Header:
    def __init__(self, path):
        self.path = path
        self.text = open(path, encoding='utf-8').read()
        self.defines = {}       # name -> int or str
        self.define_comments = {}
        self.enums = {}         # enum name -> [(entry, value, comment)]
        self.values = {}        # entry or define name -> int
        self._parse_defines()
        self._parse_enums()

    def _parse_defines(self):
        for m in re.finditer(r'^#define[ \t]+(\w+)[ \t]+([^\n]*)$',
                             self.text, re.M):
            name, rest = m.group(1), m.group(2)
            comment = ''
            cm = re.search(r'/\*(.*?)(\*/|$)', rest)
            if cm:
                comment = cm.group(1).strip()
                rest = rest[:cm.start()]
            rest = rest.strip()
            if not rest:
                continue
            if rest.startswith('"'):
                self.defines[name] = ast.literal_eval(rest)
            else:
                self.defines[name] = rest
            self.define_comments[name] = comment
        ev = Evaluator(self.values)
        for name, val in self.defines.items():
            if isinstance(val, str) and name not in self.values:
                try:
                    self.values[name] = ev(val)
                    self.defines[name] = self.values[name]
                except (ValueError, SyntaxError, KeyError):
                    pass

    def _parse_enums(self):
        ev = Evaluator(self.values)
        for m in re.finditer(r'\benum\s+(\w+)\s*\{(.*?)\};', self.text,
                             re.S):
            name, body = m.group(1), m.group(2)
            tokens = re.finditer(
                r'(?P<c>/\*.*?\*/)|(?P<e>\b[A-Za-z_]\w*\b)'
                r'(?:\s*=\s*(?P<v>[^,/\n]+))?\s*,?', body, re.S)
            entries, val, line_of = [], 0, {}
            for t in tokens:
                line = body.count('\n', 0, t.start())
                if t.group('c'):
                    if entries and line_of[len(entries) - 1] == line:
                        e = entries[-1]
                        text = re.sub(r'\s+', ' ', t.group('c')[2:-2]).strip()
                        entries[-1] = (e[0], e[1], text)
                    continue
                if t.group('v') is not None:
                    val = ev(t.group('v'))
                entries.append((t.group('e'), val, ''))
                line_of[len(entries) - 1] = line
                self.values[t.group('e')] = val
                val += 1
            self.enums[name] = entries


# ---- kmod/netlink.c ----

class Policy:
    """One attribute's policy, normalised."""

    def __init__(self, kind, ytype=None, rng=None, lens=None, nested=None,
                 text=''):
        self.kind = kind        # 'reject', 'attr'
        self.ytype = ytype      # spec type name
        self.rng = rng          # (min, max) for integers, None: type range
        self.lens = lens        # (min, max) length for binary/string
        self.nested = nested    # policy array name
        self.text = text


class Kernel:
    def __init__(self, path, values):
        self.path = path
        raw = open(path, encoding='utf-8').read()
        raw = re.sub(r'\\\n', ' ', raw)
        self.text = strip_comments(raw)
        self.ev = Evaluator(values)
        self.macros = {}
        for m in re.finditer(r'^#define[ \t]+(\w+)[ \t]+([^\n]+)$',
                             self.text, re.M):
            self.macros[m.group(1)] = m.group(2).strip()
        self.ranges = {}
        for m in re.finditer(r'struct\s+netlink_range_validation\s+(\w+)'
                             r'\s*=\s*\{(.*?)\};', self.text, re.S):
            fields = self._fields(m.group(2))
            self.ranges[m.group(1)] = (self.ev(fields.get('min', '0')),
                                       self.ev(fields['max']))
        self.policies = {}      # name -> (max name, {attr: Policy})
        self.errors = []
        for m in re.finditer(r'struct\s+nla_policy\s+(\w+)\s*\[\s*(\w+)\s*'
                             r'\+\s*1\s*\]\s*=\s*\{(.*?)\n\};', self.text,
                             re.S):
            entries = {}
            for ent in split_top(m.group(3)):
                em = re.fullmatch(r'\[\s*(\w+)\s*\]\s*=\s*(.*)', ent, re.S)
                if not em:
                    self.errors.append(f"{m.group(1)}: cannot parse '{ent}'")
                    continue
                entries[em.group(1)] = self._policy(m.group(1), em.group(1),
                                                    em.group(2))
            self.policies[m.group(1)] = (m.group(2), entries)
        self.family = self._struct(r'struct\s+genl_family\s+\w+[^=;]*=')
        self.ops = []
        m = re.search(r'struct\s+genl_ops\s+(\w+)\[\]\s*=\s*\{(.*?)\n\};',
                      self.text, re.S)
        if m:
            for blk in split_top(m.group(2)):
                self.ops.append(self._fields(blk.strip()[1:-1]))
        self.mcgrps = []
        m = re.search(r'struct\s+genl_multicast_group\s+\w+\[\]\s*=\s*'
                      r'\{(.*?)\};', self.text, re.S)
        if m:
            for blk in split_top(m.group(1)):
                self.mcgrps.append(self._fields(blk.strip()[1:-1]))

    def _struct(self, start):
        m = re.search(start + r'\s*\{(.*?)\n\};', self.text, re.S)
        return self._fields(m.group(1)) if m else {}

    @staticmethod
    def _fields(body):
        fields = {}
        for f in split_top(body):
            fm = re.fullmatch(r'\.(\w+)\s*=\s*(.*)', f, re.S)
            if fm:
                fields[fm.group(1)] = re.sub(r'\s+', ' ', fm.group(2)).strip()
        return fields

    def _expand(self, text):
        text = re.sub(r'\s+', ' ', text).strip()
        for _ in range(5):
            if text in self.macros:
                text = re.sub(r'\s+', ' ', self.macros[text]).strip()
        return text

    def _policy(self, pol, attr, value):
        text = self._expand(value)
        where = f"{pol}[{attr}]"
        m = re.fullmatch(r'NLA_POLICY_(\w+)\((.*)\)', text, re.S)
        try:
            if m:
                kind, args = m.group(1), split_top(m.group(2))
                if kind in ('MIN', 'MAX', 'RANGE', 'FULL_RANGE'):
                    ytype = NLA_TYPES[args[0]]
                    lo, hi = INT_TYPES[ytype]
                    if kind == 'MIN':
                        lo = self.ev(args[1])
                    elif kind == 'MAX':
                        hi = self.ev(args[1])
                    elif kind == 'RANGE':
                        lo, hi = self.ev(args[1]), self.ev(args[2])
                    else:
                        lo, hi = self.ranges[args[1].lstrip('&').strip()]
                    return Policy('attr', ytype, rng=(lo, hi), text=text)
                if kind == 'EXACT_LEN':
                    n = self.ev(args[0])
                    return Policy('attr', 'binary', lens=(n, n), text=text)
                if kind == 'MIN_LEN':
                    return Policy('attr', 'binary',
                                  lens=(self.ev(args[0]), None), text=text)
                if kind == 'MAX_LEN':
                    return Policy('attr', 'binary',
                                  lens=(0, self.ev(args[0])), text=text)
                if kind == 'NESTED':
                    return Policy('attr', 'nest', nested=args[0], text=text)
            elif text.startswith('{') and text.endswith('}'):
                f = self._fields(text[1:-1])
                t = f.get('type', 'NLA_UNSPEC')
                if t == 'NLA_REJECT':
                    return Policy('reject', text=text)
                ytype = NLA_TYPES[t]
                if ytype in ('binary', 'string'):
                    n = self.ev(f['len']) if 'len' in f else None
                    return Policy('attr', ytype, lens=(0, n), text=text)
                if ytype in INT_TYPES:
                    return Policy('attr', ytype, rng=INT_TYPES[ytype],
                                  text=text)
                return Policy('attr', ytype, text=text)
        except (KeyError, IndexError, ValueError, SyntaxError) as e:
            self.errors.append(f"{where}: cannot evaluate '{text}': {e}")
            return None
        self.errors.append(f"{where}: unknown policy form '{text}'")
        return None


# ---- the spec ----

class Spec:
    def __init__(self, path):
        self.path = path
        self.y = yaml.safe_load(open(path, encoding='utf-8'))
        self.name = self.y['name']
        self.defs = {d['name']: d for d in self.y.get('definitions', [])}
        self.sets = {s['name']: s for s in self.y.get('attribute-sets', [])}
        self.ops = self.y.get('operations', {}).get('list', [])

    # C names and values, as ynl-gen renders them
    def def_prefix(self, d):
        if d['type'] == 'const':
            return d.get('name-prefix', self.name + '-')
        return d.get('name-prefix', f"{self.name}-{d['name']}-")

    def def_enum_name(self, d):
        if 'enum-name' in d:
            return c_lower(d['enum-name']) if d['enum-name'] else None
        return c_lower(f"{self.name}-{d['name']}")

    def entries(self, d):
        """[(C name, value, entry)] of an enum or flags definition."""
        out, val = [], d.get('value-start', 0)
        for e in d.get('entries', []):
            e = e if isinstance(e, dict) else {'name': e}
            if 'value' in e:
                val = e['value']
            v = 1 << val if d['type'] == 'flags' else val
            out.append((c_upper(self.def_prefix(d) + e['name']), v, e))
            val += 1
        return out

    def base(self, sname):
        s = self.sets[sname]
        return self.base(s['subset-of']) if 'subset-of' in s else s

    def set_prefix(self, s):
        s = self.base(s['name'])
        return s.get('name-prefix', f"{self.name}-{s['name']}-a-")

    def set_enum_name(self, s):
        s = self.base(s['name'])
        return c_lower(s.get('enum-name', f"{self.name}-{s['name']}"))

    def set_attrs(self, sname):
        """{name: (value, merged attribute spec)} of a set or subset."""
        s = self.sets[sname]
        if 'subset-of' in s:
            parent = self.set_attrs(s['subset-of'])
            return {a['name']: (parent[a['name']][0],
                                {**parent[a['name']][1], **a})
                    for a in s['attributes'] if a['name'] in parent}
        out, val = {}, 1
        for a in s['attributes']:
            if 'value' in a:
                val = a['value']
            out[a['name']] = (val, a)
            val += 1
        return out

    def limit(self, v):
        if isinstance(v, int):
            return v
        if v in self.defs and self.defs[v]['type'] == 'const':
            return self.limit(self.defs[v]['value'])
        m = re.fullmatch(r'([su])(8|16|32|64)-(min|max)', str(v))
        if m:
            lo, hi = INT_TYPES[m.group(1) + m.group(2)]
            return lo if m.group(3) == 'min' else hi
        raise ValueError(f"unknown limit '{v}'")

    def int_range(self, a):
        """The range ynl-gen would enforce for an integer attribute."""
        lo, hi = INT_TYPES[a['type']]
        checks = a.get('checks', {})
        if 'enum' in a and a['enum'] in self.defs:
            d = self.defs[a['enum']]
            if d['type'] == 'enum':
                vals = [v for _, v, _ in self.entries(d)]
                lo, hi = min(vals), max(vals)
        if 'min' in checks:
            lo = self.limit(checks['min'])
        if 'max' in checks:
            hi = self.limit(checks['max'])
        return lo, hi

    def lens(self, a):
        c = a.get('checks', {})
        if 'exact-len' in c:
            n = self.limit(c['exact-len'])
            return n, n
        lo = self.limit(c['min-len']) if 'min-len' in c else 0
        hi = self.limit(c['max-len']) if 'max-len' in c else None
        return lo, hi

    @staticmethod
    def read_only(a):
        return bool(re.search(r'\bRead-only\b', a.get('doc', '')))


# ---- the checks ----

class Check:
    def __init__(self, spec, hdr, kern):
        self.spec, self.hdr, self.kern = spec, hdr, kern
        self.msgs, self.warnings = [], []
        self.seen_enums = set()

    def err(self, msg):
        self.msgs.append(msg)

    def warn(self, msg):
        """Worth knowing, but the spec and the code still agree."""
        self.warnings.append(msg)

    def run(self, n, title, fn):
        self.msgs, self.warnings = [], []
        try:
            fn()
        except Exception as e:      # a spec too broken to walk is drift too
            self.err(f"{type(e).__name__}: {e}")
        for m in self.warnings:
            print(f"# warning: {m}")
        for m in self.msgs:
            print(f"# {m}")
        print(f"{'not ok' if self.msgs else 'ok'} {n} {title}")
        return not self.msgs

    # 1
    def documented(self):
        s = self.spec
        if not s.y.get('doc'):
            self.err("family: no doc")
        for d in s.defs.values():
            if not d.get('doc'):
                self.err(f"definition {d['name']}: no doc")
            for e in d.get('entries', []):
                if not isinstance(e, dict) or not e.get('doc'):
                    name = e['name'] if isinstance(e, dict) else e
                    self.err(f"definition {d['name']}: entry {name}: no doc")
        for st in s.sets.values():
            if not st.get('doc'):
                self.err(f"attribute set {st['name']}: no doc")
            if 'subset-of' in st:
                if st['subset-of'] not in s.sets:
                    self.err(f"attribute set {st['name']}: subset of unknown "
                             f"set {st['subset-of']}")
                    continue
                parent = s.set_attrs(st['subset-of'])
                for a in st['attributes']:
                    if a['name'] not in parent:
                        self.err(f"attribute set {st['name']}: {a['name']} "
                                 f"is not in {st['subset-of']}")
            for name, (_, a) in s.set_attrs(st['name']).items():
                where = f"attribute {st['name']}.{name}"
                if 'subset-of' not in st and not a.get('doc'):
                    self.err(f"{where}: no doc")
                if a.get('type') == 'nest' and \
                        a.get('nested-attributes') not in s.sets:
                    self.err(f"{where}: nest of unknown set "
                             f"{a.get('nested-attributes')}")
                if 'enum' in a and a['enum'] not in s.defs:
                    self.err(f"{where}: unknown enum {a['enum']}")
                for k in ('min', 'max', 'min-len', 'max-len', 'exact-len'):
                    if k in a.get('checks', {}):
                        try:
                            s.limit(a['checks'][k])
                        except ValueError as e:
                            self.err(f"{where}: {e}")
        groups = [g['name'] for g in s.y.get('mcast-groups', {}).get('list',
                                                                     [])]
        for op in s.ops:
            where = f"operation {op['name']}"
            if not op.get('doc'):
                self.err(f"{where}: no doc")
            aset = op.get('attribute-set')
            if aset not in s.sets:
                self.err(f"{where}: unknown attribute set {aset}")
                continue
            attrs = s.set_attrs(aset)
            for mode in ('do', 'dump'):
                for part in ('request', 'reply'):
                    lst = op.get(mode, {}).get(part, {}).get('attributes', [])
                    for a in lst:
                        if a not in attrs:
                            self.err(f"{where}: {mode} {part}: unknown "
                                     f"attribute {a}")
                        elif part == 'request' and \
                                s.read_only(attrs[a][1]):
                            self.err(f"{where}: {mode} request: {a} is "
                                     f"read-only")
            if 'mcgrp' in op and op['mcgrp'] not in groups:
                self.err(f"{where}: unknown multicast group {op['mcgrp']}")

    # 2
    def definitions(self):
        s, h = self.spec, self.hdr
        seen = set()
        for d in s.defs.values():
            if d['type'] == 'const':
                cname = c_upper(s.def_prefix(d) + d['name'])
                seen.add(cname)
                if cname not in h.defines:
                    self.err(f"const {d['name']}: {cname} not in the header")
                elif h.defines[cname] != d['value']:
                    self.err(f"const {d['name']}: {cname} is "
                             f"{h.defines[cname]} in the header, "
                             f"{d['value']} in the spec")
            elif d['type'] == 'enum':
                ename = s.def_enum_name(d)
                want = [(n, v) for n, v, _ in s.entries(d)]
                if ename not in h.enums:
                    self.err(f"enum {d['name']}: enum {ename} not in the "
                             f"header")
                    continue
                seen.add(ename)
                have = [(n, v) for n, v, _ in h.enums[ename]]
                self._same_list(f"enum {ename}", have, want)
            elif d['type'] == 'flags':
                for cname, v, _ in s.entries(d):
                    seen.add(cname)
                    if cname not in h.values:
                        self.err(f"flags {d['name']}: {cname} not in the "
                                 f"header")
                    elif h.values[cname] != v:
                        self.err(f"flags {d['name']}: {cname} is "
                                 f"{h.values[cname]:#x} in the header, "
                                 f"{v:#x} in the spec")
        family = {
            c_upper(s.y.get('c-family-name', s.name + '-family-name')):
                s.name,
            c_upper(s.y.get('c-version-name', s.name + '-family-version')):
                s.y.get('version', 1),
        }
        for g in s.y.get('mcast-groups', {}).get('list', []):
            cname = c_upper(g.get('c-define-name',
                                  f"{s.name}-mcgrp-{g['name']}"))
            family[cname] = g['name']
        for cname, v in family.items():
            seen.add(cname)
            if h.defines.get(cname) != v:
                self.err(f"family: {cname} is {h.defines.get(cname)!r} in "
                         f"the header, {v!r} in the spec")
        for cname in h.defines:
            if cname not in seen:
                self.err(f"header: #define {cname} is not in the spec")
        self.seen_enums = seen

    def _same_list(self, what, have, want):
        hn = [n for n, _ in have]
        wn = [n for n, _ in want]
        for n in hn:
            if n not in wn:
                self.err(f"{what}: {n} in the header, not in the spec")
        for n in wn:
            if n not in hn:
                self.err(f"{what}: {n} in the spec, not in the header")
        hv, wv = dict(have), dict(want)
        for n in hn:
            if n in wv and hv[n] != wv[n]:
                self.err(f"{what}: {n} is {hv[n]} in the header, "
                         f"{wv[n]} in the spec")
        common = [n for n in hn if n in wv]
        if common != [n for n in wn if n in hv]:
            self.err(f"{what}: order differs")

    # 3
    def attr_sets(self):
        s, h = self.spec, self.hdr
        seen = set()
        for st in s.sets.values():
            if 'subset-of' in st:
                continue
            ename = s.set_enum_name(st)
            prefix = s.set_prefix(st)
            if ename not in h.enums:
                self.err(f"attribute set {st['name']}: enum {ename} not in "
                         f"the header")
                continue
            seen.add(ename)
            attrs = s.set_attrs(st['name'])
            want = [(c_upper(prefix + n), v) for n, (v, _) in attrs.items()]
            cnt = c_upper(st.get('attr-cnt-name', '--' + prefix + 'max'))
            amax = c_upper(st.get('attr-max-name', prefix + 'max'))
            entries = h.enums[ename]
            have = [(n, v) for n, v, _ in entries if n not in (cnt, amax)]
            self._same_list(f"enum {ename}", have, want)
            last = max(v for _, v in want)
            if h.values.get(cnt) != last + 1 or h.values.get(amax) != last:
                self.err(f"enum {ename}: {cnt} / {amax} do not follow the "
                         f"last attribute")
            comments = {n: c for n, _, c in entries}
            for n, (_, a) in attrs.items():
                self._attr_vs_comment(st['name'], n, a,
                                      comments.get(c_upper(prefix + n), ''))
        ops = s.y.get('operations', {})
        oname = c_lower(ops.get('enum-name', s.name + '-cmd'))
        seen.add(oname)
        for e in h.enums:
            if e not in seen and e not in self.seen_enums:
                self.err(f"header: enum {e} is not in the spec")

    def _attr_vs_comment(self, sname, name, a, comment):
        """Type, nest, enum and direction that the header comment names."""
        s = self.spec
        where = f"attribute {sname}.{name}"
        m = re.match(r'\s*([^,:]*)(?:,\s*(in/out|out|in)\b)?', comment)
        words = m.group(1).split()
        direction = m.group(2)
        t = a.get('type')
        if words and words[0] in INT_TYPES or words[:1] == ['string']:
            if t != words[0]:
                self.err(f"{where}: {words[0]} in the header, {t} in the spec")
        elif words[:1] == ['be32']:
            if not (t == 'u32' and a.get('byte-order') == 'big-endian') and \
                    not (t == 'binary' and s.lens(a) == (4, 4)):
                self.err(f"{where}: be32 in the header, {t} in the spec")
        elif words[:1] == ['binary']:
            if t != 'binary':
                self.err(f"{where}: binary in the header, {t} in the spec")
            elif len(words) > 1 and words[1].isdigit() and \
                    s.lens(a) != (int(words[1]),) * 2:
                self.err(f"{where}: binary {words[1]} in the header, "
                         f"length {s.lens(a)} in the spec")
        elif words[:1] == ['nest'] and t != 'nest':
            self.err(f"{where}: nest in the header, {t} in the spec")
        em = re.search(r'\benum (\w+)', comment)
        if em and t == 'nest':
            nested = a.get('nested-attributes')
            if nested in s.sets and s.set_enum_name(s.sets[nested]) != \
                    em.group(1):
                self.err(f"{where}: nest of {em.group(1)} in the header, "
                         f"of set {nested} in the spec")
        elif em:
            d = s.defs.get(a.get('enum'))
            if not d or s.def_enum_name(d) != em.group(1):
                self.err(f"{where}: enum {em.group(1)} in the header, "
                         f"enum {a.get('enum')} in the spec")
        fm = re.search(r'\b(MPLS_PW_\w+_)\*', comment)
        if fm:
            d = s.defs.get(a.get('enum'))
            if not d or c_upper(s.def_prefix(d)) != fm.group(1):
                self.err(f"{where}: {fm.group(1)}* in the header, enum "
                         f"{a.get('enum')} in the spec")
        if direction == 'out' and not s.read_only(a):
            self.err(f"{where}: output only in the header, not Read-only "
                     f"in the spec")
        if direction in ('in', 'in/out') and s.read_only(a):
            self.err(f"{where}: an input in the header, Read-only in the "
                     f"spec")

    # 4
    def operations(self):
        s, h, k = self.spec, self.hdr, self.kern
        ops = s.y.get('operations', {})
        prefix = ops.get('name-prefix', s.name + '-cmd-')
        oname = c_lower(ops.get('enum-name', s.name + '-cmd'))
        want, val = [], 1
        for op in s.ops:
            if 'value' in op:
                val = op['value']
            want.append((c_upper(prefix + op['name']), val, op))
            val += 1
        if oname not in h.enums:
            self.err(f"operations: enum {oname} not in the header")
            return
        cnt = c_upper('--' + prefix + 'max')
        cmax = c_upper(prefix + 'max')
        have = [(n, v) for n, v, _ in h.enums[oname]
                if n not in (cnt, cmax) and not (n.endswith('_UNSPEC') and
                                                 v == 0)]
        self._same_list(f"enum {oname}", have, [(n, v) for n, v, _ in want])

        kops = {o.get('cmd'): o for o in k.ops}
        resv = k.family.get('resv_start_op')
        resv = k.ev(resv) if resv else 0
        for cname, v, op in want:
            where = f"operation {op['name']}"
            ko = kops.pop(cname, None)
            if ko is None:
                self.err(f"{where}: {cname} not in the kernel's ops table")
                continue
            for mode, field in (('do', 'doit'), ('dump', 'dumpit')):
                if (mode in op) != (field in ko):
                    self.err(f"{where}: {'has' if mode in op else 'no'} "
                             f"{mode} in the spec, {field} "
                             f"{'set' if field in ko else 'unset'} in the "
                             f"kernel")
            flags = set(op.get('flags', []))
            kflags = set(re.findall(r'GENL_(UNS_ADMIN_PERM|ADMIN_PERM)',
                                    ko.get('flags', '')))
            kflags = {f.lower().replace('_', '-') for f in kflags}
            if flags != kflags:
                self.err(f"{where}: flags {sorted(flags)} in the spec, "
                         f"{sorted(kflags)} in the kernel")
            dv = set(op.get('dont-validate', []))
            kdv = set(re.findall(r'GENL_DONT_VALIDATE_(\w+)',
                                 ko.get('validate', '')))
            kdv = {f.lower().replace('_', '-') for f in kdv}
            if dv != kdv:
                self.err(f"{where}: dont-validate {sorted(dv)} in the spec, "
                         f"{sorted(kdv)} in the kernel")
        for cname in kops:
            self.err(f"kernel: {cname} in the ops table, not in the spec")
        # ynl-gen sets resv_start_op just past the last op that is not
        # validated strictly; ops below it skip the genl header check.
        loose = [v for _, v, op in want if op.get('dont-validate')]
        if resv != (max(loose) + 1 if loose else 0):
            self.warn(f"kernel: resv_start_op is {resv}, the spec implies "
                      f"{max(loose) + 1 if loose else 0}: commands below "
                      f"it skip the genlmsghdr.reserved and nlmsg_flags "
                      f"checks")

        groups = [c_upper(g.get('c-define-name',
                                f"{s.name}-mcgrp-{g['name']}"))
                  for g in s.y.get('mcast-groups', {}).get('list', [])]
        kgroups = [g.get('name') for g in k.mcgrps]
        if groups != kgroups:
            self.err(f"multicast groups: {groups} in the spec, {kgroups} in "
                     f"the kernel")
        if k.family.get('name') != c_upper(s.y.get('c-family-name', '')) or \
                k.family.get('version') != c_upper(s.y.get('c-version-name',
                                                           '')):
            self.err("family: name or version define differs from the spec")
        if (k.family.get('netnsok') == 'true') is not True:
            self.err("family: not netnsok, the spec's objects are per netns")

    # 5
    def policies(self):
        s, k = self.spec, self.kern
        for e in k.errors:
            self.err(f"kernel: {e}")
        if s.y.get('kernel-policy') != 'global':
            self.err("spec: kernel-policy is not global, the kernel has one "
                     "family policy")
        sets = {op.get('attribute-set') for op in s.ops}
        if len(sets) != 1:
            self.err(f"spec: a global policy needs one attribute set for "
                     f"all operations, not {sorted(map(str, sets))}")
            return
        top = sets.pop()
        root = k.family.get('policy')
        if root not in k.policies:
            self.err(f"kernel: family policy {root} not found")
            return
        amax = c_upper(s.sets[top].get('attr-max-name',
                                       s.set_prefix(s.sets[top]) + 'max'))
        if k.family.get('maxattr') != amax:
            self.err(f"kernel: maxattr is {k.family.get('maxattr')}, the "
                     f"spec's top set ends at {amax}")
        self.walked = set()
        self._walk(root, top)
        for p in k.policies:
            if p not in self.walked:
                self.err(f"kernel: policy {p} is not reachable from {root}")

    def _walk(self, pname, sname):
        s, k = self.spec, self.kern
        if (pname, sname) in self.walked:
            return
        self.walked.add((pname, sname))
        self.walked.add(pname)
        pmax, entries = k.policies[pname]
        base = s.base(sname)
        prefix = c_upper(s.set_prefix(base))
        if c_upper(base.get('attr-max-name', s.set_prefix(base) + 'max')) \
                != pmax:
            self.err(f"{pname}: sized by {pmax}, stands for set {sname}")
            return
        full = s.set_attrs(base['name'])
        view = s.set_attrs(sname)
        for name, (_, fa) in full.items():
            cname = prefix + c_upper(name)
            where = f"{pname}[{cname}]"
            pol = entries.get(cname)
            if pol is None and cname in entries:
                continue            # could not parse: reported already
            a = view.get(name, (None, None))[1]
            typ = (a or fa).get('type')
            spec_in = a is not None and typ not in ('pad', 'unused') and \
                not s.read_only(a)
            kern_in = pol is not None and pol.kind == 'attr'
            if typ in ('pad', 'unused') and pol is not None:
                self.err(f"{where}: a policy for a {typ} attribute")
                continue
            if spec_in and not kern_in:
                self.err(f"{where}: accepted in the spec, "
                         f"{'rejected' if pol else 'no policy'} in the "
                         f"kernel (Read-only in the spec?)")
                continue
            if kern_in and not spec_in:
                self.err(f"{where}: accepted by the kernel, "
                         f"{'Read-only' if a else 'absent'} in the spec")
                continue
            if not spec_in:
                continue
            self._compare(where, a, pol, sname)

    def _compare(self, where, a, pol, sname):
        s = self.spec
        t = a['type']
        if t != pol.ytype:
            self.err(f"{where}: {pol.ytype} in the kernel, {t} in the spec")
            return
        if t in INT_TYPES:
            have = pol.rng or INT_TYPES[t]
            try:
                want = s.int_range(a)
            except ValueError as e:
                self.err(f"{where}: {e}")
                return
            if have != want:
                self.err(f"{where}: range {have[0]}..{have[1]} in the "
                         f"kernel ({pol.text}), {want[0]}..{want[1]} in the "
                         f"spec")
        elif t in ('binary', 'string'):
            have = pol.lens or (0, None)
            want = s.lens(a)
            if have != want:
                self.err(f"{where}: length {have} in the kernel "
                         f"({pol.text}), {want} in the spec")
        elif t == 'nest':
            nested = a.get('nested-attributes')
            if nested not in s.sets:
                self.err(f"{where}: nest of unknown set {nested}")
            elif pol.nested not in self.kern.policies:
                self.err(f"{where}: nested policy {pol.nested} not found")
            else:
                self._walk(pol.nested, nested)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--spec', default=os.path.join(
        TREE, 'Documentation/netlink/mpls_pw.yaml'))
    ap.add_argument('--header', default=os.path.join(
        TREE, 'uapi/linux/mpls_pw.h'))
    ap.add_argument('--policy', default=os.path.join(TREE, 'kmod/netlink.c'))
    args = ap.parse_args()

    print("TAP version 13")
    try:
        spec = Spec(args.spec)
        hdr = Header(args.header)
        kern = Kernel(args.policy, hdr.values)
    except (OSError, yaml.YAMLError, ValueError, KeyError, SyntaxError) as e:
        print("1..1")
        print(f"# {type(e).__name__}: {e}")
        print("not ok 1 nlspec-check: read the spec, header and policies")
        return 1

    chk = Check(spec, hdr, kern)
    tests = [
        ("spec: documented, references resolve", chk.documented),
        ("spec: definitions match the header", chk.definitions),
        ("spec: attribute sets match the header", chk.attr_sets),
        ("spec: operations match the header and the ops table",
         chk.operations),
        ("spec: checks match the kernel policies", chk.policies),
    ]
    print(f"1..{len(tests)}")
    print(f"# spec {os.path.relpath(args.spec)}, header "
          f"{os.path.relpath(args.header)}, policies "
          f"{os.path.relpath(args.policy)}")
    ok = True
    for n, (title, fn) in enumerate(tests, 1):
        ok = chk.run(n, title, fn) and ok
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
