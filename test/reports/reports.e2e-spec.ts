import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
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

const PEOPLE = [
  'opener',
  'glancer',
  'clicker',
  'leaver',
  'regretter',
  'scanned',
  'bouncer',
  'complainer',
  'silent',
] as const;
type Person = (typeof PEOPLE)[number];

type Mailing = { id: number; status: string };
type Bucket = { result: string; count: number; percent: number };
type Report = {
  mailing: Record<string, unknown>;
  keyFigures: {
    destinations: number;
    sent: number;
    delivered: number;
    failed: number;
    suppressed: number;
    noFeedback: number;
    errors: { total: number; unique: number; soft: number; hard: number };
    impressions: { total: number; unique: number; machine: number; human: number };
    clicks: { total: number; unique: number; machine: number; human: number };
    unsubscribes: { total: number; unique: number };
    complaints: { total: number; unique: number };
    rates: Record<string, number | null>;
    ctr: { name: string; formula: string; value: number | null };
    clickToOpenRate: { name: string; formula: string; value: number | null };
  };
  dominantResults: { total: number; buckets: Bucket[] };
  timeline: { granularity: string; buckets: Array<{ start: string; label: string; counts: Record<string, number> }> };
  links: Array<{
    position: number;
    url: string;
    isUnsubscribe: boolean;
    clicks: { human: number; machine: number; total: number; unique: number };
  }>;
  errors: { soft: number; hard: number; total: number; unique: number };
};

