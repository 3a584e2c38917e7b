import { describeWhere, type Finding } from './finding';

/**
 * Names one finding of a mailing across checks: its code and where it is (`unknown-field|city`). A sender
 * domain's record is one warning whatever DNS said this time (`dkim-record-missing` or `-unchecked`), so
 * accepting it once holds when the send's own check gets another answer.
 */
export function findingKey(finding: Pick<Finding, 'code' | 'where'>): string {
  const code = finding.code.replace(/-record-(missing|different|unchecked)$/, '-record');
  return `${code}|${describeWhere(finding.where)}`;
}

/**
 * What keeps a mailing from going (issue 17): every error, and every warning nobody acknowledged for
 * this version of its document. Information never does.
 */
export function unacknowledgedFindings(findings: readonly Finding[], acknowledged: ReadonlySet<string>): Finding[] {
  return findings.filter(
    (finding) =>
      finding.severity === 'error' || (finding.severity === 'warning' && !acknowledged.has(findingKey(finding))),
  );
}
