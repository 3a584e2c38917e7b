import { normalisePhone } from '@herald/domain';
import { renderTextDocument, type CompiledTextDocument } from '@herald/templating';
import type { ChannelMessage, ChannelOutcome } from '../channel-port';
import { renderTextPdf } from './fax-pdf';

export interface FaxTracking {
  /** Base URL and secret of links a text may hold ({{ unsubscribe }}). */
  publicUrl: string;
  trackingSecret: string;
}

/** One destination's fax, whichever provider takes it: the number in E.164 and the personalised PDF. */
export type ComposedFax = { ok: true; number: string; pdf: Buffer } | { ok: false; outcome: ChannelOutcome };

/** Normalises the number and renders the personalised PDF, or says why this destination gets no fax. */
export async function composeFax(
  document: CompiledTextDocument,
  mailingId: number,
  message: ChannelMessage,
  tracking: FaxTracking,
): Promise<ComposedFax> {
  const number = normalisePhone(message.address);
  if (!number.ok)
    return {
      ok: false,
      outcome: { kind: 'hard', code: 'invalid-number', text: `"${message.address}" ${number.message}` },
    };
  try {
    const text = renderTextDocument(document, {
      profile: message.profile,
      subprofile: message.subprofile,
      destinationId: message.trackingId,
      tracking: { baseUrl: tracking.publicUrl, secret: tracking.trackingSecret },
    });
    return { ok: true, number: number.value, pdf: await renderTextPdf([text], `Fax ${mailingId}`) };
  } catch (error) {
    return { ok: false, outcome: { kind: 'not-composed', text: (error as Error).message } };
  }
}
