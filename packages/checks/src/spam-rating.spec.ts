import { describe, expect, it } from 'vitest';
import {
  heuristicSpamRating,
  parseSpamdReport,
  spamAdvice,
  spamdReportRequest,
  spamRatingFindings,
  type SpamRating,
} from './spam-rating';

const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

// spamd 4.0.1's answer to REPORT for GTUBE, as received (CRLF in the head, LF in the report).
const GTUBE_ANSWER =
  'SPAMD/1.1 0 EX_OK\r\nContent-length: 900\r\nSpam: True ; 1002.7 / 5.0\r\n\r\n' +
  'Spam detection software, running on the system "vm",\nhas identified this incoming email as possible spam.\n\n' +
  'Content analysis details:   (1002.7 points, 5.0 required)\n\n' +
  ' pts rule name              description\n' +
  '---- ---------------------- --------------------------------------------------\n' +
  ' 2.7 MISSING_DATE           Missing Date: header\n' +
  '1000 GTUBE                  BODY: Generic Test for Unsolicited Bulk Email\n' +
  '-0.0 NO_RELAYS              Informational: message was not relayed via SMTP\n' +
  ' 0.8 HTML_IMAGE_RATIO_02    BODY: HTML has a low ratio of text to image\n' +
  '                            area\n' +
  '\n';

const CLEAN = {
  subject: 'Autumn news',
  html: '<p>Our autumn collection is here.</p>',
  text: 'Our autumn collection is here, warm coats and wool scarves.',
};

describe('spamd protocol', () => {
  it('asks REPORT over SPAMC/1.5 with the message length in bytes', () => {
    const request = spamdReportRequest(Buffer.from('Subject: é\r\n\r\nhi\r\n')).toString('utf8');
    expect(request).toBe('REPORT SPAMC/1.5\r\nContent-length: 19\r\n\r\nSubject: é\r\n\r\nhi\r\n');
  });

  it('reads the score, the threshold and each rule with its description, continued lines joined', () => {
    const report = parseSpamdReport(GTUBE_ANSWER);
    expect(report.score).toBe(1002.7);
    expect(report.threshold).toBe(5);
    expect(report.rules).toEqual([
      { name: 'MISSING_DATE', score: 2.7, description: 'Missing Date: header' },
      { name: 'GTUBE', score: 1000, description: 'BODY: Generic Test for Unsolicited Bulk Email' },
      { name: 'NO_RELAYS', score: -0, description: 'Informational: message was not relayed via SMTP' },
      { name: 'HTML_IMAGE_RATIO_02', score: 0.8, description: 'BODY: HTML has a low ratio of text to image area' },
    ]);
  });

  it('refuses an answer that is not spamd’s, or an error status', () => {
    expect(() => parseSpamdReport('HTTP/1.1 200 OK\r\n\r\n')).toThrow(/SPAMD/);
    expect(() => parseSpamdReport('SPAMD/1.0 76 Bad header line: x\r\n\r\n')).toThrow(/76 Bad header/);
    expect(() => parseSpamdReport('SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\n\r\n')).toThrow(/Spam: header/);
  });
});

describe('spam advice', () => {
  it('lists the rules that added points, highest first, with what to change', () => {
    const advice = spamAdvice(parseSpamdReport(GTUBE_ANSWER).rules);
    expect(advice).toHaveLength(3);
    expect(advice[0]).toMatch(/^GTUBE \(\+1000\): Remove the GTUBE/);
    expect(advice[2]).toMatch(/^HTML_IMAGE_RATIO_02 \(\+0.8\): Add text beside the images/);
  });
});

describe('heuristic spam rating', () => {
  it('rates a clean message 0', () => {
    expect(heuristicSpamRating(CLEAN, 'spamd not reachable')).toMatchObject({
      source: 'heuristic',
      score: 0,
      rules: [],
      note: 'spamd not reachable',
    });
  });

  it('gives GTUBE the highest rating', () => {
    const rating = heuristicSpamRating({ ...CLEAN, text: GTUBE }, 'x');
    expect(rating.score).toBeGreaterThanOrEqual(1000);
    expect(rating.rules.map((rule) => rule.name)).toEqual(['GTUBE']);
  });

  it('scores a shouting subject and spam phrases', () => {
    const rating = heuristicSpamRating(
      { ...CLEAN, subject: 'FREE MONEY FOR YOU!!!', text: 'Act now: 100% free, guaranteed, risk-free.' },
      'x',
    );
    expect(rating.rules.map((rule) => rule.name).sort()).toEqual([
      'SPAM_PHRASES',
      'SUBJ_ALL_CAPS',
      'SUBJ_EXCLAMATIONS',
    ]);
    expect(rating.score).toBeGreaterThan(5);
  });
});

describe('spam rating findings', () => {
  const rating = (score: number, source: SpamRating['source'] = 'spamassassin'): SpamRating => ({
    source,
    score,
    rules: [{ name: 'R', score, description: 'a rule' }],
    advice: spamAdvice([{ name: 'R', score, description: 'a rule' }]),
    ...(source === 'heuristic' ? { note: 'spamd did not answer' } : {}),
  });
  const codes = (r: SpamRating) => spamRatingFindings(r).map((f) => `${f.severity}:${f.code}`);

  it('blocks over 5, warns over 3, informs at 3 and under', () => {
    expect(codes(rating(5.1))).toEqual(['error:spam-score-too-high']);
    expect(codes(rating(5))).toEqual(['warning:spam-score-high']);
    expect(codes(rating(3.1))).toEqual(['warning:spam-score-high']);
    expect(codes(rating(3))).toEqual(['info:spam-score']);
  });

  it('names SpamAssassin or says the heuristic rated it, and why', () => {
    const [finding] = spamRatingFindings(rating(6));
    expect(finding!.message).toMatch(/^SpamAssassin rates the message 6: R \+6 \(a rule\)/);
    expect(finding!.fix).toMatch(/R \(\+6\): change what it matches: a rule/);
    const heuristic = spamRatingFindings(rating(1, 'heuristic'));
    expect(heuristic.map((f) => f.code)).toEqual(['spam-score', 'spam-rating-heuristic']);
    expect(heuristic[0]!.message).toMatch(/^Herald's built-in heuristic rates/);
    expect(heuristic[1]!.message).toMatch(/spamd did not answer/);
  });
});
