import { Writable } from 'node:stream';
import { createRowWriter } from '@herald/spreadsheets';
async function run(format: 'csv' | 'xlsx', n: number) {
  let bytes = 0;
  const out = new Writable({ write(c, _e, cb) { bytes += c.length; setImmediate(cb); } });
  const w = createRowWriter(format, out, Array.from({ length: 16 }, (_, i) => `h${i}`));
  const t = performance.now();
  const d = new Date();
  let peakRss = 0, peakHeap = 0, peakExt = 0;
  for (let i = 0; i < n; i++) {
    await w.write([i, i, null, `p${i}@example.test`, 'SENT', 'CLICK', d, d, d, null, null, null, null, null, 'Name' + i, 'Utrecht']);
    if (i % 200 === 0) await new Promise((r) => setImmediate(r));
    if (i % 10000 === 0) { const m = process.memoryUsage(); peakRss = Math.max(peakRss, m.rss); peakHeap = Math.max(peakHeap, m.heapUsed); peakExt = Math.max(peakExt, m.external + m.arrayBuffers); }
  }
  await w.end();
  const mb = (x: number) => Math.round(x / 1048576);
  console.log(format, Math.round(n / ((performance.now() - t) / 1000)), 'rows/s', 'bytes', mb(bytes), 'peak rss', mb(peakRss), 'heap', mb(peakHeap), 'ext', mb(peakExt));
}
run(process.argv[2] as 'xlsx', Number(process.argv[3]));
