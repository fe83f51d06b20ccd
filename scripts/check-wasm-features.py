#!/usr/bin/env python3
"""Fails if a wasm module needs reference types (Chromium 96) or anything else newer than the Chromium 86
floor (README “浏览器”). Reads .wasm files, or the single file's embedded modules (the app's
`<script id="app-wasm">` and the Excel module's `data-part="xlsx-wasm"` parts: base64 of zlib data).

    python3 scripts/check-wasm-features.py dist/lishu-monitor.html [more.wasm …]

Checked by walking the binary (no tool needed):
- value types anywhere in the type, import, global and table sections: only i32/i64/f32/f64 (no v128,
  no externref 0x6f, no funcref 0x70 outside the one function table);
- at most one table, of funcref, and element segments of the MVP form (flag 0);
- no typed select, ref.*, table.* instruction in the code section (opcodes are scanned with immediates);
- the target_features section (what wasm-bindgen and wasm-opt read) names no reference-types, simd128,
  gc, exception-handling, tail-call, multimemory, memory64, extended-const, relaxed-simd.
"""
import base64
import re
import sys
import zlib

ALLOWED_FEATURES = {"mutable-globals", "sign-ext", "nontrapping-fptoint", "bulk-memory", "bulk-memory-opt", "multivalue"}
NUM = {0x7F, 0x7E, 0x7D, 0x7C}


class Bad(Exception):
    pass


class R:
    def __init__(self, b, pos=0, end=None):
        self.b, self.p, self.end = b, pos, len(b) if end is None else end

    def byte(self):
        if self.p >= self.end:
            raise Bad("unexpected end")
        v = self.b[self.p]
        self.p += 1
        return v

    def u(self):
        r = s = 0
        while True:
            x = self.byte()
            r |= (x & 0x7F) << s
            s += 7
            if x < 0x80:
                return r

    def s(self):  # signed LEB, value ignored
        while self.byte() & 0x80:
            pass

    def bytes(self, n):
        v = self.b[self.p:self.p + n]
        self.p += n
        return v

    def name(self):
        return self.bytes(self.u()).decode("utf-8", "replace")


def valtype(r, where):
    t = r.byte()
    if t not in NUM:
        raise Bad(f"{where}: value type 0x{t:02x} ({ {0x6F: 'externref', 0x70: 'funcref', 0x7B: 'v128'}.get(t, '?') })")


def limits(r):
    f = r.byte()
    r.u()
    if f & 1:
        r.u()
    if f & ~1:
        raise Bad(f"limits flag 0x{f:02x} (shared/64-bit memory)")


def blocktype(r):
    t = r.b[r.p]
    if t == 0x40 or t in NUM:
        r.p += 1
    elif t in (0x6F, 0x70, 0x7B):
        raise Bad(f"block type 0x{t:02x}")
    else:
        r.s()  # type index (multivalue)


def const_expr(r, where):
    while True:
        op = r.byte()
        if op == 0x0B:
            return
        if op in (0x41, 0x42):
            r.s()
        elif op == 0x43:
            r.bytes(4)
        elif op == 0x44:
            r.bytes(8)
        elif op == 0x23:
            r.u()
        else:
            raise Bad(f"{where}: initializer opcode 0x{op:02x}")


def code(r, end, fn):
    """Scans one function body's instructions for anything past the floor."""
    while r.p < end:
        op = r.byte()
        if op in (0x02, 0x03, 0x04):
            blocktype(r)
        elif op in (0x0C, 0x0D, 0x10, 0x20, 0x21, 0x22, 0x23, 0x24):
            r.u()
        elif op == 0x0E:
            for _ in range(r.u() + 1):
                r.u()
        elif op == 0x11:
            r.u()
            if r.byte() != 0:  # MVP: one reserved zero byte (a LEB table index, even 0, needs reference types)
                raise Bad(f"function {fn}: call_indirect with a table index (reference types encoding)")
        elif 0x28 <= op <= 0x3E:
            r.u(); r.u()
        elif op in (0x3F, 0x40):
            if r.byte() != 0:
                raise Bad(f"function {fn}: memory index")
        elif op == 0x41 or op == 0x42:
            r.s()
        elif op == 0x43:
            r.bytes(4)
        elif op == 0x44:
            r.bytes(8)
        elif op in (0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B) or 0x45 <= op <= 0xC4:
            pass
        elif op == 0xFC:
            sub = r.u()
            if sub <= 7:
                pass
            elif sub == 8:
                r.u(); r.byte()
            elif sub == 9:
                r.u()
            elif sub == 10:
                r.byte(); r.byte()
            elif sub == 11:
                r.byte()
            else:
                raise Bad(f"function {fn}: 0xfc {sub} (table instruction, reference types)")
        else:
            raise Bad(f"function {fn}: opcode 0x{op:02x} ({ {0x1C: 'typed select', 0x25: 'table.get', 0x26: 'table.set', 0xD0: 'ref.null', 0xD1: 'ref.is_null', 0xD2: 'ref.func', 0xFD: 'SIMD', 0xFE: 'atomics', 0x06: 'try', 0x12: 'return_call'}.get(op, 'not in the floor') })")


