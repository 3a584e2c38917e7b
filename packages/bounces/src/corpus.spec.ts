import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInboundMessage } from './inbound-message.parser';
import { decodeReturnPath } from './addresses/herald-addresses';

/** Real-format bounces, complaints and replies (corpus/*.eml) against what corpus/expected.json says each one is. */

interface ExpectedReport {
  finalRecipient: string;
  action: string;
  status: string;
  classification: string | null;
}

interface Expected {
  kind: 'DSN' | 'COMPLAINT' | 'AUTO_REPLY' | 'OTHER';
  format?: string;
  reports?: ExpectedReport[];
  originalMessageId?: string;
  originalEnvelopeId?: string;
  originalRecipient?: string;
  destinationId?: string;
  feedbackType?: string;
  userAgent?: string;
  originalRcptTo?: string;
  arrivalDate?: string;
  reasonContains?: string;
}

const corpusDir = join(__dirname, '..', 'corpus');
const expected = (
  JSON.parse(readFileSync(join(corpusDir, 'expected.json'), 'utf8')) as { messages: Record<string, Expected> }
).messages;
const files = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.eml'))
  .sort();
const returnPathOptions = { secret: 'corpus-secret', domain: 'bounces.herald.localhost' };

describe('bounce corpus', () => {
  it('has at least 30 messages, each with an expected reading', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)('%s', (file) => {
    const want = expected[file];
    if (!want) throw new Error(`${file} has no entry in corpus/expected.json`);
    const got = parseInboundMessage(readFileSync(join(corpusDir, file)));
    expect(got.kind).toBe(want.kind);

    if (got.kind === 'DSN') {
      expect(got.format).toBe(want.format);
      expect(
        got.reports.map(({ finalRecipient, action, status, classification }) => ({
          finalRecipient,
          action,
          status,
          classification,
        })),
      ).toEqual(want.reports);
      expect(got.originalMessageId).toBe(want.originalMessageId);
      if (want.originalEnvelopeId) expect(got.originalEnvelopeId).toBe(want.originalEnvelopeId);
      if (want.originalRecipient) expect(got.originalRecipient).toBe(want.originalRecipient);
    }
    if (got.kind === 'COMPLAINT') {
      expect(got.feedbackType).toBe(want.feedbackType);
      expect(got.originalMessageId).toBe(want.originalMessageId);
      if (want.userAgent) expect(got.userAgent).toBe(want.userAgent);
      if (want.originalRcptTo) expect(got.originalRcptTo).toBe(want.originalRcptTo);
      if (want.arrivalDate) expect(got.arrivalDate).toBe(want.arrivalDate);
    }
    if (got.kind === 'AUTO_REPLY' || got.kind === 'OTHER') {
      expect(got.reason).toContain(want.reasonContains);
      if (got.kind === 'AUTO_REPLY' && want.originalMessageId)
        expect(got.originalMessageId).toBe(want.originalMessageId);
    }
    if (want.destinationId) {
      // The VERP return path found in the message leads back to its destination.
      const candidates = got.kind === 'DSN' || got.kind === 'COMPLAINT' ? got.returnPathCandidates : [];
      const decoded = candidates
        .map((address) => decodeReturnPath(address, returnPathOptions))
        .filter((found) => found !== null);
      expect(decoded).toEqual([{ destinationId: want.destinationId }]);
    }
  });

  it('parses a message in well under two milliseconds on average', () => {
    const messages = files.map((file) => readFileSync(join(corpusDir, file)));
    for (const raw of messages) parseInboundMessage(raw); // warm up
    // The best of several rounds, so that other work on a busy machine does not fail the test.
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 15; round += 1) {
      const started = performance.now();
      for (const raw of messages) parseInboundMessage(raw);
      best = Math.min(best, (performance.now() - started) / messages.length);
    }
    expect(best).toBeLessThan(2);
  });
});
