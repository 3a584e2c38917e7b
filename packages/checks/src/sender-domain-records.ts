import type { SenderDnsRecord } from '@herald/domain';
import { lookUp, type DnsAnswer, type DnsResolver } from './dns';

type RecordState = 'found' | 'missing' | 'different' | 'unchecked';

/** What DNS holds for one record a sender domain should publish. */
export interface RecordVerification {
  purpose: SenderDnsRecord['purpose'];
  state: RecordState;
  /** What was found instead, or why it does not count; null when found as published. */
  detail: string | null;
}

const tags = (record: string): Map<string, string> =>
  new Map(
    record.split(';').flatMap((tag) => {
      const at = tag.indexOf('=');
      return at === -1 ? [] : [[tag.slice(0, at).trim().toLowerCase(), tag.slice(at + 1).replace(/\s+/g, '')] as const];
    }),
  );

const sameHost = (a: string, b: string) => a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');

function judge(record: SenderDnsRecord, answer: DnsAnswer): Omit<RecordVerification, 'purpose'> {
  if (answer.kind === 'failed')
    return { state: 'unchecked', detail: `DNS lookup of ${record.name} failed (${answer.code})` };
  const values = answer.kind === 'found' ? answer.values : [];
  switch (record.purpose) {
    case 'dkim':
    case 'dkim-ed25519': {
      const wanted = tags(record.value).get('p');
      const keys = values.filter((value) => tags(value).has('p'));
      if (keys.length === 0) return { state: 'missing', detail: null };
      if (keys.some((value) => tags(value).get('p') === wanted)) return { state: 'found', detail: null };
      return { state: 'different', detail: `${record.name} holds another key than this domain's` };
    }
    case 'spf': {
      const include = /include:(\S+)/.exec(record.value)![1]!;
      const spf = values.filter((value) => /^v=spf1(\s|$)/i.test(value.trim()));
      if (spf.length === 0) return { state: 'missing', detail: null };
      if (spf.length > 1)
        return {
          state: 'different',
          detail: `${spf.length} SPF records: receivers treat that as an error (merge them into one)`,
        };
      if (
        spf[0]!
          .split(/\s+/)
          .some((term) => /^[+]?include:/i.test(term) && sameHost(term.replace(/^[+]?include:/i, ''), include))
      )
        return { state: 'found', detail: null };
      return { state: 'different', detail: `the SPF record does not include ${include}: "${spf[0]}"` };
    }
    case 'dmarc': {
      const dmarc = values.find((value) => /^v=DMARC1\s*(;|$)/i.test(value.trim()));
      if (!dmarc) return { state: 'missing', detail: null };
      return { state: 'found', detail: `policy p=${tags(dmarc).get('p') ?? '(none given)'}` };
    }
    case 'return-path':
    case 'tracking':
      if (values.length === 0) return { state: 'missing', detail: null };
      if (values.some((value) => sameHost(value, record.value))) return { state: 'found', detail: null };
      return { state: 'different', detail: `${record.name} points to ${values.join(', ')}` };
  }
}

/**
 * Looks up each record a sender domain should publish and says whether it is there as it should be:
 * the DKIM key itself, an SPF record that includes Herald's, any DMARC record, the CNAMEs' targets.
 */
export async function verifySenderDnsRecords(
  records: readonly SenderDnsRecord[],
  resolve: DnsResolver,
): Promise<RecordVerification[]> {
  return Promise.all(
    records.map(async (record) => ({
      purpose: record.purpose,
      ...judge(record, await lookUp(resolve, record.name, record.type)),
    })),
  );
}

/** A sender domain is verified when every required record (DKIM, SPF, DMARC) is found as published. */
export function senderDomainVerified(
  records: readonly SenderDnsRecord[],
  verification: readonly RecordVerification[],
): boolean {
  return records
    .filter((record) => record.required)
    .every((record) => verification.find((v) => v.purpose === record.purpose)?.state === 'found');
}