describe('reports: the figures of a mailing whose results came back over HTTP and SMTP', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let token: string;
  let viewerToken: string;
  let strangerToken: string;
  let accountId: number;
  let databaseId: number;
  let first: Mailing;
  let second: Mailing;
  let startedAt: Date;
  const profileId = new Map<Person, number>();
  let mail: CaughtMail;

  async function send(name: string): Promise<Mailing> {
    const sent = await sendMailing(stack, {
      name,
      document: {
        subject: 'News for {{ firstname }}',
        html: '<html><body><p>Hi {{ firstname }}</p><a href="https://example.com/one">One</a> <a href="https://example.com/two">Two</a> <a href="{{ unsubscribe }}">Unsubscribe</a></body></html>',
      },
      target: { databaseId },
    });
    return sent.mailing;
  }

  const hit = (url: string, userAgent = BROWSER_AGENT, method = 'GET') =>
    fetch(url, { headers: { 'user-agent': userAgent }, redirect: 'manual', method });
  const aggregate = () => stack.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId: first.id } });

  async function download(
    path: string,
    as = token,
  ): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
    const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${as}` } });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      disposition: res.headers.get('content-disposition'),
      body: Buffer.from(await res.arrayBuffer()),
    };
  }

  async function xlsxRows(body: Buffer): Promise<unknown[][]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  }

  const csvRecords = (body: Buffer): Array<Record<string, string>> =>
    parse(body, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;

  beforeAll(async () => {
    startedAt = new Date(Date.now() - 1000);
    stack = await startE2eStack({ publicUrl: true });
    ({ api, token, accountId } = stack);
    viewerToken = await stack.userToken('VIEWER');
    strangerToken = await stack.userToken('ADMIN', await stack.newAccount());

    databaseId = (
      await stack.prisma.database.create({
        data: {
          accountId,
          name: 'Readers',
          fields: {
            create: [
              { accountId, name: 'firstname', type: 'TEXT' },
              { accountId, name: 'city', type: 'TEXT', position: 1 },
            ],
          },
        },
      })
    ).id;
    for (const [i, name] of PEOPLE.entries()) {
      const p = await stack.prisma.profile.create({
        data: {
          accountId,
          databaseId,
          email: `${name}@example.test`,
          values: { firstname: name, city: i % 2 ? 'Utrecht' : 'Delft' },
        },
      });
      profileId.set(name, p.id);
    }
    first = await send('First');
    mail = await caughtMail(stack.catcher);
    // Opens and clicks within two seconds of delivery count as machines (link scanners).
    await new Promise((r) => setTimeout(r, 2_100));

    // The known set of results.
    await hit(mail.pixel('opener'));
    await hit(mail.pixel('opener'));
    await hit(mail.pixel('glancer'));
    const [one, two] = mail.links('clicker');
    await hit(one!);
    await hit(two!);
    const [leaverOne, , leaverUnsubscribe] = mail.links('leaver');
    await hit(leaverOne!);
    await waitFor(aggregate, (a) => a.clicksTotal >= 3); // the unsubscribe comes after the click
    await hit(leaverUnsubscribe!);
    await hit(mail.links('regretter')[2]!);
    await hit(mail.links('scanned')[0]!, 'python-requests/2.31');
    await stack.bounce(
      mail.message('bouncer'),
      '5.1.1',
      '550 5.1.1 <bouncer@example.test>: Recipient address rejected: User unknown',
    );
    await stack.complain(mail.message('complainer'));
    // The regretter complains only after the unsubscribe is in.
    await waitFor(aggregate, (a) => a.unsubscribesTotal >= 2);
    await stack.complain(mail.message('regretter'));
    await waitFor(
      aggregate,
      (a) => a.impressionsTotal >= 3 && a.clicksTotal >= 4 && a.complaintsTotal >= 2 && a.errorsTotal >= 1,
    );

    stack.catcher.clear();
    second = await send('Second');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('reports every key figure, the dominant results adding up to 100 %, CTR, the timeline, links and errors', async () => {
    const res = await api.request<Report>('GET', `/mailings/${first.id}/report`, { token: viewerToken });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.mailing).toMatchObject({
      id: first.id,
      name: 'First',
      status: 'SENT',
      channel: 'EMAIL',
      splitRunId: null,
    });
    expect(Date.parse(r.mailing.sentAt as string)).toBeGreaterThanOrEqual(startedAt.getTime());

    const k = r.keyFigures;
    expect(k).toMatchObject({
      destinations: 9,
      sent: 9,
      delivered: 8, // the bounce takes one back
      failed: 0,
      suppressed: 0,
      noFeedback: 2, // scanned (only a machine clicked) and silent
      errors: { total: 1, unique: 1, soft: 0, hard: 1 },
      impressions: { total: 5, unique: 4, machine: 0, human: 5 }, // opener twice, glancer; the clicker and leaver opened by clicking (one implied impression each)
      clicks: { total: 4, unique: 2, machine: 1, human: 3 }, // clicker 2, leaver 1, the scanner 1; the unsubscribe link is no click
      unsubscribes: { total: 2, unique: 2 },
      complaints: { total: 2, unique: 2 },
    });
    expect(k.rates.delivered).toBeCloseTo((8 / 9) * 100, 10);
    expect(k.rates.errors).toBeCloseTo((1 / 9) * 100, 10);
    expect(k.rates.opened).toBeCloseTo((4 / 9) * 100, 10);
    expect(k.rates.clicked).toBeCloseTo((2 / 9) * 100, 10);
    expect(k.rates.unsubscribed).toBeCloseTo((2 / 9) * 100, 10);
    expect(k.rates.complaints).toBeCloseTo((2 / 9) * 100, 10);
    expect(k.rates.machineImpressions).toBe(0);
    // CTR on dominant results: 1 click / (2 impressions + 1 click).
    expect(k.ctr).toMatchObject({
      name: 'CTR',
      formula: 'dominant clicks / (dominant impressions + dominant clicks) × 100',
    });
    expect(k.ctr.value).toBeCloseTo(100 / 3, 10);
    expect(k.rates.clickThrough).toBeCloseTo(100 / 3, 10);
    expect(k.clickToOpenRate.value).toBe(50); // 2 unique clicks / 4 messages with impression
    expect(k.rates.clickToOpen).toBe(50);

    // Largest remainder: 1/9 and 2/9 of 100.0; the spare tenth goes to the most dominant of the equal remainders.
    expect(r.dominantResults.total).toBe(9);
    expect(r.dominantResults.buckets).toEqual([
      { result: 'ERROR', count: 1, percent: 11.1 },
      { result: 'NO_FEEDBACK', count: 2, percent: 22.2 },
      { result: 'IMPRESSION', count: 2, percent: 22.2 },
      { result: 'CLICK', count: 1, percent: 11.1 },
      { result: 'UNSUBSCRIBE', count: 1, percent: 11.1 },
      { result: 'COMPLAINT', count: 2, percent: 22.3 },
    ]);
    expect(Math.round(r.dominantResults.buckets.reduce((s, b) => s + b.percent, 0) * 10)).toBe(1000);

    expect(r.timeline.granularity).toBe('hour');
    expect(r.timeline.buckets.length).toBeGreaterThanOrEqual(1);
    const sums = r.timeline.buckets.reduce<Record<string, number>>((s, b) => {
      for (const [m, n] of Object.entries(b.counts)) s[m] = (s[m] ?? 0) + n;
      return s;
    }, {});
    // People only: machine clicks stay out of the timeline.
    expect(sums).toEqual({
      impressions: 5,
      clicks: 3,
      unsubscribes: 2,
      complaints: 2,
      errors: 1,
      machineImpressions: 0,
      machineClicks: 1,
    });
    for (const b of r.timeline.buckets) expect(b.label).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00Z$/);

    const byUrl = Object.fromEntries(r.links.map((l) => [l.url, l]));
    // Link one: the clicker, the leaver and the scanner (a machine).
    expect(byUrl['https://example.com/one']).toMatchObject({
      clicks: { human: 2, machine: 1, total: 3, unique: 2 },
      isUnsubscribe: false,
    });
    expect(byUrl['https://example.com/two']).toMatchObject({
      clicks: { human: 1, machine: 0, total: 1, unique: 1 },
      isUnsubscribe: false,
    });
    for (const l of r.links.filter((l) => l.isUnsubscribe))
      expect(l.clicks).toEqual({ human: 0, machine: 0, total: 0, unique: 0 });
    expect(r.links.map((l) => l.position)).toEqual([...r.links.map((l) => l.position)].sort((a, b) => a - b));

    expect(r.errors).toEqual({ soft: 0, hard: 1, total: 1, unique: 1 });
  });

  it('lists the errors with code, text, kind, time and destination', async () => {
    const res = await api.request<{
      items: Array<Record<string, unknown>>;
      total: number;
      page: number;
      pageSize: number;
    }>('GET', `/mailings/${first.id}/report/errors?page=1&pageSize=10`, { token: viewerToken });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items).toHaveLength(1);
    const error = res.body.items[0]!;
    expect(error).toMatchObject({
      kind: 'HARD',
      code: '5.1.1',
      destination: { address: 'bouncer@example.test', profileId: profileId.get('bouncer'), subprofileId: null },
    });
    expect(String(error.text)).toContain('User unknown');
    expect(Date.parse(String(error.occurredAt))).toBeGreaterThanOrEqual(startedAt.getTime());
    expect(
      (await api.request('GET', `/mailings/${first.id}/report/errors?page=2&pageSize=10`, { token })).body,
    ).toMatchObject({ items: [], total: 1 });
    expect((await api.request('GET', `/mailings/${first.id}/report/errors?pageSize=5000`, { token })).status).toBe(400);
  });

  it('lists the destinations per dominant result, in pages', async () => {
    type Page = {
      items: Array<{
        address: string;
        dominantResult: string;
        recipientId: number;
        openedAt: string | null;
        clickedAt: string | null;
        unsubscribedAt: string | null;
        complainedAt: string | null;
        lastError: unknown;
      }>;
      total: number;
      nextAfter: number | null;
    };
    const addresses = async (result: string) =>
      (
        await api.request<Page>('GET', `/mailings/${first.id}/report/recipients?result=${result}`, {
          token: viewerToken,
        })
      ).body;
    const expected: Record<string, Person[]> = {
      ERROR: ['bouncer'],
      NO_FEEDBACK: ['scanned', 'silent'],
      IMPRESSION: ['opener', 'glancer'],
      CLICK: ['clicker'],
      UNSUBSCRIBE: ['leaver'],
      COMPLAINT: ['regretter', 'complainer'],
    };
    for (const [result, people] of Object.entries(expected)) {
      const page = await addresses(result);
      expect(page.total, result).toBe(people.length);
      expect(page.items.map((i) => i.address).sort(), result).toEqual(people.map((p) => `${p}@example.test`).sort());
      for (const item of page.items) expect(item.dominantResult).toBe(result);
    }
    const leaver = (await addresses('UNSUBSCRIBE')).items[0]!;
    expect(leaver.openedAt).toBeNull(); // opened by clicking: the click time, not an open time
    expect(leaver.clickedAt).not.toBeNull();
    expect(leaver.unsubscribedAt).not.toBeNull();
    const regretter = (await addresses('COMPLAINT')).items.find((i) => i.address.startsWith('regretter'))!;
    expect(Date.parse(regretter.complainedAt!)).toBeGreaterThan(Date.parse(regretter.unsubscribedAt!));
    expect((await addresses('ERROR')).items[0]!.lastError).toMatchObject({ kind: 'HARD', code: '5.1.1' });

    // Keyset paging through all of them, two at a time.
    const seen: string[] = [];
    let after: number | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Page = (
        await api.request<Page>(
          'GET',
          `/mailings/${first.id}/report/recipients?pageSize=2${after !== null ? `&after=${after}` : ''}`,
          { token },
        )
      ).body;
      expect(page.total).toBe(9);
      seen.push(...page.items.map((i) => i.address));
      after = page.nextAfter;
      if (after === null) break;
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    const offset = await api.request<Page>('GET', `/mailings/${first.id}/report/recipients?page=3&pageSize=4`, {
      token,
    });
    expect(offset.body.items.map((i) => i.address)).toEqual(seen.slice(8));
    expect((await api.request('GET', `/mailings/${first.id}/report/recipients?result=OPENED`, { token })).status).toBe(
      400,
    );
  });

  it('exports the report, the recipients and the errors as CSV and XLSX that parse back', async () => {
    const reportCsv = await download(`/mailings/${first.id}/report/export?format=csv`, viewerToken);
    expect(reportCsv.status).toBe(200);
    expect(reportCsv.type).toContain('text/csv');
    expect(reportCsv.disposition).toBe(`attachment; filename="mailing-${first.id}-report.csv"`);
    const figures = csvRecords(reportCsv.body);
    const figure = (section: string, name: string) => figures.find((f) => f.section === section && f.figure === name);
    expect(figure('key figures', 'messages sent')).toMatchObject({ value: '9' });
    expect(figure('key figures', 'delivered')).toMatchObject({ value: '8', percent: '88.89' });
    expect(figure('key figures', 'machine clicks')).toMatchObject({ value: '1' });
    expect(figure('key figures', 'hard errors')).toMatchObject({ value: '1' });
    expect(figures.find((f) => f.figure?.startsWith('CTR'))).toMatchObject({ percent: '33.33' });
    expect(figure('dominant results', 'COMPLAINT')).toMatchObject({ value: '2', percent: '22.3' });
    expect(figure('dominant results', 'total')).toMatchObject({ value: '9', percent: '100' });
    const dominantPercents = figures
      .filter((f) => f.section === 'dominant results' && f.figure !== 'total')
      .map((f) => Number(f.percent));
    expect(Math.round(dominantPercents.reduce((a, b) => a + b, 0) * 10)).toBe(1000);

    const reportXlsx = await download(`/mailings/${first.id}/report/export?format=xlsx`);
    expect(reportXlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const reportRows = await xlsxRows(reportXlsx.body);
    expect(reportRows[0]).toEqual(['section', 'figure', 'value', 'percent', 'percent of']);
    expect(reportRows).toContainEqual(['dominant results', 'NO_FEEDBACK', 2, 22.2, 'destinations']);

    const recipientsCsv = await download(`/mailings/${first.id}/recipients/export?format=csv&fields=firstname,city`);
    expect(recipientsCsv.status).toBe(200);
    expect(recipientsCsv.disposition).toContain(`mailing-${first.id}-recipients.csv`);
    const recipients = csvRecords(recipientsCsv.body);
    expect(recipients).toHaveLength(9);
    const of = Object.fromEntries(recipients.map((r) => [r.address!.split('@')[0], r]));
    expect(Object.keys(of).sort()).toEqual([...PEOPLE].sort());
    expect(of['opener']).toMatchObject({
      dominantResult: 'IMPRESSION',
      firstname: 'opener',
      city: 'Delft',
      clickedAt: '',
      errorKind: '',
    });
    expect(Date.parse(of['opener']!.openedAt!)).toBeGreaterThan(Date.parse(of['opener']!.sentAt!));
    expect(of['glancer']).toMatchObject({ city: 'Utrecht', profileId: String(profileId.get('glancer')) });
    expect(of['clicker']!.clickedAt).not.toBe('');
    expect(of['bouncer']).toMatchObject({ dominantResult: 'ERROR', errorKind: 'HARD', errorCode: '5.1.1' });
    expect(of['scanned']).toMatchObject({ dominantResult: 'NO_FEEDBACK', clickedAt: '' });
    expect(of['regretter']).toMatchObject({ dominantResult: 'COMPLAINT' });
    expect(of['regretter']!.unsubscribedAt).not.toBe('');

    const complaintsXlsx = await download(
      `/mailings/${first.id}/recipients/export?format=xlsx&result=COMPLAINT&fields=firstname`,
    );
    expect(complaintsXlsx.status).toBe(200);
    const rows = await xlsxRows(complaintsXlsx.body);
    const header = rows[0] as string[];
    expect(header.slice(-2)).toEqual(['errorText', 'firstname']);
    const body = rows.slice(1).map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
    expect(body.map((b) => b.firstname).sort()).toEqual(['complainer', 'regretter']);
    expect(body.every((b) => b.dominantResult === 'COMPLAINT')).toBe(true);
    expect(body.find((b) => b.firstname === 'regretter')!.complainedAt).toBeInstanceOf(Date);

    const unknownField = await api.request<{ message: string }>(
      'GET',
      `/mailings/${first.id}/recipients/export?format=csv&fields=firstname,shoesize`,
      { token },
    );
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.message).toContain('shoesize');

    const errorsXlsx = await download(`/mailings/${first.id}/report/errors/export?format=xlsx`);
    const errorRows = await xlsxRows(errorsXlsx.body);
    expect(errorRows[0]).toEqual(['occurredAt', 'kind', 'code', 'text', 'address', 'profileId', 'subprofileId']);
    expect(errorRows).toHaveLength(2);
    expect(errorRows[1]!.slice(1, 2)).toEqual(['HARD']);
    expect(errorRows[1]![4]).toBe('bouncer@example.test');
    const errorsCsv = csvRecords((await download(`/mailings/${first.id}/report/errors/export`)).body);
    expect(errorsCsv).toEqual([
      expect.objectContaining({
        kind: 'HARD',
        code: '5.1.1',
        address: 'bouncer@example.test',
        profileId: String(profileId.get('bouncer')),
      }),
    ]);
  });

  it('shares the report through a link that needs no login, shows only that mailing and dies when revoked or expired', async () => {
    expect(
      (
        await api.request('POST', `/mailings/${first.id}/shares`, {
          token: viewerToken,
          body: { title: 'For the board' },
        })
      ).status,
    ).toBe(403);
    const created = await api.request<{
      id: number;
      title: string;
      url: string;
      token: string;
      expiresAt: string | null;
    }>('POST', `/mailings/${first.id}/shares`, {
      token,
      body: { title: 'For the board', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`${api.url}/shared/${created.body.token}`);
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await stack.prisma.sharedReport.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(stored.tokenHash).not.toContain(created.body.token);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const open = await fetch(created.body.url);
    expect(open.status).toBe(200);
    const text = await open.text();
    const shared = JSON.parse(text) as { title: string; report: Report };
    const own = (await api.request<Report>('GET', `/mailings/${first.id}/report`, { token })).body;
    expect(shared.title).toBe('For the board');
    expect(shared.report.keyFigures).toEqual(own.keyFigures);
    expect(shared.report.dominantResults).toEqual(own.dominantResults);
    expect(shared.report.links).toEqual(own.links);
    expect(shared.report.mailing).toEqual({
      name: 'First',
      channel: 'EMAIL',
      status: 'SENT',
      sentAt: own.mailing.sentAt,
      finishedAt: own.mailing.finishedAt,
      ended: null,
    });
    // Nothing about people, the account or other records.
    expect(text).not.toContain('@example.test');
    expect(text).not.toContain('Second');
    expect(text).not.toMatch(/"(accountId|mailingId|databaseId|documentId|profileId|id)"/);

    // The link reaches that report only: not another mailing, not the authenticated API.
    expect((await fetch(`${api.url}/mailings/${second.id}/report`)).status).toBe(401);
    expect((await fetch(`${api.url}/shared/${second.id}`)).status).toBe(404);
    expect((await fetch(`${api.url}/shared/${created.body.token}/mailings/${second.id}`)).status).toBe(404);
    const steered = (await (await fetch(`${created.body.url}?mailingId=${second.id}&id=${second.id}`)).json()) as {
      report: Report;
    };
    expect(steered.report.mailing.name).toBe('First');
    expect(
      (
        await fetch(`${api.url}/mailings/${first.id}/report`, {
          headers: { authorization: `Bearer ${created.body.token}` },
        })
      ).status,
    ).toBe(401);
    const other = await api.request<{ url: string; token: string }>('POST', `/mailings/${second.id}/shares`, {
      token,
      body: { title: 'Second' },
    });
    const otherView = (await (await fetch(other.body.url)).json()) as { report: Report };
    expect(otherView.report.mailing.name).toBe('Second');
    expect(otherView.report.keyFigures.sent).toBe(5);

    const list = await api.request<Array<{ id: number; title: string; active: boolean }>>(
      'GET',
      `/mailings/${first.id}/shares`,
      { token: viewerToken },
    );
    expect(list.body).toEqual([expect.objectContaining({ id: created.body.id, title: 'For the board', active: true })]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    expect((await fetch(`${api.url}/shared/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await fetch(`${api.url}/shared/nonsense`)).status).toBe(404);
    expect((await api.request('DELETE', `/shares/${created.body.id}`, { token: strangerToken })).status).toBe(404);
    expect((await fetch(created.body.url)).status).toBe(200);
    expect((await api.request('DELETE', `/shares/${created.body.id}`, { token })).status).toBe(204);
    expect((await fetch(created.body.url)).status).toBe(404);
    expect(
      (await api.request<Array<{ active: boolean }>>('GET', `/mailings/${first.id}/shares`, { token })).body[0]!.active,
    ).toBe(false);

    const expiring = await api.request<{ id: number; url: string }>('POST', `/mailings/${first.id}/shares`, {
      token,
      body: { title: 'Short', expiresAt: new Date(Date.now() + 60_000).toISOString() },
    });
    expect((await fetch(expiring.body.url)).status).toBe(200);
    await stack.prisma.sharedReport.update({
      where: { id: expiring.body.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await fetch(expiring.body.url)).status).toBe(404);
    expect(
      (
        await api.request('POST', `/mailings/${first.id}/shares`, {
          token,
          body: { title: 'Past', expiresAt: '2000-01-01T00:00:00Z' },
        })
      ).status,
    ).toBe(400);
  });

  it('rows Marketo campaign email performance per mailing, a click implying an open', async () => {
    const from = new Date(startedAt.getTime() - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    type Row = {
      mailing: { id: number; name: string };
      sent: number;
      delivered: number;
      hardBounced: number;
      softBounced: number;
      pending: number;
      opened: number;
      clicked: number;
      unsubscribed: number;
      rates: Record<string, number | null>;
    };
    const res = await api.request<{ source: string; rows: Row[] }>(
      'GET',
      `/reports/campaign-email-performance?from=${from}&to=${to}`,
      { token: viewerToken },
    );
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('destinations');
    expect(res.body.rows.map((r) => r.mailing.name)).toEqual(['First', 'Second']);
    const [a, b] = res.body.rows as [Row, Row];
    // Opened: opener, glancer, clicker and leaver (by their clicks), as the report's messages with impression;
    // the regretter only unsubscribed, which proves no opening.
    expect(a).toMatchObject({
      sent: 9,
      delivered: 8,
      hardBounced: 1,
      softBounced: 0,
      pending: 0,
      opened: 4,
      clicked: 2,
      unsubscribed: 2,
      machine: { impressions: 0, clicks: 1 },
    });
    expect(a.rates.opened).toBe(50);
    expect(a.rates.clicked).toBe(25);
    expect(a.rates.clickToOpen).toBe(50);
    expect(a.rates.hardBounced).toBeCloseTo((1 / 9) * 100, 10);
    // The second mailing went only to those still allowed: four were suppressed.
    expect(b).toMatchObject({ sent: 5, delivered: 5, hardBounced: 0, opened: 0, clicked: 0, pending: 0 });

    const later = await api.request<{ rows: Row[] }>(
      'GET',
      `/reports/campaign-email-performance?from=${to}&to=${new Date(Date.now() + 120_000).toISOString()}`,
      { token },
    );
    expect(later.body.rows).toEqual([]);
    expect(
      (await api.request('GET', `/reports/campaign-email-performance?from=${to}&to=${from}`, { token })).status,
    ).toBe(400);
    expect(
      (
        await api.request<{ rows: Row[] }>('GET', `/reports/campaign-email-performance?from=${from}&to=${to}`, {
          token: strangerToken,
        })
      ).body.rows,
    ).toEqual([]);
  });

  it('compares mailings side by side', async () => {
    type Compared = {
      mailings: Array<{
        mailing: { id: number; name: string };
        figures: Report['keyFigures'];
        metrics: Record<string, number | null>;
      }>;
      best: Record<string, number[]>;
      ranking: Record<string, number[]>;
    };
    const res = await api.request<Compared>('GET', `/reports/compare?mailingIds=${second.id},${first.id}`, {
      token: viewerToken,
    });
    expect(res.status).toBe(200);
    expect(res.body.mailings.map((m) => m.mailing.name)).toEqual(['Second', 'First']);
    expect(res.body.mailings[1]!.figures).toMatchObject({ impressions: { unique: 4 }, clicks: { unique: 2 } });
    expect(Object.keys(res.body.best)).not.toContain('uniqueImpressions'); // ranked by rates only
    expect(res.body.mailings[1]!.metrics.clickThroughRate).toBeCloseTo(100 / 3, 10);
    expect(res.body.mailings[0]!.figures).toMatchObject({ destinations: 5, sent: 5, suppressed: 4 });
    expect(res.body.mailings[0]!.metrics.clickThroughRate).toBeNull();
    expect(res.body.ranking.openedRate).toEqual([first.id, second.id]);
    expect(res.body.best.errorRate).toEqual([second.id]); // 0 % beats 11 %
    expect(res.body.best.clickThroughRate).toEqual([first.id]);

    expect((await api.request('GET', `/reports/compare?mailingIds=${first.id}`, { token })).status).toBe(400);
    expect((await api.request('GET', `/reports/compare?mailingIds=${first.id},${first.id}`, { token })).status).toBe(
      400,
    );
    expect((await api.request('GET', `/reports/compare?mailingIds=${first.id},abc`, { token })).status).toBe(400);
    expect((await api.request('GET', `/reports/compare?mailingIds=${first.id},999999`, { token })).status).toBe(404);
    expect(
      (await api.request('GET', `/reports/compare?mailingIds=${first.id},${second.id}`, { token: strangerToken }))
        .status,
    ).toBe(404);
  });

  it("shows a profile's history: every mailing with its events, and every change", async () => {
    const leaver = profileId.get('leaver')!;
    expect(
      (await api.request('PATCH', `/profiles/${leaver}`, { token, body: { values: { city: 'Amsterdam' } } })).status,
    ).toBe(200);
    type History = {
      profile: { id: number; email: string; deleted: boolean };
      mailings: {
        total: number;
        items: Array<{
          mailing: { id: number; name: string };
          destination: { status: string; dominantResult: string; sentAt: string | null };
          events: Array<{ type: string; machine: boolean; link: { url: string } | null; error: unknown }>;
        }>;
      };
      changes: Array<{
        source: string;
        change: { before: { values: Record<string, unknown> }; after: { values: Record<string, unknown> } };
      }>;
    };
    const res = await api.request<History>('GET', `/profiles/${leaver}/history`, { token: viewerToken });
    expect(res.status).toBe(200);
    expect(res.body.profile).toMatchObject({ id: leaver, email: 'leaver@example.test', deleted: false });
    expect(res.body.mailings.total).toBe(2);
    const [latest, earliest] = res.body.mailings.items;
    expect(latest).toMatchObject({
      mailing: { id: second.id, name: 'Second' },
      destination: { status: 'SUPPRESSED', sentAt: null },
      events: [],
    });
    expect(earliest!.mailing).toMatchObject({ id: first.id, name: 'First' });
    expect(earliest!.destination).toMatchObject({ status: 'SENT', dominantResult: 'UNSUBSCRIBE' });
    expect(earliest!.events.map((e) => [e.type, e.link?.url ?? null, e.machine])).toEqual([
      ['CLICK', 'https://example.com/one', false],
      ['UNSUBSCRIBE', null, false],
    ]);
    expect(res.body.changes).toHaveLength(1);
    expect(res.body.changes[0]!.change).toMatchObject({
      before: { values: { city: 'Utrecht' } },
      after: { values: { city: 'Amsterdam' } },
    });

    const bouncer = await api.request<History>('GET', `/profiles/${profileId.get('bouncer')}/history`, { token });
    const bounce = bouncer.body.mailings.items.find((i) => i.mailing.id === first.id)!;
    expect(bounce.events).toEqual([
      expect.objectContaining({ type: 'ERROR', error: expect.objectContaining({ kind: 'HARD', code: '5.1.1' }) }),
    ]);
    const scanned = await api.request<History>('GET', `/profiles/${profileId.get('scanned')}/history`, { token });
    expect(scanned.body.mailings.items.find((i) => i.mailing.id === first.id)!.events).toEqual([
      expect.objectContaining({ type: 'CLICK', machine: true }),
    ]);
  });

  it("counts a database's and a collection's profiles over time and the mailings sent from them", async () => {
    const silent = profileId.get('silent')!;
    expect((await api.request('DELETE', `/profiles/${silent}`, { token })).status).toBe(204);
    const from = new Date(startedAt.getTime() - 86_400_000 * 2);
    const to = new Date(Date.now() + 60_000);
    type Stats = {
      days: Array<{ date: string; added: number; removed: number; total: number }>;
      total: number;
      unsubscribed: number;
      disabled: number;
      mailingsSent: number;
      messagesSent: number;
      mailings: Array<{ id: number; sent: number }>;
    };
    const res = await api.request<Stats>(
      'GET',
      `/databases/${databaseId}/statistics?from=${from.toISOString()}&to=${to.toISOString()}`,
      { token: viewerToken },
    );
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.days.length).toBeGreaterThanOrEqual(3);
    expect(s.days[0]).toMatchObject({ date: from.toISOString().slice(0, 10), added: 0, removed: 0, total: 0 });
    expect(s.days.reduce((n, d) => n + d.added, 0)).toBe(9);
    expect(s.days.reduce((n, d) => n + d.removed, 0)).toBe(1);
    expect(s.days.at(-1)!.total).toBe(8);
    expect(s.total).toBe(8);
    expect(s.unsubscribed).toBe(2); // leaver and regretter
    expect(s.disabled).toBe(3); // bouncer (hard error), complainer and regretter (complaints)
    expect(s.mailingsSent).toBe(2);
    expect(s.messagesSent).toBe(14);
    expect(s.mailings).toEqual([
      expect.objectContaining({ id: first.id, sent: 9 }),
      expect.objectContaining({ id: second.id, sent: 5 }),
    ]);

    // A frame that starts after the profiles were made: they are the total at the start.
    const since = await api.request<Stats>(
      'GET',
      `/databases/${databaseId}/statistics?from=${new Date(Date.now() - 1000).toISOString()}&to=${to.toISOString()}`,
      { token },
    );
    expect(since.body.days.reduce((n, d) => n + d.added, 0)).toBe(0);
    expect(since.body.days.at(-1)!.total).toBe(8);

    const collection = await stack.prisma.collection.create({ data: { accountId, databaseId, name: 'Orders' } });
    for (const who of ['leaver', 'opener', 'bouncer'] as const) {
      expect(
        (
          await api.request('POST', `/collections/${collection.id}/subprofiles`, {
            token,
            body: { profileId: profileId.get(who), values: {} },
          })
        ).status,
      ).toBe(201);
    }
    const c = await api.request<Stats>(
      'GET',
      `/collections/${collection.id}/statistics?from=${from.toISOString()}&to=${to.toISOString()}`,
      { token: viewerToken },
    );
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ total: 3, unsubscribed: 1, disabled: 1, mailingsSent: 0, messagesSent: 0 });
    expect(c.body.days.reduce((n, d) => n + d.added, 0)).toBe(3);
    expect(
      (await api.request('GET', `/databases/${databaseId}/statistics?from=2020-01-01&to=2019-01-01`, { token })).status,
    ).toBe(400);
  });

  it("answers 404 for another account's mailings, profiles, databases and collections", async () => {
    const collection = await stack.prisma.collection.findFirstOrThrow({ where: { databaseId } });
    const paths = [
      `/mailings/${first.id}/report`,
      `/mailings/${first.id}/report/errors`,
      `/mailings/${first.id}/report/recipients`,
      `/mailings/${first.id}/report/export?format=csv`,
      `/mailings/${first.id}/recipients/export?format=xlsx`,
      `/mailings/${first.id}/report/errors/export?format=csv`,
      `/mailings/${first.id}/shares`,
      `/profiles/${profileId.get('opener')}/history`,
      `/databases/${databaseId}/statistics`,
      `/collections/${collection.id}/statistics`,
    ];
    for (const path of paths) {
      const res = await api.request('GET', path, { token: strangerToken });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('application/json');
    }
    expect(
      (await api.request('POST', `/mailings/${first.id}/shares`, { token: strangerToken, body: { title: 'Mine now' } }))
        .status,
    ).toBe(404);
    expect((await api.request('GET', `/mailings/${first.id}/report`)).status).toBe(401);
    expect((await api.request('GET', `/mailings/999999/report`, { token })).status).toBe(404);
  });
});
