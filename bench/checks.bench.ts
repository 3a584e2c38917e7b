// `npm run bench -- checks`
// The issue checker's checks of an e-mail mailing (packages/checks, from source: document, target and
// settings) on a 100 KB document with 200 links and 200 images: median of 10 after a warm-up, beside
// the document's compile for the send (compileEmailDocument: the once-per-mailing cost the send path
// pays anyway), measured in the same run. Target (issue 17): under 500 ms without SpamAssassin;
// SpamAssassin's own time (spamd on 127.0.0.1:783, REPORT over SPAMC/1.5) is printed beside it.
import { SpamAssassin } from '../packages/channels/src/spam/spam-assassin';
import { checkMailing } from '../packages/checks/src/mailing-checks';
import { spamSampleMessage } from '../packages/checks/src/spam-sample';
import { compileEmailDocument } from '../packages/templating/src/compile-email-document';
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

const SPAM_RUNS = 5;

export default async function checksBench(): Promise<void> {
  const document = { fromAddress: 'news@herald.example', subject: 'Autumn news', html: documentHtml(), text: null };
  const input = {
    target: { recipients: 10_000, suppressed: { unsubscribed: 100, disabled: 10, invalidAddress: 0 } },
    settings: { maxPerMinute: null, sendAt: null, timeZone: 'Europe/Amsterdam' },
    content: {
      channel: 'EMAIL' as const,
      document,
      sentLastDay: 0,
      spamRating: null,
      fields: { profile: ['firstname'] },
    },
  };
  const findings = checkMailing(input);
  const checks = median(() => checkMailing(input));
  const compile = median(() => compileEmailDocument(document, { trackingEnabled: true }));
  console.log(
    `checks benchmark: a ${Math.round(Buffer.byteLength(document.html) / 1024)} KB document with ${LINKS} links, median of ${RUNS}`,
  );
  console.log(
    `  checks (document, target, settings): ${checks.toFixed(1)} ms (target < 500 ms), ${findings.length} finding(s)`,
  );
  console.log(
    `  baseline, the document's compile for the send: ${compile.toFixed(1)} ms (checks / compile: ${ratio(checks, compile)})`,
  );
  const sample = spamSampleMessage(document);
  if (!sample) throw new Error('the benchmark document does not render');
  const spamAssassin = new SpamAssassin({
    host: '127.0.0.1',
    port: Number(process.env.SPAMD_PORT ?? 783),
    timeoutMs: 30_000,
    // Each run rates the same sample: measured, not answered from the cache.
    cacheTtlMs: 0,
  });
  const first = await spamAssassin.rate(sample);
  if (first.source !== 'spamassassin') {
    console.log(`  SpamAssassin: not measured, it did not rate the message (${first.note}); npm start starts spamd`);
    return;
  }
  const times: number[] = [];
  for (let i = 0; i < SPAM_RUNS; i++) times.push((await spamAssassin.rate(sample)).elapsedMs);
  times.sort((a, b) => a - b);
  const spam = times[Math.floor(SPAM_RUNS / 2)]!;
  console.log(
    `  SpamAssassin (spamd, beside the checks, not in the target): ${spam} ms median of ${SPAM_RUNS}, score ${first.score}; checks + SpamAssassin: ${(checks + spam).toFixed(0)} ms`,
  );
}
