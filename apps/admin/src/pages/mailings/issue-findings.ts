import type { CheckFinding } from '@herald/contracts';

export type FindingSeverity = CheckFinding['severity'];

const ORDER: readonly FindingSeverity[] = ['error', 'warning', 'info'];
const TITLE: Record<FindingSeverity, string> = {
  error: 'Errors: fix these before sending',
  warning: 'Warnings: fix or acknowledge each',
  info: 'For your information',
};

/** The findings by severity, errors first, leaving out a severity with none. */
export function findingsBySeverity(
  findings: readonly CheckFinding[],
): { severity: FindingSeverity; title: string; findings: CheckFinding[] }[] {
  return ORDER.map((severity) => ({
    severity,
    title: TITLE[severity],
    findings: findings.filter((finding) => finding.severity === severity),
  })).filter((group) => group.findings.length > 0);
}

/** Where a finding is, said for a marketer: "HTML, line 12", "the subject", "the target". */
export function findingPlace(where: CheckFinding['where']): string {
  const parts: Record<NonNullable<CheckFinding['where']['part']>, string> = {
    fromName: 'the sender name',
    fromAddress: 'the sender address',
    replyTo: 'the reply-to address',
    subject: 'the subject',
    html: 'HTML',
    text: 'the text',
  };
  const fields: Record<string, string> = {
    target: 'the target',
    maxPerMinute: 'the sending speed',
    sendAt: 'the time of sending',
    smsSender: 'the SMS sender',
    fax: 'the fax numbers',
  };
  const place = where.part
    ? `${parts[where.part]}${where.line !== undefined ? `, line ${where.line}` : ''}`
    : where.field
      ? (fields[where.field] ?? `the field “${where.field}”`)
      : '';
  return [place, where.part && where.field ? `field “${where.field}”` : '', where.link ?? '']
    .filter(Boolean)
    .join(' · ');
}

/** Which form step fixes a finding: the document's parts in the document, the rest in the form. */
export function findingFixedIn(where: CheckFinding['where']): 'document' | 'target' | 'settings' | null {
  if (where.part) return 'document';
  if (where.field === 'target' || where.field === 'fax') return 'target';
  if (where.field === 'maxPerMinute' || where.field === 'sendAt') return 'settings';
  if (where.field) return 'document';
  return null;
}

/**
 * Whether a finding about the sender address is fixed (also) on the Sender domains page: the domain's
 * records, its verification and the signature. An address that is not one is fixed in the document only.
 */
export function findingFixedInSenderDomains(finding: Pick<CheckFinding, 'code' | 'where'>): boolean {
  return finding.where.part === 'fromAddress' && finding.code !== 'invalid-from-address';
}
