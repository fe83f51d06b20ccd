// Unpacks a real headless Chromium shipped inside npm's @sparticuz/chromium (bin/chromium.br, brotli) into
// DEST/chromium, for tests/e2e_browsers.rs and `make bench` (driven over the DevTools protocol: no
// chromedriver exists for these builds). The package's own executablePath() would unpack to /tmp/chromium,
// one path for every version; this keeps each version apart and user-wide.
//   node scripts/unpack-chromium.js <package>/bin DEST VERSION
"use strict";
const fs = require("fs"), path = require("path"), zlib = require("zlib"), { execFileSync } = require("child_process");
const [bin, dest, version] = process.argv.slice(2);
if (!bin || !dest || !version) { console.error("usage: unpack-chromium.js <package>/bin DEST VERSION"); process.exit(2); }
fs.mkdirSync(dest, { recursive: true });
const tmp = path.join(dest, "chromium.tmp");
fs.writeFileSync(tmp, zlib.brotliDecompressSync(fs.readFileSync(path.join(bin, "chromium.br"))));
fs.chmodSync(tmp, 0o755);
fs.renameSync(tmp, path.join(dest, "chromium"));
// It must start here (the shared libraries it needs come with Debian's chromium).
const ua = execFileSync(path.join(dest, "chromium"), ["--headless", "--no-sandbox", "--disable-gpu",
  "--user-data-dir=" + path.join(dest, "probe-profile"), "--dump-dom",
  "data:text/html,<script>document.write(navigator.userAgent)</script>"], { stdio: ["ignore", "pipe", "ignore"], timeout: 60000 }).toString();
fs.rmSync(path.join(dest, "probe-profile"), { recursive: true, force: true });
const m = /HeadlessChrome\/([\d.]+)/.exec(ua);
if (!m) { console.error("unpacked Chromium does not run: " + ua.slice(0, 300)); process.exit(1); }
fs.writeFileSync(path.join(dest, "version"), version);
console.log("Chromium " + m[1] + " → " + path.join(dest, "chromium"));
