/** `error` blocks sending; `warning` needs acknowledging (not built yet: it does not block); `info` only informs. */
export type Severity = 'error' | 'warning' | 'info';

/** Where a finding is: a part of the document (and its line), a link, a field. */
export interface FindingWhere {
  part?: 'fromName' | 'fromAddress' | 'replyTo' | 'subject' | 'html' | 'text';
  line?: number;
  link?: string;
  field?: string;
}

/** One thing the issue checker found, said so a marketer understands it and knows what to do. */
export interface Finding {
  severity: Severity;
  /** Stable, for clients: e.g. `missing-unsubscribe-link`. */
  code: string;
  message: string;
  where: FindingWhere;
  fix: string;
}

/** Whether these findings keep a mailing from being sent. */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === 'error');
}

/** `html:12`, `subject`, a link or a field: the where of a finding in one short string. */
export function describeWhere(where: FindingWhere): string {
  const place = where.part === undefined ? '' : where.line === undefined ? where.part : `${where.part}:${where.line}`;
  const detail = where.link ?? where.field;
  return [place, detail].filter(Boolean).join(' ') || 'mailing';
}
