import type { ComplaintReport, DeliveryStatusNotification } from './inbound-message';
import { decodeReturnPath, parseHeraldMessageId, type ReturnPathOptions } from './addresses/herald-addresses';

/** A destination named by a signed return path the report was delivered to (SMTP RCPT TO), with its mailing. */
export interface SignedDestination {
  /** Decimal string (destination ids are BigInt). */
  destinationId: string;
  mailingId: number;
}

export type ReportAttribution = { kind: 'APPLY'; destination: SignedDestination } | { kind: 'DROP'; reason: string };

/**
 * Whose a bounce or complaint is. Only the signed return paths it was delivered to can say: anyone
 * can write a Message-ID, an Original-Recipient or a return path into a message. What the message says
 * is a hint, checked against the signed value: a report whose hints name another destination or mailing
 * contradicts its own envelope (a forgery, or a report about a message that is not the one the return
 * path was given to) and is dropped rather than applied to either side.
 *
 * `signed` holds the signed destinations that exist, as looked up by their signed ids.
 */
export function attributeReport(
  message: Pick<DeliveryStatusNotification | ComplaintReport, 'originalMessageId' | 'returnPathCandidates'>,
  signed: readonly SignedDestination[],
  returnPath: ReturnPathOptions,
): ReportAttribution {
  if (signed.length === 0)
    return { kind: 'DROP', reason: 'not delivered to a signed return path of an existing destination' };
  const quoted = parseHeraldMessageId(message.originalMessageId);
  // Only a candidate that verifies is a hint at all; an unsigned one says nothing.
  const named = new Set<string>();
  for (const candidate of message.returnPathCandidates) {
    const decoded = decodeReturnPath(candidate, returnPath);
    if (decoded) named.add(decoded.destinationId);
  }
  if (quoted) named.add(quoted.destinationId);

  let destination: SignedDestination | undefined;
  if (signed.length === 1) destination = signed[0];
  else {
    // Several signed return paths in one envelope: only a hint can choose, and it must choose one.
    const chosen = signed.filter((s) => named.has(s.destinationId));
    if (chosen.length !== 1)
      return {
        kind: 'DROP',
        reason: `sent to ${signed.length} signed return paths and the report does not name one of them`,
      };
    destination = chosen[0];
  }
  if (!destination) return { kind: 'DROP', reason: 'no destination' };

  const others = [...named].filter((id) => id !== destination.destinationId);
  if (others.length > 0) {
    return {
      kind: 'DROP',
      reason: `the report names destination ${others.join(', ')}, not ${destination.destinationId} of its signed return path`,
    };
  }
  if (quoted && quoted.mailingId !== destination.mailingId) {
    return {
      kind: 'DROP',
      reason: `the report names mailing ${quoted.mailingId}, not ${destination.mailingId} of its signed return path`,
    };
  }
  return { kind: 'APPLY', destination };
}
