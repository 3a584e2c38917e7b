import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApi } from '../support/api';
import {
  BROWSER_AGENT,
  caughtMail,
  sendMailing,
  startE2eStack,
  waitFor,
  type CaughtMail,
  type E2eStack,
} from '../support/e2e';

/**
 * Acceptance for dynamic reports (issue 19): one mailing through the real pipeline to eight people
 * with a gender and a birth date, results registered over HTTP and SMTP, then the pivot by no
 * dimension must give the mailing report's figures, and split by gender or age band add up to them.
 *
 * Ages on the day the spec runs are worked out from birth dates relative to today, so the bands hold
 * whatever the date: ann 20 (18–24), bob 30 (25–34), cas 30 (25–34), dee 40 (35–44), eve 16 (under 18),
 * fay 70 (65+), gus no birth date, hal a date not yet reached (no age).
 */
const PEOPLE = ['ann', 'bob', 'cas', 'dee', 'eve', 'fay', 'gus', 'hal'] as const;
type Person = (typeof PEOPLE)[number];
const GENDER: Record<Person, string | undefined> = {
  ann: 'female',
  bob: 'male',
  cas: 'male',
  dee: 'female',
  eve: 'female',
  fay: 'other',
  gus: undefined,
  hal: 'male',
};

function yearsAgo(years: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 1); // the birthday was yesterday: whole years, whatever the month
  return d.toISOString().slice(0, 10);
}

const BIRTH: Record<Person, string | undefined> = {
  ann: yearsAgo(20),
  bob: yearsAgo(30),
  cas: yearsAgo(30),
  dee: yearsAgo(40),
  eve: yearsAgo(16),
  fay: yearsAgo(70),
  gus: undefined,
  hal: `${new Date().getUTCFullYear() + 1}-01-01`,
};

/*
 * Results: ann opens and clicks; bob opens; cas clicks without an open (images off); dee unsubscribes
 * through the link (after an open); eve's address hard-bounces; fay, gus and hal do nothing.
 * Unique: impressions ann, bob, cas (implied), dee = 4; clicks ann, cas = 2; unsubscribes 1; errors 1.
 * Dominant: click ann, cas; impression bob; unsubscribe dee; error eve; no feedback fay, gus, hal.
 * CTR = 2 / (1 + 2) = 66.67 %; click-to-open 2 / 4 = 50 %.
 */
const BY_GENDER = {
  female: { sent: 3, delivered: 2, impressions: 2, clicks: 1, unsubscribes: 1, errors: 1 }, // ann, dee, eve
  male: { sent: 3, delivered: 3, impressions: 2, clicks: 1, unsubscribes: 0, errors: 0 }, // bob, cas, hal
  other: { sent: 1, delivered: 1, impressions: 0, clicks: 0, unsubscribes: 0, errors: 0 }, // fay
  none: { sent: 1, delivered: 1, impressions: 0, clicks: 0, unsubscribes: 0, errors: 0 }, // gus
};
const BY_AGE_BAND: Array<[string | null, number, number]> = [
  // band, sent, impressions
  ['under 18', 1, 0], // eve
  ['18–24', 1, 1], // ann
  ['25–34', 2, 2], // bob, cas
  ['35–44', 1, 1], // dee
  ['65+', 1, 0], // fay
  [null, 2, 0], // gus, hal
];
const METRICS = [
  'destinations',
  'sent',
  'delivered',
  'impressions',
  'clicks',
  'unsubscribes',
  'complaints',
  'errors',
  'ctr',
  'clickToOpen',
];

type Pivot = {
  dimensions: Array<{ label: string; valueLabels: Record<string, string> }>;
  cells: Array<{ key: Array<string | null>; values: Record<string, number | null> }>;
  totals: Record<string, number | null>;
  rowTotals: Array<{ key: Array<string | null>; values: Record<string, number | null> }>;
  columnTotals: Array<{ key: Array<string | null>; values: Record<string, number | null> }>;
  mailingIds: number[];
};

