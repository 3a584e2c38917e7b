import { DomainError } from '@herald/domain';
import { compileTextDocument, type CompiledTextDocument } from '@herald/templating';
import type {
  ChannelAdapter,
  ChannelMailing,
  ChannelMessage,
  ChannelOutcome,
  PreparedChannelMailing,
} from '../channel-port';
import { composeFax, type FaxTracking } from './fax-compose';

/** An HTTP fax API in the shape of Phaxio's (Sinch Fax's) v2: `POST /v2/faxes`, HTTP Basic auth. */
export interface FaxApiOptions extends FaxTracking {
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Where the provider posts this destination's status (`?d=<tracking id>`, signed by the provider). */
  callbackUrl(trackingId: string): string;
  concurrency: number;
  /** Milliseconds before a request counts as unanswered. */
  timeoutMs?: number;
}

interface FaxApiAnswer {
  success?: unknown;
  message?: unknown;
  data?: { id?: unknown };
}

/**
 * Fax through an HTTP fax API: the personalised PDF uploaded with the number and a callback URL;
 * the API's answer says it is queued, and its signed callback later says how it ended (FaxWebhooks).
 */
export class FaxApiChannel implements ChannelAdapter {
  readonly channel = 'FAX' as const;
  private readonly endpoint: string;
  private readonly authorization: string;

  constructor(private readonly options: FaxApiOptions) {
    this.endpoint = `${options.apiUrl.replace(/\/+$/, '')}/v2/faxes`;
    this.authorization = `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString('base64')}`;
  }

  prepare(mailing: ChannelMailing): Promise<PreparedChannelMailing> {
    const body = mailing.content.body;
    if (body === null || body.trim() === '')
      throw DomainError.validation('The fax document has no text', [{ path: 'body', message: 'is empty' }]);
    const document = compileTextDocument(body);
    return Promise.resolve({
      concurrency: this.options.concurrency,
      send: (message) => this.send(mailing.mailingId, document, message),
    });
  }

  close(): void {
    // fetch keeps no connections of ours open beyond its idle keep-alive.
  }

  private async send(
    mailingId: number,
    document: CompiledTextDocument,
    message: ChannelMessage,
  ): Promise<ChannelOutcome> {
    const fax = await composeFax(document, mailingId, message, this.options);
    if (!fax.ok) return fax.outcome;
    const form = new FormData();
    form.set('to', fax.number);
    form.set('callback_url', this.options.callbackUrl(message.trackingId));
    form.set(
      'file',
      new Blob([new Uint8Array(fax.pdf)], { type: 'application/pdf' }),
      `fax-${message.destinationId}.pdf`,
    );
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { authorization: this.authorization },
        body: form,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      return { kind: 'unavailable', reason: `Fax API unreachable: ${(error as Error).message}` };
    }
    const answer = (await response.json().catch(() => ({}))) as FaxApiAnswer;
    const text = typeof answer.message === 'string' ? answer.message.slice(0, 500) : `HTTP ${response.status}`;
    const id = answer.data?.id;
    if (response.ok && answer.success === true && (typeof id === 'number' || typeof id === 'string'))
      return { kind: 'delivered', response: text, messageId: String(id) };
    // Throttled or failing on its side: the batch waits and tries again, nothing counts against the number.
    if (response.status === 429 || response.status >= 500)
      return { kind: 'unavailable', reason: `Fax API ${response.status}: ${text}` };
    // The number is refused as such; anything else (credentials, our request) is about us.
    if (response.status === 422) return { kind: 'hard', code: 'invalid-number', text };
    return { kind: 'soft', code: `http-${response.status}`, text, senderSide: true };
  }
}
