import type { MailingAudienceResponse as MailingAudience } from '@herald/contracts';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The reasons a recipient is left out, in dispatch's order, as the send step names them. */
const LEFT_OUT: Array<[keyof MailingAudience['suppressed'], string]> = [
  ['unsubscribed', 'unsubscribed'],
  ['disabled', 'disabled'],
  ['noAddress', 'without an address'],
  ['invalidAddress', 'with an invalid address'],
  ['duplicates', 'duplicate addresses'],
];

export function leftOutCount(audience: MailingAudience): number {
  return LEFT_OUT.reduce((sum, [key]) => sum + audience.suppressed[key], 0);
}

/** "3 unsubscribed, 1 disabled": only the reasons that apply. */
export function leftOutReasons(audience: MailingAudience): string {
  return LEFT_OUT.filter(([key]) => audience.suppressed[key] > 0)
    .map(([key, label]) => `${audience.suppressed[key].toLocaleString('en-US')} ${label}`)
    .join(', ');
}

/** "Send to 1,204 recipients (5 left out: 3 unsubscribed, 2 without an address)". */
export function sendSummary(audience: MailingAudience): string {
  const leftOut = leftOutCount(audience);
  const to = `Send to ${plural(audience.recipients, 'recipient')}`;
  return leftOut === 0 ? to : `${to} (${leftOut.toLocaleString('en-US')} left out: ${leftOutReasons(audience)})`;
}

export interface MailingCheck {
  label: string;
  ok: boolean;
  /** What to do about it when it is not ok. */
  hint?: string;
}

/** What the send step can check today, from the document's newest version and the audience. */
export interface CheckInput {
  channel: string;
  subject: string | null;
  fromAddress: string | null;
  html: string | null;
  recipients: number | null;
}

// The unsubscribe reference as the templating package recognises it ({{ unsubscribe }} or Copernica's {unsubscribe}).
const UNSUBSCRIBE_REFERENCE = /\{\{-?\s*unsubscribe\b|\{unsubscribe\}/;

/**
 * The static checks of the send step: the full checker (spam score, broken links, images) is issue 17's.
 * Email has a subject, a from address and an unsubscribe link; every mailing has someone to go to.
 */
export function mailingChecks(input: CheckInput): MailingCheck[] {
  const checks: MailingCheck[] = [];
  if (input.channel === 'EMAIL') {
    checks.push(
      {
        label: 'The document has a subject',
        ok: Boolean(input.subject?.trim()),
        hint: 'Add a subject to the document.',
      },
      {
        label: 'The document has a from address',
        ok: Boolean(input.fromAddress?.trim()),
        hint: 'Add a from address to the document.',
      },
      {
        label: 'The document has an unsubscribe link',
        ok: UNSUBSCRIBE_REFERENCE.test(input.html ?? ''),
        hint: 'Add a link to {{ unsubscribe }}: the law and the mailbox providers require one.',
      },
    );
  }
  checks.push({
    label: 'The target has recipients',
    ok: (input.recipients ?? 0) > 0,
    hint: 'Choose a target with profiles that can be mailed.',
  });
  return checks.map((check) => (check.ok ? { label: check.label, ok: true } : check));
}
