#!/usr/bin/env python3
"""Turns trunk's multi-file release output into ONE self-contained HTML file that works from file://.

    python3 scripts/inline.py target/trunk-dist dist/lishu-monitor.html

- Layout: `<head>` holds only small things (the CSP, lishuInflate and the other loader functions, the CSS).
  `<body>` starts with the static title and "正在打开…" line and the floor check (lishuFloor in index.html:
  a browser below Chromium 86 / Firefox 113 / Safari 16.4 is told so by name and version), then at the
  `<!-- lishu:boot -->` marker the boot module (`<script type="module" async>`: the wasm-bindgen JS glue inlined,
  its `export`s stripped), then the app's wasm (zlib/deflate compressed, base64, in an inert
  `<script type="text/plain" id="app-wasm">`) and a classic script that inflates it with the browser's
  DecompressionStream and compiles it while it inflates (`WebAssembly.compileStreaming` of a Response built
  in the page; no fetch, so it works with origin `null` and under `connect-src 'none'`), settling the
  promise `window.lishuWasmModule` the boot module awaits. Then the inert ECharts and Excel texts, split
  into `<script type="text/plain" data-part="…">` elements of 64 KB (one huge element is one token the
  parser cannot pause in, which held the app's start back): the browser is still parsing them when the
  app mounts (charts and the Excel loader wait for the parse; see `lishuParsed`, `lishuPartText` in
  index.html). Marks for `make bench`: `lishu-wasm-start` (compilation starts), `lishu-wasm-compiled`,
  and in the app `lishu-main`, `lishu-opened`, `lishu-state`, `lishu-mounted`.
- The Excel module (trunk copies lishu_xlsx.wasm, built by scripts/build-xlsx-wasm.sh) is embedded the same
  way but inert, in `<script type="text/plain" data-part="xlsx-wasm">` elements, instantiated by `lishuXlsx()`
  on first use.
- CSS and ECharts are already inlined by trunk (`<link data-trunk rel="inline">`). ECharts is turned into
  inert `<script type="text/plain" data-part="echarts-src">` elements, executed by `lishuLoadEcharts()` only
  when the first chart is shown, so opening the file does not pay for parsing it.
- The Content-Security-Policy is tightened: no network at all, no external sources.
- Fails loudly if anything would still be loaded from a file or a host (e.g. wasm-bindgen snippets/).
"""
import base64
import pathlib
import re
import sys
import zlib
import shutil
import subprocess
import tempfile

CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; worker-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)



def pack_zlib(data):
    """zlib format (DecompressionStream("deflate") inflates it). With zopfli (scripts/setup.sh installs it) the
    same format is about 5 % smaller than zlib level 9 (the app's wasm: 775 → 738 KB), which is what keeps the
    single file within its gzip budget; without it zlib level 9, with a warning."""
    if shutil.which("zopfli"):
        with tempfile.TemporaryDirectory() as d:
            path = pathlib.Path(d) / "app.wasm"
            path.write_bytes(data)
            out = subprocess.run(["zopfli", "--zlib", "-c", str(path)], capture_output=True, check=False)
            if out.returncode == 0 and zlib.decompress(out.stdout) == data:
                return out.stdout
            print("inline.py: zopfli failed, using zlib level 9", file=sys.stderr)
    else:
        print("inline.py: zopfli not installed (scripts/setup.sh installs it), using zlib level 9", file=sys.stderr)
    comp = zlib.compressobj(9, zlib.DEFLATED, 15)
    return comp.compress(data) + comp.flush()

def die(msg: str) -> None:
    print(f"inline.py: 错误：{msg}", file=sys.stderr)
    sys.exit(1)


def strip_exports(js: str) -> str:
    if re.search(r"^\s*import\s", js, re.M):
        die("JS 胶水代码含有 import（可能使用了 wasm-bindgen snippets），无法内联为单文件")
    js = re.sub(r"^export\s+(function|class|const|let|async function)\s", r"\1 ", js, flags=re.M)
    js = re.sub(r"^export\s*\{[^}]*\};?\s*$", "", js, flags=re.M)
    js = re.sub(r"^export\s+default\s+[^;]+;\s*$", "", js, flags=re.M)
    if re.search(r"^\s*export\s", js, re.M):
        die("JS 胶水代码中仍有无法处理的 export 语句")
    return js


