import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
async function run(n: number) {
  let bytes = 0;
  const out = new Writable({ write(c, _e, cb) { bytes += c.length; setImmediate(cb); } });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('x');
  const t = performance.now();
  const d = new Date();
  let peakRss = 0, peakExt = 0;
  for (let i = 0; i < n; i++) {
    sheet.addRow([i, i, null, `p${i}@example.test`, 'SENT', 'CLICK', d, d, d, null, null, null, null, null, 'Name' + i, 'Utrecht']).commit();
    const sink = (sheet as unknown as { stream: { pipes: Array<Writable> } }).stream.pipes[0];
    const st = (sink as any)?._writableState; if (st && st.length > 1 << 20) await new Promise((r) => sink.once('drain', r));
    if (i % 50000 === 0) console.log(i, sink?.constructor?.name, (sink as any)?._writableState?.length, (sink as any)?._readableState?.length, (sheet as any).stream.buffers.length, (sheet as any).stream.pipes.length);
    if (i % 10000 === 0 && (globalThis as any).gc) (globalThis as any).gc();
    if (i % 10000 === 0) { const m = process.memoryUsage(); peakRss = Math.max(peakRss, m.rss); peakExt = Math.max(peakExt, m.external + m.arrayBuffers); }
  }
  sheet.commit(); await workbook.commit();
  const mb = (x: number) => Math.round(x / 1048576);
  console.log(Math.round(n / ((performance.now() - t) / 1000)), 'rows/s', 'bytes', mb(bytes), 'peak rss', mb(peakRss), 'ext', mb(peakExt));
}
run(Number(process.argv[2]));
