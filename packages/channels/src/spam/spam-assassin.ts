import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { heuristicSpamRating, parseSpamdReport, spamAdvice, spamdReportRequest, type SpamRating } from '@herald/checks';
import { listUnsubscribeHeaders, type RenderedEmailMessage } from '@herald/templating';
import { buildRawEmail } from '../email/raw-email';

const SPAMC_MAX_BYTES = 500 * 1024;
// A REPORT answer is the score and a table of rules: a few KB.
const MAX_ANSWER_BYTES = 256 * 1024;

export interface SpamAssassinOptions {
  host: string;
  port: number;
  /** For the whole exchange: connecting, sending and spamd's answer. */
  timeoutMs: number;
  /** Larger messages are not sent to spamd; the heuristic rates them. By default spamc's own limit, 500 KB. */
  maxBytes?: number;
  /**
   * How long spamd's rating of a message is reused (default 5 minutes; 0 rates every time): a check,
   * its acknowledgement and the send rate the same sample, and spamd takes seconds on a large one.
   */
  cacheTtlMs?: number;
  /** The clock of the cache's expiry. */
  now?: () => number;
}

/** Ratings kept at most: a few per mailing being prepared. */
const CACHED_RATINGS = 500;
const DEFAULT_CACHE_TTL_MS = 5 * 60_000;

/** The content a rating depends on; the raw message differs per call (Message-ID, MIME boundary). */
function ratingKey(message: RenderedEmailMessage): string {
  const { fromName, fromAddress, replyTo, subject, html, text } = message;
  return createHash('sha256')
    .update(JSON.stringify([fromName, fromAddress, replyTo ?? null, subject, html, text]))
    .digest('base64');
}

/** The rating with the time SpamAssassin took, for the benchmark and the logs. */
export interface TimedSpamRating extends SpamRating {
  elapsedMs: number;
}

/**
 * Rates a message with SpamAssassin's spamd over its own protocol (SPAMC/1.5, REPORT): the score, the
 * rules that fired and what would lower it. When spamd cannot be reached or gives no answer in time,
 * Herald's built-in heuristic rates the message and the result says so.
 */
export class SpamAssassin {
  private readonly cache = new Map<string, { at: number; rating: TimedSpamRating }>();

  constructor(private readonly options: SpamAssassinOptions) {}

  /** spamd's rating of the message, reused for the same content within the cache's lifetime. */
  async rate(message: RenderedEmailMessage): Promise<TimedSpamRating> {
    const ttl = this.options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    if (ttl <= 0) return this.rateNow(message);
    const now = this.options.now ?? Date.now;
    const key = ratingKey(message);
    const cached = this.cache.get(key);
    if (cached && now() - cached.at < ttl) return cached.rating;
    this.cache.delete(key);
    const rating = await this.rateNow(message);
    // Only spamd's own answers: a heuristic stand-in is not kept once spamd is back.
    if (rating.source === 'spamassassin') {
      if (this.cache.size >= CACHED_RATINGS) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, { at: now(), rating });
    }
    return rating;
  }

  private async rateNow(message: RenderedEmailMessage): Promise<TimedSpamRating> {
    const started = performance.now();
    const raw = buildRawEmail({
      from: { name: message.fromName, address: message.fromAddress },
      to: 'reader@example.com',
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      subject: message.subject,
      html: message.html,
      text: message.text,
      messageId: `<issue-checker.${Date.now()}@${message.fromAddress.split('@')[1] ?? 'herald.invalid'}>`,
      headers: { ...listUnsubscribeHeaders({ baseUrl: 'https://tracking.invalid', token: 'issue-checker' }) },
    });
    const elapsed = () => Math.round(performance.now() - started);
    const maxBytes = this.options.maxBytes ?? SPAMC_MAX_BYTES;
    if (raw.length > maxBytes) {
      const note = `the message is ${Math.round(raw.length / 1024)} KB, over the ${Math.round(maxBytes / 1024)} KB SpamAssassin is given`;
      return { ...heuristicSpamRating(message, note), elapsedMs: elapsed() };
    }
    try {
      const report = parseSpamdReport(await this.exchange(spamdReportRequest(raw)));
      return {
        source: 'spamassassin',
        score: report.score,
        rules: report.rules,
        advice: spamAdvice(report.rules),
        elapsedMs: elapsed(),
      };
    } catch (error) {
      const note = `spamd on ${this.options.host}:${this.options.port}: ${error instanceof Error ? error.message : String(error)}`;
      return { ...heuristicSpamRating(message, note), elapsedMs: elapsed() };
    }
  }

  private exchange(request: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = connect({ host: this.options.host, port: this.options.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer within ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      socket.on('connect', () => {
        socket.end(request);
      });
      let received = 0;
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_ANSWER_BYTES) socket.destroy(new Error('spamd answered more than a report'));
        else chunks.push(chunk);
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
    });
  }
}
