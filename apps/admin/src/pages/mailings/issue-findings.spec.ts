import { describe, expect, it } from 'vitest';
import type { CheckFinding } from '@herald/contracts';
import { findingFixedIn, findingFixedInSenderDomains, findingPlace, findingsBySeverity } from './issue-findings';

const finding = (severity: CheckFinding['severity'], where: CheckFinding['where'] = {}): CheckFinding => ({
  severity,
  code: severity,
  message: 'm',
  fix: 'f',
  where,
  key: `${severity}|x`,
  acknowledged: null,
});

describe('issue checker findings in the form', () => {
  it('groups by severity, errors first, without empty groups', () => {
    const groups = findingsBySeverity([finding('info'), finding('error'), finding('info')]);
    expect(groups.map((g) => [g.severity, g.findings.length])).toEqual([
      ['error', 1],
      ['info', 2],
    ]);
  });

  it('says where a finding is and which step fixes it', () => {
    expect(findingPlace({ part: 'html', line: 12, link: 'http://a.example' })).toBe('HTML, line 12 · http://a.example');
    expect(findingPlace({ field: 'target' })).toBe('the target');
    expect(findingPlace({ field: 'city' })).toBe('the field “city”');
    expect(findingFixedIn({ part: 'subject' })).toBe('document');
    expect(findingFixedIn({ field: 'target' })).toBe('target');
    expect(findingFixedIn({ field: 'maxPerMinute' })).toBe('settings');
    expect(findingFixedIn({})).toBeNull();
  });

  it('sends sender-address findings to the Sender domains page, except an address that is not one', () => {
    const at = (code: string, where: CheckFinding['where']) => findingFixedInSenderDomains({ code, where });
    expect(at('dkim-record-missing', { part: 'fromAddress', field: 'sel._domainkey.news.example' })).toBe(true);
    expect(at('dmarc-not-passing', { part: 'fromAddress' })).toBe(true);
    expect(at('invalid-from-address', { part: 'fromAddress', field: 'news@@x' })).toBe(false);
    expect(at('invalid-reply-to', { part: 'replyTo' })).toBe(false);
    expect(at('sending-ip-blocklisted', {})).toBe(false);
  });
});
