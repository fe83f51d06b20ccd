// Smoke test of the Excel wasm module through its C ABI (see xlsx/src/lib.rs), and a reference loader:
//   node scripts/xlsx-wasm-smoke.js target/xlsx-wasm/lishu_xlsx.wasm
'use strict';
const fs = require('fs');

/** Instantiates the module (it has no imports) and returns { write(specJson) → bytes, read(bytes) → gridJson }. */
function load(wasmBytes) {
  const module = new WebAssembly.Module(wasmBytes);
  const imports = WebAssembly.Module.imports(module);
  if (imports.length) throw new Error('unexpected imports: ' + JSON.stringify(imports));
  const x = new WebAssembly.Instance(module, {}).exports;
  const call = (fn, input) => {
    const inPtr = x.lishu_xlsx_alloc(input.length);
    if (!inPtr) throw new Error('out of memory');
    new Uint8Array(x.memory.buffer, inPtr, input.length).set(input);
    const res = fn(inPtr, input.length);
    x.lishu_xlsx_free(inPtr, input.length);
    if (!res) throw new Error('out of memory');
    const view = new DataView(x.memory.buffer); // after the call: memory may have grown
    const len = view.getUint32(res, true);
    const ok = view.getUint8(res + 4) === 0;
    const payload = new Uint8Array(x.memory.buffer, res + 5, len).slice();
    x.lishu_xlsx_free(res, len + 5);
    if (!ok) throw new Error(new TextDecoder().decode(payload));
    return payload;
  };
  return {
    write: (specJson) => call(x.lishu_xlsx_write, new TextEncoder().encode(specJson)),
    read: (bytes) => new TextDecoder().decode(call(x.lishu_xlsx_read, bytes)),
    catalogueRead: (bytes) => JSON.parse(new TextDecoder().decode(call(x.lishu_xlsx_catalogue_read, bytes))),
    catalogueDraft: (requestJson) => JSON.parse(new TextDecoder().decode(call(x.lishu_xlsx_catalogue_draft, new TextEncoder().encode(requestJson)))),
    catalogueWrite: (requestJson) => new TextDecoder().decode(call(x.lishu_xlsx_catalogue_write, new TextEncoder().encode(requestJson))),
    docxWrite: (specJson) => call(x.lishu_xlsx_docx_write, new TextEncoder().encode(specJson)),
  };
}

const xlsx = load(fs.readFileSync(process.argv[2]));
const spec = {
  title: '冒烟测试', created: '2026-11-29T09:30:00+08:00',
  sheets: [
    { name: '填报', protect: true, freeze_rows: 1, hidden_columns: [1], column_widths: [10, 8, 12],
      rows: [
        [{ value: '编号', style: 'header' }, { value: '键', style: 'header' }, { value: '2021', style: 'header' }],
        [{ value: 'W1-1-1' }, { value: 'numerator' }, { value: '3', style: 'input' }],
        [{ value: 'C1-1-1a' }, { value: 'stage' }, { style: 'input', choices: ['未启动', '推进中'] }],
        [{ value: '已达标', style: { status: '#2e9d4f' } }, { value: 14.499999999999998, style: 'number' }],
      ] },
    { name: '说明', rows: [[{ value: '格式标识' }, { value: 'lishu-monitor/template' }]] },
  ],
};
const bytes = xlsx.write(JSON.stringify(spec));
if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new Error('not a zip');
const grid = JSON.parse(xlsx.read(bytes));
const want = { sheets: [
  { name: '填报', rows: [['编号', '键', '2021'], ['W1-1-1', 'numerator', '3'], ['C1-1-1a', 'stage'], ['已达标', '14.5']] },
  { name: '说明', rows: [['格式标识', 'lishu-monitor/template']] },
] };
if (JSON.stringify(grid) !== JSON.stringify(want)) {
  throw new Error('read back differs:\n' + JSON.stringify(grid) + '\n' + JSON.stringify(want));
}
let refused = '';
try { xlsx.read(new TextEncoder().encode('not a zip')); } catch (e) { refused = e.message; }
if (!refused.startsWith('不是有效的 Excel')) throw new Error('bad file not refused: ' + refused);
// Many calls on one instance: memory is freed and reused.
for (let i = 0; i < 50; i++) JSON.parse(xlsx.read(xlsx.write(JSON.stringify(spec))));
// Catalogue files: the embedded catalogue's source reads, writes and reads back; a broken one names its line.
const source = fs.readFileSync(require('path').join(__dirname, '..', 'core', 'data', 'catalogue.toml'));
const checked = xlsx.catalogueRead(source);
if (!checked.catalogue || checked.errors.length) throw new Error('catalogue refused: ' + JSON.stringify(checked.errors));
const written = xlsx.catalogueWrite(JSON.stringify({ catalogue: checked.catalogue, heading: '冒烟测试' }));
const again = xlsx.catalogueRead(new TextEncoder().encode(written));
if (JSON.stringify(again.catalogue) !== JSON.stringify(checked.catalogue)) throw new Error('catalogue read back differs');
const broken = xlsx.catalogueRead(new TextEncoder().encode(source.toString('utf8').replace('[period]', '[period')));
if (broken.catalogue || !/^第 \d+ 行/.test(broken.errors[0] || '')) throw new Error('broken catalogue not refused: ' + JSON.stringify(broken));
const plan = fs.readFileSync(require('path').join(__dirname, '..', 'core', 'data', 'plan.txt'), 'utf8');
const drafted = xlsx.catalogueDraft(JSON.stringify({ text: plan, options: {} }));
if (!drafted.catalogue || drafted.summary.lines !== 257) throw new Error('draft failed: ' + JSON.stringify(drafted.errors));
// A Word report: a small DocumentSpec (with a 1×1 PNG) becomes a zip with the document part.
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const doc = xlsx.docxWrite(JSON.stringify({
  type: 'lishu-monitor/document', title: '冒烟测试', page_header: '', created: '2026-11-29T09:30:00+08:00',
  page: { width_mm: 210, height_mm: 297, top_mm: 37, bottom_mm: 35, left_mm: 28, right_mm: 26 },
  blocks: [{ type: 'title', text: '冒烟测试报告' }, { type: 'heading', level: 1, text: '一、摘要' },
    { type: 'table', caption: '表', header: ['指标', '状态'], widths: [3, 1], size: 'small',
      rows: [[{ text: 'W1-1-1' }, { text: '已达标', status: 'achieved' }]] },
    { type: 'chart', chart: 'status_mix', png_base64: png, width_px: 1, height_px: 1, caption: '图' }, { type: 'page_break' }],
}));
if (doc[0] !== 0x50 || doc[1] !== 0x4b || !Buffer.from(doc).includes('word/document.xml')) throw new Error('docx not written');
let docRefused = '';
try { xlsx.docxWrite('{'); } catch (e) { docRefused = e.message; }
if (!docRefused.startsWith('文档描述无法解析')) throw new Error('bad document spec not refused: ' + docRefused);
console.log(`ok: docx ${doc.length} B`);
console.log(`ok: wrote ${bytes.length} B, read back ${grid.sheets.length} sheets, bad file refused: ${refused}; catalogue ${checked.catalogue.id} read, written (${written.length} chars) and read back; broken catalogue: ${broken.errors[0]}; draft of plan.txt: ${drafted.summary.lines} lines, ${drafted.summary.review} to review`);
module.exports = { load };
