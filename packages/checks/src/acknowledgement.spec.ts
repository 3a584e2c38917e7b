import { describe, expect, it } from 'vitest';
import { findingKey, unacknowledgedFindings } from './acknowledgement';
import type { Finding } from './finding';

const finding = (severity: Finding['severity'], code: string, where: Finding['where'] = {}): Finding => ({
  severity,
  code,
  message: code,
  where,
  fix: 'fix',
});

describe('acknowledgement', () => {
  it('keys a finding by its code and where it is', () => {
    expect(findingKey(finding('warning', 'insecure-link', { part: 'html', line: 4, link: 'http://a.example' }))).toBe(
      'insecure-link|html:4 http://a.example',
    );
    expect(findingKey(finding('warning', 'empty-target', { field: 'target' }))).toBe('empty-target|target');
  });

  it('keys a sender domain’s record by its purpose and name, whatever DNS answered this time', () => {
    const at = { part: 'fromAddress' as const, field: 'herald202612._domainkey.news.example' };
    const missing = findingKey(finding('warning', 'dkim-record-missing', at));
    expect(missing).toBe('dkim-record|fromAddress herald202612._domainkey.news.example');
    expect(findingKey(finding('warning', 'dkim-record-unchecked', at))).toBe(missing);
    expect(findingKey(finding('warning', 'dkim-record-different', at))).toBe(missing);
    expect(findingKey(finding('warning', 'dmarc-record-missing', at))).not.toBe(missing);
  });

  it('lets through what is acknowledged or only informs; errors always hold the mailing', () => {
    const error = finding('error', 'empty-target');
    const seen = finding('warning', 'spam-score-high', { part: 'html' });
    const unseen = finding('warning', 'image-without-alt', { part: 'html', line: 3 });
    const info = finding('info', 'no-text-part');
    const acknowledged = new Set([findingKey(seen), findingKey(error)]);
    expect(unacknowledgedFindings([error, seen, unseen, info], acknowledged)).toEqual([error, unseen]);
    expect(unacknowledgedFindings([seen, info], acknowledged)).toEqual([]);
  });
});