def check(b, label):
    if b[:8] != b"\0asm\1\0\0\0":
        raise Bad("not a wasm module")
    r = R(b, 8)
    tables = 0
    features = []
    imported_funcs = 0
    fn = 0
    while r.p < len(b):
        sid = r.byte()
        size = r.u()
        end = r.p + size
        s = R(b, r.p, end)
        if sid == 0:
            n = s.name()
            if n == "target_features":
                for _ in range(s.u()):
                    prefix = chr(s.byte())
                    features.append(prefix + s.name())
        elif sid == 1:
            for i in range(s.u()):
                if s.byte() != 0x60:
                    raise Bad("type section: not a function type")
                for _ in range(s.u()):
                    valtype(s, f"type {i} parameter")
                for _ in range(s.u()):
                    valtype(s, f"type {i} result")
        elif sid == 2:
            for _ in range(s.u()):
                mod, nm = s.name(), s.name()
                k = s.byte()
                where = f"import {mod}.{nm}"
                if k == 0:
                    s.u()
                    imported_funcs += 1
                elif k == 1:
                    tables += 1
                    if s.byte() != 0x70:
                        raise Bad(f"{where}: table of references other than funcref")
                    limits(s)
                elif k == 2:
                    limits(s)
                elif k == 3:
                    valtype(s, where)
                    s.byte()
                else:
                    raise Bad(f"{where}: import kind {k}")
        elif sid == 4:
            for _ in range(s.u()):
                tables += 1
                if s.byte() != 0x70:
                    raise Bad("table of references other than funcref")
                limits(s)
        elif sid == 6:
            for i in range(s.u()):
                valtype(s, f"global {i}")
                s.byte()
                const_expr(s, f"global {i}")
        elif sid == 9:
            for i in range(s.u()):
                if s.u() != 0:
                    raise Bad(f"element segment {i}: not the MVP form (reference types / bulk tables)")
                const_expr(s, f"element segment {i}")
                for _ in range(s.u()):
                    s.u()
        elif sid == 10:
            fn = imported_funcs
            for _ in range(s.u()):
                body = s.u()
                bend = s.p + body
                c = R(b, s.p, bend)
                for _ in range(c.u()):
                    c.u()
                    valtype(c, f"function {fn} local")
                code(c, bend, fn)
                s.p = bend
                fn += 1
        elif sid == 12:
            pass  # data count (bulk memory)
        elif sid > 12:
            raise Bad(f"section {sid} (tags or another post-MVP section)")
        r.p = end
    if tables > 1:
        raise Bad(f"{tables} tables (reference types)")
    used = [f[1:] for f in features if f[0] in "+="]
    bad = [f for f in used if f not in ALLOWED_FEATURES]
    if bad:
        raise Bad(f"target_features names {', '.join(bad)}")
    return used


def modules(path):
    data = open(path, "rb").read()
    if data[:4] == b"\0asm":
        return [(path, data)]
    html = data.decode("utf-8")
    out = []
    m = re.search(r'<script type="text/plain" id="app-wasm">([^<]*)</script>', html)
    if not m:
        raise Bad(f"{path}: no embedded app wasm")
    out.append((f"{path} (app)", zlib.decompress(base64.b64decode(m.group(1)))))
    parts = re.findall(r'<script type="text/plain" data-part="xlsx-wasm">([^<]*)</script>', html)
    if not parts:
        raise Bad(f"{path}: no embedded Excel module")
    out.append((f"{path} (Excel module)", zlib.decompress(base64.b64decode("".join(parts)))))
    return out


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    failed = False
    for arg in sys.argv[1:]:
        try:
            for label, b in modules(arg):
                try:
                    used = check(b, label)
                    print(f"check-wasm-features: {label}: {len(b)} B, features {', '.join(used) or '(MVP)'}: OK for Chromium 86")
                except Bad as e:
                    print(f"check-wasm-features: {label}: needs more than Chromium 86: {e}", file=sys.stderr)
                    failed = True
        except (Bad, OSError, ValueError, zlib.error) as e:
            print(f"check-wasm-features: {arg}: {e}", file=sys.stderr)
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
