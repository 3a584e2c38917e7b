import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';
import { countSmsSegments, MAX_SMS_CHARACTERS } from '@herald/contracts';
import { DomainError, normalisePhone } from '@herald/domain';
import { compileTextDocument, renderTextDocument, type CompiledTextDocument } from '@herald/templating';
import type {
  ChannelAdapter,
  ChannelMailing,
  ChannelMessage,
  ChannelOutcome,
  PreparedChannelMailing,
} from '../channel-port';
import { TwilioHttpClient } from './twilio-http-client';
import { twilioErrorKind } from './twilio-errors';

export interface SmsChannelOptions {
  accountSid: string;
  authToken: string;
  /** Base URL of Twilio's REST API (the simulator's in development and tests). */
  apiUrl: string;
  /** The platform's sender number (E.164) or alphanumeric sender id. */
  from: string;
  /** The account's own sender, when it has one (looked up once per mailing). */
  senderFor?: (accountId: number) => Promise<string | null>;
  /** Where Twilio posts this destination's status callbacks; the URL is covered by Twilio's signature. */
  statusCallbackUrl(trackingId: string): string;
  /** Base URL and secret of the tracking links a text may hold ({{ unsubscribe }}). */
  publicUrl: string;
  trackingSecret: string;
  /** Messages in flight per worker process. */
  concurrency: number;
  /** Tries of one message while Twilio answers 429 or 5xx, with the delay doubling from `firstDelayMs`. */
  retry?: { attempts: number; firstDelayMs: number; maxDelayMs: number };
}

const DEFAULT_RETRY = { attempts: 8, firstDelayMs: 250, maxDelayMs: 8_000 };

/** What a failed REST call carried: Twilio's RestException, or a network error without a status. */
interface TwilioFailure {
  status?: number;
  code?: number;
  message?: string;
}

/** SMS as a channel: Liquid text bodies, numbers in E.164, Twilio's REST API through the twilio library. */
export class SmsChannel implements ChannelAdapter {
  readonly channel = 'SMS' as const;
  private readonly client: twilio.Twilio;
  private readonly retry: NonNullable<SmsChannelOptions['retry']>;
  private readonly messagesUri: string;
  /** Null behind a proxy: the library's own client is the one that goes through HTTP_PROXY. */
  private readonly http = process.env['HTTP_PROXY'] ? null : new TwilioHttpClient();

  constructor(private readonly options: SmsChannelOptions) {
    this.client = twilio(
      options.accountSid,
      options.authToken,
      this.http ? { httpClient: this.http } : { keepAlive: true },
    );
    // The twilio library's own way to point a domain elsewhere: the simulator, or a regional proxy.
    this.client.api.baseUrl = options.apiUrl;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.messagesUri = `/Accounts/${options.accountSid}/Messages.json`;
  }

  async prepare(mailing: ChannelMailing): Promise<PreparedChannelMailing> {
    const body = mailing.content.body;
    if (body === null || body.trim() === '')
      throw DomainError.validation('The SMS document has no text', [{ path: 'body', message: 'is empty' }]);
    const document = compileTextDocument(body);
    const from = (await this.options.senderFor?.(mailing.accountId)) ?? this.options.from;
    return { concurrency: this.options.concurrency, send: (message) => this.send(document, from, message) };
  }

  close(): void {
    this.http?.destroy();
  }

  private async send(document: CompiledTextDocument, from: string, message: ChannelMessage): Promise<ChannelOutcome> {
    const number = normalisePhone(message.address);
    if (!number.ok) {
      return { kind: 'hard', code: 'invalid-number', text: `"${message.address}" ${number.message}` };
    }
    let text: string;
    try {
      text = renderTextDocument(document, {
        profile: message.profile,
        subprofile: message.subprofile,
        destinationId: message.trackingId,
        tracking: { baseUrl: this.options.publicUrl, secret: this.options.trackingSecret },
      });
    } catch (error) {
      const reason = error instanceof DomainError ? error.message : (error as Error).message;
      return { kind: 'not-composed', text: reason };
    }
    const segments = countSmsSegments(text);
    if (segments.characters === 0) return { kind: 'not-composed', text: 'The personalised text is empty' };
    if (segments.characters > MAX_SMS_CHARACTERS) {
      return {
        kind: 'not-composed',
        text: `The personalised text has ${segments.characters} characters; an SMS holds at most ${MAX_SMS_CHARACTERS}`,
      };
    }

    let delay = this.retry.firstDelayMs;
    let last: TwilioFailure = {};
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      try {
        const created = await this.createMessage({
          To: number.value,
          From: from,
          Body: text,
          StatusCallback: this.options.statusCallbackUrl(message.trackingId),
        });
        return {
          kind: 'delivered',
          response: `${created.status}; ${segments.segments} segment(s) ${segments.encoding}`,
          messageId: created.sid,
          smsSegments: segments.segments,
        };
      } catch (error) {
        last = error as TwilioFailure;
        if (!this.worthRetrying(last)) break;
        if (attempt < this.retry.attempts) {
          await sleep(delay);
          delay = Math.min(delay * 2, this.retry.maxDelayMs);
        }
      }
    }
    return this.outcomeOf(last);
  }

  /**
   * Twilio's Create Message, through the twilio library's own API version (its authentication,
   * keep-alive, and RestException with Twilio's status and code on an error answer), without the
   * MessageInstance that `messages.create` builds from the answer: its three dates parsed with dayjs
   * were a third of the library's time per message, and Herald reads only the SID and the status.
   */
  private async createMessage(data: Record<string, string>): Promise<{ sid: string; status: string }> {
    const created = (await this.client.api.v2010.create({
      uri: this.messagesUri,
      method: 'post',
      data,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    })) as { sid?: unknown; status?: unknown };
    if (typeof created.sid !== 'string') throw new Error('Twilio answered without a message SID');
    return { sid: created.sid, status: typeof created.status === 'string' ? created.status : 'queued' };
  }

  /** Twilio asked us to slow down, failed on its side, or could not be reached: the same request may pass later. */
  private worthRetrying(failure: TwilioFailure): boolean {
    if (failure.status === undefined) return true;
    return failure.status === 429 || failure.status >= 500 || twilioErrorKind(failure.code) === 'RETRY';
  }

  private outcomeOf(failure: TwilioFailure): ChannelOutcome {
    const text = failure.message ?? 'no answer';
    // Still throttled or failing after every try, or unreachable: the batch waits, nothing counts against anyone.
    if (this.worthRetrying(failure)) {
      const reason = failure.status === undefined ? `Twilio unreachable: ${text}` : `Twilio ${failure.status}: ${text}`;
      return { kind: 'unavailable', reason };
    }
    const code = String(failure.code ?? failure.status);
    switch (twilioErrorKind(failure.code)) {
      case 'HARD':
        return { kind: 'hard', code, text };
      case 'SENDER':
        return { kind: 'soft', code, text, senderSide: true };
      default:
        return { kind: 'soft', code, text, senderSide: false };
    }
  }
}
