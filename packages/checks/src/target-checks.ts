import type { Finding } from './finding';

type CheckedChannel = 'EMAIL' | 'SMS' | 'FAX';

/** The mailing's audience as the send counts it: who gets it and who is left out, and why. */
export interface TargetCheckInput {
  channel: CheckedChannel;
  recipients: number;
  suppressed: { unsubscribed: number; disabled: number; invalidAddress: number };
}

/** From this share of the target already unsubscribed or disabled, the target is probably an old or wrong list. */
const SUPPRESSED_SHARE_WARNS = 0.1;

const ADDRESS: Record<CheckedChannel, { plural: string; fix: string }> = {
  EMAIL: { plural: 'e-mail addresses', fix: 'Correct the addresses in the profiles, or leave those profiles out.' },
  SMS: {
    plural: 'mobile numbers',
    fix: 'Correct the numbers (international format, e.g. +31612345678), or leave those profiles out.',
  },
  FAX: {
    plural: 'fax numbers',
    fix: 'Correct the numbers (international format, e.g. +31201234567), or leave those profiles out.',
  },
};

/** The target: empty, mostly people who left, or with addresses that cannot be sent to. */
export function checkTarget(input: TargetCheckInput): Finding[] {
  const findings: Finding[] = [];
  const where = { field: 'target' };
  const { unsubscribed, disabled, invalidAddress } = input.suppressed;
  if (input.recipients === 0) {
    findings.push({
      severity: 'error',
      code: 'empty-target',
      message: 'The target has nobody to send to: no profile in it has an address that may receive this mailing.',
      where,
      fix: 'Choose another database, collection or selection, or check the selection’s conditions.',
    });
  }
  const left = unsubscribed + disabled;
  const total = input.recipients + left;
  if (left > 0 && left / total >= SUPPRESSED_SHARE_WARNS) {
    findings.push({
      severity: 'warning',
      code: 'many-suppressed',
      message: `${left} of the ${total} profiles in the target (${Math.round((left / total) * 100)} %) already unsubscribed (${unsubscribed}) or are disabled (${disabled}); they are left out, but a target like that is often an old or wrong list.`,
      where,
      fix: 'Check that this is the target you meant; a selection of active profiles keeps the figures clear.',
    });
  }
  if (invalidAddress > 0) {
    const { plural, fix } = ADDRESS[input.channel];
    findings.push({
      severity: 'warning',
      code: 'invalid-addresses',
      message: `${invalidAddress} ${plural} in the target are not valid; those profiles get nothing.`,
      where,
      fix,
    });
  }
  return findings;
}

/** The sending settings: a rate limit that makes the mailing last for days, a time the readers sleep. */
export interface SettingsCheckInput {
  recipients: number;
  maxPerMinute: number | null;
  /** When a schedule makes it go, in the account's time zone; null when it goes now, at a moment a person chose. */
  sendAt: Date | null;
  timeZone: string;
}

/** A mailing that takes longer than this at its rate limit reaches its last readers a day late. */
const LONGEST_USUAL_MINUTES = 24 * 60;
/** Local hours at which a marketing message wakes people up or is buried under the morning's mail. */
const NIGHT = { from: 22, until: 7 };

export function checkSettings(input: SettingsCheckInput): Finding[] {
  const findings: Finding[] = [];
  if (input.maxPerMinute !== null && input.recipients / input.maxPerMinute > LONGEST_USUAL_MINUTES) {
    const hours = Math.ceil(input.recipients / input.maxPerMinute / 60);
    findings.push({
      severity: 'warning',
      code: 'unusual-rate-limit',
      message: `At ${input.maxPerMinute} messages a minute, sending to ${input.recipients} recipients takes about ${hours} hours: the last get it a day or more after the first.`,
      where: { field: 'maxPerMinute' },
      fix: `Raise the limit to at least ${Math.ceil(input.recipients / LONGEST_USUAL_MINUTES)} a minute, or leave it empty.`,
    });
  }
  if (input.sendAt === null) return findings;
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: input.timeZone }).format(
      input.sendAt,
    ),
  );
  if (hour >= NIGHT.from || hour < NIGHT.until) {
    findings.push({
      severity: 'warning',
      code: 'unusual-send-time',
      message: `The mailing goes at ${String(hour).padStart(2, '0')}:00 (${input.timeZone}), at night for most readers: it wakes them or sinks under the morning's mail.`,
      where: { field: 'sendAt' },
      fix: `Send it between ${String(NIGHT.until).padStart(2, '0')}:00 and ${NIGHT.from}:00, e.g. by scheduling it.`,
    });
  }
  return findings;
}
