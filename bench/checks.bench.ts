// `npm run bench -- checks`
// The issue checker's document checks (packages/checks, from source) on a 100 KB document with 200
// links and 200 images: median of 10 after a warm-up, beside the document's compile for the send
// (compileEmailDocument: the once-per-mailing cost the send path pays anyway), measured in the same run.
// Target (issue 17): under 500 ms without SpamAssassin. SpamAssassin is not part of the checks yet.
import { compileEmailDocument } from '../packages/templating/src/compile-email-document';
import { checkDocument } from '../packages/checks/src/document-checks';
import { ratio } from './support';

const RUNS = 10;
const LINKS = 200;
const SIZE_BYTES = 100 * 1024;

function documentHtml(): string {
  const items = Array.from(
    { length: LINKS },
    (_, i) =>
      `<p>Item ${i}: a fine thing to buy for {{ firstname }}. <a href="https://www.example.com/p/${i}">See item ${i}</a>` +
      ` <img src="https://cdn.example.com/${i}.jpg" alt="Item ${i}"></p>`,
  ).join('\n');
  let html = `<html><body><h1>Hello {{ firstname }}</h1>${items}<p><a href="{{ unsubscribe }}">Unsubscribe</a></p></body></html>`;
  const filler = `<p>${'Our autumn collection is here, warm and made to last. '.repeat(20)}</p>`;
  while (Buffer.byteLength(html) < SIZE_BYTES) html = html.replace('</h1>', `</h1>${filler}`);
  return html;
}

function median(run: () => unknown): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)]!;
}

export default function checksBench(): Promise<void> {
  const document = { fromAddress: 'news@herald.example', subject: 'Autumn news', html: documentHtml(), text: null };
  const input = { document, audienceSize: 10_000, fields: { profile: ['firstname'] } };
  const findings = checkDocument(input);
  const checks = median(() => checkDocument(input));
  const compile = median(() => compileEmailDocument(document, { trackingEnabled: true }));
  console.log(
    `checks benchmark: a ${Math.round(Buffer.byteLength(document.html) / 1024)} KB document with ${LINKS} links, median of ${RUNS}`,
  );
  console.log(`  document checks: ${checks.toFixed(1)} ms (target < 500 ms), ${findings.length} finding(s)`);
  console.log(
    `  baseline, the document's compile for the send: ${compile.toFixed(1)} ms (checks / compile: ${ratio(checks, compile)})`,
  );
  console.log('  SpamAssassin: not part of the checks yet (issue 17), so no time of its own');
  return Promise.resolve();
}