def inert_parts(name: str, text: str, size: int = 65536) -> str:
    """`text` in inert `<script type="text/plain" data-part="name">` elements of `size` characters (a
    multiple of 4, so base64 stays whole per part); lishuPartText(name) in index.html joins them."""
    if "</script" in text.lower():
        die(f"{name} 中含有 </script，无法惰性内嵌")
    return "".join(
        f'<script type="text/plain" data-part="{name}">' + text[i:i + size] + "</script>\n" for i in range(0, len(text), size)
    )


def find_tag(html: str, pattern: str):
    """The first match of `pattern` outside <script> and <style> contents (their text may contain tags)."""
    skip = [(m.start(1), m.end(1)) for m in re.finditer(r"<(?:script|style)[^>]*>(.*?)</(?:script|style)>", html, re.S)]
    for m in re.finditer(pattern, html):
        if not any(a <= m.start() < b for a, b in skip):
            return m
    return None


def main() -> None:
    if len(sys.argv) != 3:
        die("用法：inline.py <trunk 输出目录> <输出 html>")
    src = pathlib.Path(sys.argv[1])
    out = pathlib.Path(sys.argv[2])
    html = (src / "index.html").read_text(encoding="utf-8")

    m = re.search(r'<script type="module"[^>]*>(.*?)</script>', html, re.S)
    if not m:
        die("trunk 输出中找不到启动脚本")
    boot = m.group(1)
    js_name = re.search(r"from\s+'/?([^']+\.js)'", boot)
    wasm_name = re.search(r"module_or_path:\s*'/?([^']+\.wasm)'", boot)
    if not js_name or not wasm_name:
        die("无法识别 trunk 启动脚本中的 JS/wasm 文件名")
    glue = strip_exports((src / js_name.group(1)).read_text(encoding="utf-8"))
    wasm = (src / wasm_name.group(1)).read_bytes()
    packed = pack_zlib(wasm)

    # The app's wasm sits in an inert element (not in a JS string literal: V8 would scan ~1 MB of base64
    # while parsing the script) right after the boot module at the top of <body>; the classic script after
    # it starts inflating + compiling at once (compileStreaming: compiled while inflated). The boot module
    # only instantiates and mounts; it is async, so it does not wait for the rest of the page (the inert
    # ECharts and Excel texts), which the browser parses meanwhile. (Tried and measured slower: chunks of
    # the wasm fed to a Worker as they are parsed - the scripts between chunks slow the parser down and the
    # compiled module reached the page late.)
    b64 = base64.b64encode(packed).decode("ascii")
    wasm_part = (
        '<script type="text/plain" id="app-wasm">' + b64 + "</script>\n"
        "<script>\n"
        "performance.mark('lishu-wasm-start');\n"
        "window.lishuWasmSettle((function () {\n"
        "  try {\n"
        "    const r = new Response(lishuInflateStream(document.getElementById('app-wasm').textContent),\n"
        "      { headers: { 'Content-Type': 'application/wasm' } });\n"
        "    return typeof WebAssembly.compileStreaming === 'function'\n"
        "      ? WebAssembly.compileStreaming(r) : r.arrayBuffer().then(b => WebAssembly.compile(b));\n"
        "  } catch (e) { return Promise.reject(e); }\n"
        "})());\n"
        "</script>\n"
    )
    # Created in <head>: the boot module may run before the script above.
    pending = (
        "<script>\n"
        "window.lishuWasmModule = new Promise(function (ok) { window.lishuWasmSettle = ok; });\n"
        "window.lishuWasmModule.then(function () { performance.mark('lishu-wasm-compiled'); }, function () {});\n"
        "</script>\n"
    )
    # No top-level await (Chromium 89): the module's body is an async function, so Chromium 86 parses it.
    # A browser below the floor was told so by lishuFloor() (index.html) before this runs.
    module = (
        '<script type="module" async>\n'
        + glue
        + "\n(async function () {\n"
        "  if (window.lishuTooOld) return;\n"
        "  try {\n"
        "    await __wbg_init({ module_or_path: await window.lishuWasmModule });\n"
        '    dispatchEvent(new CustomEvent("TrunkApplicationStarted"));\n'
        "  } catch (e) {\n"
        "    window.lishuBootError('无法启动：本文件可能已损坏（复制或下载不完整）。请重新获取 lishu-monitor.html，'\n"
        "      + '并用 Chrome/Edge 86、Firefox 113、Safari 16.4 或更新的版本打开。（' + e + '）');\n"
        "    console.error(e);\n"
        "  }\n"
        "})();\n"
        "</script>\n"
    )
    html = html[: m.start()] + html[m.end():]
    anchor = html.find("window.lishuInflate = ")
    anchor = html.find("</script>", anchor) + len("</script>") if anchor >= 0 else -1
    if anchor < 0:
        die("index.html 的 <head> 开头缺少 lishuInflate 脚本")
    html = html[:anchor] + "\n" + pending + html[anchor:]
    tail = ""  # inert texts, moved to the end of <body>

    # ECharts: keep it inert until the first chart asks for it (see lishuLoadEcharts in index.html).
    echarts_path = pathlib.Path(".tools/vendor/echarts.min.js")
    if echarts_path.exists():
        head = echarts_path.read_text(encoding="utf-8").strip()[:120]
        at = html.find(head)
        if at < 0:
            die("trunk 输出中找不到内联的 ECharts")
        tag = html.rfind("<script", 0, at)
        close = html.find(">", tag)
        if tag < 0 or html[tag:close + 1] != "<script>":
            die("ECharts 的 <script> 标签形式不符合预期")
        end = html.find("</script>", close)
        tail += inert_parts("echarts-src", html[close + 1:end])
        html = html[:tag] + html[end + len("</script>"):]
    # The Excel module (a second wasm, see lishuXlsx in index.html): stored inert and compressed, so it
    # costs nothing until the user asks for an Excel file.
    xlsx = src / "lishu_xlsx.wasm"
    if not xlsx.exists():
        die("trunk 输出中缺少 Excel 模块 lishu_xlsx.wasm（先运行 make xlsx-wasm）")
    xlsx_bytes = xlsx.read_bytes()
    comp = zlib.compressobj(9, zlib.DEFLATED, 15)  # zlib format: DecompressionStream("deflate")
    xlsx_packed = comp.compress(xlsx_bytes) + comp.flush()
    # Between markers, so `lishu-bench size` can measure the page without it.
    tail += (
        "<!-- lishu:xlsx-wasm -->\n"
        + inert_parts("xlsx-wasm", base64.b64encode(xlsx_packed).decode("ascii"))
        + "<!-- /lishu:xlsx-wasm -->\n"
    )
    mark = find_tag(html, r"<!-- lishu:boot[^>]*-->")
    if not mark:
        die("index.html 的 <body> 中缺少 <!-- lishu:boot --> 标记")
    html = html[: mark.start()] + module + wasm_part + html[mark.end():]
    at = html.rfind("</body>")
    if at < 0:
        die("trunk 输出中找不到 </body>")
    html = html[:at] + tail + html[at:]
    # Preload links point at the separate files: drop them.
    html = re.sub(r'<link rel="(modulepreload|preload)"[^>]*>\s*', "", html)
    html = re.sub(
        r'<meta http-equiv="Content-Security-Policy" content="[^"]*">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        html,
    )
    if CSP not in html:
        die("index.html 缺少 Content-Security-Policy meta 标签")
    # Nothing may be loaded from elsewhere.
    for pat in (r'\ssrc="(?!data:)', r'<link[^>]+href="(?!data:)', r"https?://(?!www\.w3\.org)"):
        hit = re.search(pat, re.sub(r"<script[^>]*>.*?</script>|<style[^>]*>.*?</style>", "", html, flags=re.S))
        if hit:
            die(f"单文件中仍有外部引用：{hit.group(0)!r}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    print(
        f"inline.py: 已生成 {out}（{out.stat().st_size / 1024:.0f} KB；wasm {len(wasm) / 1024:.0f} KB，"
        f"压缩后 {len(packed) / 1024:.0f} KB；Excel 模块 {len(xlsx_bytes) / 1024:.0f} KB，压缩后 {len(xlsx_packed) / 1024:.0f} KB）"
    )


if __name__ == "__main__":
    main()