describe('dynamic reports: a pivot of a real mailing by who the recipients are', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let token: string;
  let mailingId: number;
  let mail: CaughtMail;

  const hit = (url: string) => fetch(url, { headers: { 'user-agent': BROWSER_AGENT }, redirect: 'manual' });
  const pivot = (body: unknown, as = token) =>
    api.request<Pivot>('POST', '/dynamic-reports/query', { token: as, body });

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true });
    ({ api, token } = stack);
    const { accountId } = stack;
    const databaseId = (
      await stack.prisma.database.create({
        data: {
          accountId,
          name: 'Readers',
          fields: {
            create: [
              { accountId, name: 'gender', label: 'Gender', type: 'TEXT' },
              { accountId, name: 'birthdate', label: 'Birth date', type: 'DATE' },
            ],
          },
        },
      })
    ).id;
    for (const name of PEOPLE) {
      const values: Record<string, string> = {};
      if (GENDER[name]) values.gender = GENDER[name];
      if (BIRTH[name]) values.birthdate = BIRTH[name];
      await stack.prisma.profile.create({ data: { accountId, databaseId, email: `${name}@example.test`, values } });
    }
    mailingId = (
      await sendMailing(stack, {
        name: 'Pivot',
        document: {
          subject: 'News',
          html: '<html><body><p>Hi</p><a href="https://example.com/a">A</a> <a href="{{ unsubscribe }}">Unsubscribe</a></body></html>',
        },
        target: { databaseId },
      })
    ).mailingId;
    mail = await caughtMail(stack.catcher);
    expect(mail.recipients()).toHaveLength(PEOPLE.length);
    await new Promise((r) => setTimeout(r, 2_100)); // within two seconds of delivery, a machine

    await hit(mail.pixel('ann'));
    await hit(mail.pixel('bob'));
    await hit(mail.pixel('dee'));
    const aggregate = () => stack.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } });
    await waitFor(aggregate, (a) => a.impressionsUnique >= 3, { timeoutMs: 30_000, what: 'the opens' });
    await hit(mail.links('ann')[0]!);
    await hit(mail.links('cas')[0]!);
    expect((await hit(mail.links('dee')[1]!)).status).toBe(200);
    await stack.bounce(mail.message('eve'), '5.1.1', '550 5.1.1 <eve@example.test>: Recipient address rejected');
    await waitFor(aggregate, (a) => a.clicksUnique >= 2 && a.unsubscribesUnique >= 1 && a.errorsUnique >= 1, {
      timeoutMs: 30_000,
      what: 'the clicks, the unsubscribe and the bounce',
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("gives the mailing report's figures when no dimension is chosen", async () => {
    const report = await api.request<{
      keyFigures: {
        sent: number;
        delivered: number;
        impressions: { unique: number };
        clicks: { unique: number };
        unsubscribes: { unique: number };
        complaints: { unique: number };
        errors: { unique: number };
        ctr: { value: number | null };
        clickToOpenRate: { value: number | null };
      };
    }>('GET', `/mailings/${mailingId}/report`, { token });
    expect(report.status).toBe(200);
    const k = report.body.keyFigures;
    const res = await pivot({ scope: { mailingId }, metrics: METRICS });
    expect(res.status).toBe(200);
    expect(res.body.cells).toEqual([{ key: [], values: res.body.totals }]);
    expect(res.body.totals).toEqual({
      destinations: 8,
      sent: k.sent,
      delivered: k.delivered,
      impressions: k.impressions.unique,
      clicks: k.clicks.unique,
      unsubscribes: k.unsubscribes.unique,
      complaints: k.complaints.unique,
      errors: k.errors.unique,
      ctr: k.ctr.value,
      clickToOpen: k.clickToOpenRate.value,
    });
    // And those are the figures worked out by hand above.
    expect(res.body.totals).toMatchObject({
      sent: 8,
      delivered: 7,
      impressions: 4,
      clicks: 2,
      unsubscribes: 1,
      errors: 1,
    });
    expect(res.body.totals.ctr).toBeCloseTo((2 / 3) * 100, 10);
    expect(res.body.totals.clickToOpen).toBe(50);
    // A read, though POSTed: a VIEWER runs it too, and gets the same figures.
    const viewer = await pivot({ scope: { mailingId }, metrics: METRICS }, await stack.userToken('VIEWER'));
    expect(viewer.status).toBe(200);
    expect(viewer.body.totals).toEqual(res.body.totals);
  });

  it('splits by a field into cells that add up to the totals', async () => {
    const res = await pivot({
      scope: { mailingId },
      rows: [{ kind: 'field', field: 'gender' }],
      metrics: ['sent', 'delivered', 'impressions', 'clicks', 'unsubscribes', 'errors', 'ctr'],
    });
    expect(res.status).toBe(200);
    expect(res.body.dimensions.map((d) => d.label)).toEqual(['Gender']);
    const byGender = Object.fromEntries(res.body.cells.map((c) => [c.key[0] ?? 'none', c.values]));
    expect(Object.keys(byGender)).toEqual(['female', 'male', 'other', 'none']);
    for (const [gender, expected] of Object.entries(BY_GENDER))
      expect(byGender[gender], gender).toMatchObject(expected);
    for (const metric of ['sent', 'delivered', 'impressions', 'clicks', 'unsubscribes', 'errors'])
      expect(
        res.body.cells.reduce((n, c) => n + c.values[metric]!, 0),
        metric,
      ).toBe(res.body.totals[metric]);
    // Dominant results: women ann click, dee unsubscribe, eve error: 1 / (0 + 1); men bob impression, cas click.
    expect(byGender.female!.ctr).toBe(100);
    expect(byGender.male!.ctr).toBe(50);
  });

  it('splits by age band from a birth date, with no age for missing and future dates', async () => {
    const res = await pivot({
      scope: { mailingId },
      rows: [{ kind: 'ageBand', field: 'birthdate' }],
      metrics: ['sent', 'impressions'],
    });
    expect(res.status).toBe(200);
    expect(res.body.dimensions[0]!.label).toBe('age band (Birth date)');
    expect(res.body.cells.map((c) => [c.key[0], c.values.sent, c.values.impressions])).toEqual(BY_AGE_BAND);
  });

  it('filters by age band with the labels the report shows, and names the bands for an unknown one', async () => {
    const res = await pivot({
      scope: { mailingId },
      rows: [{ kind: 'ageBand', field: 'birthdate' }],
      metrics: ['sent', 'impressions'],
      // A hyphen for the en dash, as people type it; null keeps those without an age.
      filters: [{ dimension: { kind: 'ageBand', field: 'birthdate' }, values: ['25-34', 'under 18', null] }],
    });
    expect(res.status).toBe(200);
    expect(res.body.cells.map((c) => [c.key[0], c.values.sent, c.values.impressions])).toEqual(
      BY_AGE_BAND.filter(([band]) => band === '25–34' || band === 'under 18' || band === null),
    );
    const refused = await pivot({
      scope: { mailingId },
      metrics: ['sent'],
      filters: [{ dimension: { kind: 'ageBand', field: 'birthdate' }, values: ['25–34', '30'] }],
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('filters.0.values.1');
    expect(JSON.stringify(refused.body)).toContain('the bands are under 18, 18–24');
  });

  it('splits by two dimensions, filters, and by mailing and day over a period', async () => {
    const res = await pivot({
      scope: { mailingId },
      rows: [{ kind: 'field', field: 'gender' }],
      columns: [{ kind: 'ageBand', field: 'birthdate' }],
      metrics: ['sent'],
      filters: [{ dimension: { kind: 'field', field: 'gender' }, values: ['male', null] }],
    });
    expect(res.status).toBe(200);
    expect(res.body.cells.map((c) => [...c.key, c.values.sent])).toEqual([
      ['male', '25–34', 2],
      ['male', null, 1],
      [null, null, 1],
    ]);
    expect(res.body.totals.sent).toBe(4);
    // Each row over its columns, each column over the rows; the age band by its label here too.
    expect(res.body.rowTotals.map((c) => [...c.key, c.values.sent])).toEqual([
      ['male', 3],
      [null, 1],
    ]);
    expect(res.body.columnTotals.map((c) => [...c.key, c.values.sent])).toEqual([
      ['25–34', 2],
      [null, 2],
    ]);

    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const period = await pivot({
      scope: { from, to },
      rows: [{ kind: 'mailing' }, { kind: 'day' }],
      metrics: ['sent', 'clicks'],
    });
    expect(period.status).toBe(200);
    expect(period.body.mailingIds).toEqual([mailingId]);
    expect(period.body.dimensions[0]!.valueLabels).toEqual({ [mailingId]: 'Pivot' });
    expect(period.body.cells).toHaveLength(1);
    expect(period.body.cells[0]!.key[0]).toBe(String(mailingId));
    expect(period.body.cells[0]!.key[1]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(period.body.cells[0]!.values).toEqual({ sent: 8, clicks: 2 });
  });

  it('exports the pivot as CSV with a totals row', async () => {
    const res = await fetch(`${api.url}/dynamic-reports/query/export?format=csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        scope: { mailingId },
        rows: [{ kind: 'field', field: 'gender' }],
        metrics: ['sent', 'ctr'],
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = parse(await res.text()) as string[][];
    expect(rows[0]).toEqual(['Gender', 'sent', 'ctr']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['female', 'male', 'other', '(none)', 'total']);
    expect(rows.at(-1)).toEqual(['total', '8', '66.67']);
  });

  it('refuses malformed, oversized and unknown input with a message that says where', async () => {
    const bad = async (body: unknown, path: string) => {
      const res = await pivot(body);
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(JSON.stringify(res.body)).toContain(path);
    };
    await bad({ scope: { mailingId }, metrics: [] }, 'metrics');
    await bad({ scope: { mailingId }, metrics: ['opens'] }, 'metrics');
    await bad({ scope: { mailingId: 'x' }, metrics: ['sent'] }, 'scope');
    await bad({ scope: { mailingId }, metrics: ['sent'], rows: [{ kind: 'field', field: "x'; DROP TABLE" }] }, 'rows');
    await bad(
      { scope: { mailingId }, metrics: ['sent'], rows: [{ kind: 'field', field: 'nosuchfield' }] },
      'rows.0.field',
    );
    await bad(
      { scope: { mailingId }, metrics: ['sent'], rows: [{ kind: 'ageBand', field: 'gender' }] },
      'rows.0.field',
    );
    await bad({ scope: { mailingId }, metrics: ['sent'], rows: Array(4).fill({ kind: 'mailing' }) }, 'rows');
    await bad({ scope: { from: '2026-01-01T00:00:00Z', to: '2028-01-01T00:00:00Z' }, metrics: ['sent'] }, 'to');
    await bad(
      {
        scope: { mailingId },
        metrics: ['sent'],
        filters: [{ dimension: { kind: 'mailing' }, values: Array(201).fill('1') }],
      },
      'filters',
    );
    const huge = await fetch(`${api.url}/dynamic-reports/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: { mailingId }, metrics: ['sent'], name: 'x'.repeat(6 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });

  it("never shows another account's mailing or reports", async () => {
    const stranger = await stack.userToken('ADMIN', await stack.newAccount());
    const res = await pivot({ scope: { mailingId }, metrics: ['sent'] }, stranger);
    expect(res.status).toBe(404);
    const period = await pivot(
      {
        scope: { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() },
        metrics: ['sent'],
      },
      stranger,
    );
    expect(period.status).toBe(200);
    expect(period.body).toMatchObject({ mailingIds: [], cells: [], totals: { sent: 0 } });

    const saved = await api.request<{ id: number }>('POST', '/dynamic-reports', {
      token,
      body: { name: 'Mine', definition: { rows: [], metrics: ['sent'] }, shared: true },
    });
    expect(saved.status).toBe(201);
    expect((await api.request('GET', `/dynamic-reports/${saved.body.id}`, { token: stranger })).status).toBe(404);
    expect((await api.request('DELETE', `/dynamic-reports/${saved.body.id}`, { token: stranger })).status).toBe(404);
    const list = await api.request<Array<{ id: number }>>('GET', '/dynamic-reports', { token: stranger });
    expect(list.body.map((r) => r.id)).not.toContain(saved.body.id);
  });

  it('saves, reopens, shares and copies reports; templates are copied, never changed', async () => {
    const list = await api.request<
      Array<{ id: number | null; templateKey: string | null; name: string; template: boolean }>
    >('GET', '/dynamic-reports', { token });
    const templates = list.body.filter((r) => r.template);
    expect(templates.map((t) => [t.name, t.id])).toEqual([
      ['By gender', null],
      ['By city', null],
      ['By age band', null],
    ]);
    const byGender = templates[0]!;
    const unknown = await api.request('POST', '/dynamic-reports/templates/by-shoe-size/save-as', {
      token,
      body: { name: 'x' },
    });
    expect(unknown.status).toBe(404);

    const copy = await api.request<{
      id: number;
      name: string;
      definition: unknown;
      template: boolean;
      ownedByMe: boolean;
    }>('POST', `/dynamic-reports/templates/${byGender.templateKey}/save-as`, { token, body: { name: 'Gender, mine' } });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Gender, mine', template: false, ownedByMe: true });
    const reopened = await api.request<{ definition: unknown }>('GET', `/dynamic-reports/${copy.body.id}`, { token });
    expect(reopened.body.definition).toEqual(copy.body.definition);

    // A private report is its owner's; shared, the account's users see it but only the owner or an ADMIN changes it.
    const colleague = await stack.userToken('MARKETER');
    expect((await api.request('GET', `/dynamic-reports/${copy.body.id}`, { token: colleague })).status).toBe(404);
    const definition = { rows: [{ kind: 'day' }], metrics: ['sent'] };
    const shared = await api.request('PUT', `/dynamic-reports/${copy.body.id}`, {
      token,
      body: { name: 'Gender, shared', definition, shared: true },
    });
    expect(shared.status).toBe(200);
    expect((await api.request('GET', `/dynamic-reports/${copy.body.id}`, { token: colleague })).status).toBe(200);
    expect(
      (
        await api.request('PUT', `/dynamic-reports/${copy.body.id}`, {
          token: colleague,
          body: { name: 'x', definition },
        })
      ).status,
    ).toBe(403);
    expect((await api.request('DELETE', `/dynamic-reports/${copy.body.id}`, { token: colleague })).status).toBe(403);
    expect((await api.request('DELETE', `/dynamic-reports/${copy.body.id}`, { token })).status).toBe(204);
    expect((await api.request('GET', `/dynamic-reports/${copy.body.id}`, { token })).status).toBe(404);
  });
});
