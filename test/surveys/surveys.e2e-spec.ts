import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyRespondentPageResponse, SurveyResponse, SurveyResultsResponse } from '@herald/contracts';
import { signSurveyToken } from '@herald/templating';
import type { RunningApi } from '../support/api';
import { BROWSER_AGENT, caughtMail, sendMailing, startE2eStack, type E2eStack } from '../support/e2e';
import { SURVEY_ANSWERS_PER_LINK_PER_HOUR } from '../../apps/api/src/modules/surveys/survey-pages.service';

const QUESTIONS = [
  {
    id: 'colour',
    label: 'Favourite colour',
    kind: 'single',
    required: true,
    options: [
      { id: 'red', label: 'Red' },
      { id: 'blue', label: 'Blue' },
    ],
  },
  {
    id: 'pets',
    label: 'Pets',
    kind: 'multiple',
    options: [
      { id: 'cat', label: 'Cat' },
      { id: 'dog', label: 'Dog' },
    ],
  },
  { id: 'score', label: 'How likely are you to recommend us?', kind: 'rating', scale: 5 },
  { id: 'why', label: 'Why?', kind: 'text' },
];

describe('surveys: signed links in mailings, answers tied to profile and mailing, results and deleting them', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let token: string;
  let surveyId: number;
  let databaseId: number;
  let first: { mailingId: number; links: Map<string, string> };
  let second: { mailingId: number; links: Map<string, string> };
  let profileIds: Map<string, number>;

  /** The survey page a recipient reaches from the link in their message, through the click redirect. */
  const surveyPageOf = async (link: string): Promise<string> => {
    const click = await fetch(link, { headers: { 'user-agent': BROWSER_AGENT }, redirect: 'manual' });
    expect(click.status).toBe(302);
    return click.headers.get('location')!;
  };
  const answer = (url: string, fields: [string, string][]): Promise<Response> =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const results = async (mailingId?: number): Promise<SurveyResultsResponse> => {
    const res = await api.request<SurveyResultsResponse>(
      'GET',
      `/surveys/${surveyId}/results${mailingId ? `?mailingId=${mailingId}` : ''}`,
      { token },
    );
    expect(res.status).toBe(200);
    return res.body;
  };
  const counts = (r: SurveyResultsResponse, questionId: string): Record<string, number> =>
    Object.fromEntries(r.questions.find((q) => q.questionId === questionId)!.options.map((o) => [o.value, o.count]));

  const send = async (name: string): Promise<{ mailingId: number; links: Map<string, string> }> => {
    stack.catcher.clear();
    const { mailingId } = await sendMailing(stack, {
      name,
      document: {
        subject: name,
        html: `<html><body><p>Tell us: <a href="{% survey_link ${surveyId} %}">survey</a></p><p><a href="{{ unsubscribe }}">Unsubscribe</a></p></body></html>`,
      },
      target: { databaseId },
    });
    const mail = await caughtMail(stack.catcher);
    const links = new Map<string, string>();
    for (const who of mail.recipients()) links.set(who, await surveyPageOf(mail.links(who)[0]!));
    return { mailingId, links };
  };

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true });
    ({ api, token } = stack);
    const { accountId } = stack;
    databaseId = (await stack.prisma.database.create({ data: { accountId, name: 'Panel' } })).id;
    await stack.prisma.profile.createMany({
      data: ['ann', 'bob', 'cas'].map((name) => ({ accountId, databaseId, email: `${name}@example.test`, values: {} })),
    });
    const profiles = await stack.prisma.profile.findMany({ where: { databaseId }, select: { id: true, email: true } });
    profileIds = new Map(profiles.map((p) => [p.email!.split('@')[0]!, p.id]));
    const created = await api.request<SurveyResponse>('POST', '/surveys', {
      token,
      body: { name: 'Panel survey', intro: 'Three quick questions.', questions: QUESTIONS },
    });
    expect(created.status).toBe(201);
    surveyId = created.body.id;
    first = await send('Spring');
    second = await send('Summer');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows an accessible form to the signed link and ties answers to the profile and the mailing', async () => {
    const url = first.links.get('ann')!;
    expect(url).toMatch(/\/survey\/[A-Za-z0-9_-]+$/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain('<legend>Favourite colour <span class="required">(required)</span></legend>');
    expect(html).toContain('<label for="q3">');

    const sent = await answer(url, [
      ['q.colour', 'blue'],
      ['q.pets', 'cat'],
      ['q.pets', 'dog'],
      ['q.score', '4'],
      ['q.why', 'Because <b>it</b> is'],
    ]);
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Thank you');

    const stored = await stack.prisma.surveyResponse.findMany({ where: { surveyId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ mailingId: first.mailingId, profileId: profileIds.get('ann') });
    const destination = await stack.prisma.destination.findFirstOrThrow({
      where: { mailingId: first.mailingId, profileId: profileIds.get('ann') },
    });
    expect(stored[0]!.destinationId).toBe(destination.id);
  });

  it('shows what was answered and replaces it when answered again: one respondent per mailing', async () => {
    const url = first.links.get('ann')!;
    const html = await (await fetch(url)).text();
    expect(html).toContain('sending it again replaces your earlier answers');
    expect(html).toMatch(/value="blue" checked/);
    expect((await answer(url, [['q.colour', 'red']])).status).toBe(200);
    const r = await results();
    expect(r.respondents).toBe(1);
    expect(counts(r, 'colour')).toEqual({ red: 1, blue: 0 });
    expect(counts(r, 'pets')).toEqual({ cat: 0, dog: 0 });
  });

  it('refuses invalid answers with the form and its messages, storing nothing', async () => {
    const url = first.links.get('bob')!;
    const res = await answer(url, [
      ['q.colour', 'green'],
      ['q.score', '9'],
    ]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Choose one of the options given.');
    expect(html).toContain('Choose a score from 1 to 5.');
    const missing = await answer(url, [['q.pets', 'cat']]);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Please answer this question.');
    expect(await stack.prisma.surveyResponse.count({ where: { profileId: profileIds.get('bob') } })).toBe(0);
  });

  it('refuses a forged or altered link, another account survey and a test destination, storing nothing', async () => {
    const url = first.links.get('cas')!;
    const signed = url.slice(url.lastIndexOf('/') + 1);
    const base = url.slice(0, url.lastIndexOf('/') + 1);
    const destination = await stack.prisma.destination.findFirstOrThrow({
      where: { mailingId: first.mailingId, profileId: profileIds.get('cas') },
    });
    const forged = [
      // Altered in its last character (the MAC), and signed with another secret.
      signed.slice(0, -1) + (signed.endsWith('A') ? 'B' : 'A'),
      signSurveyToken(
        { surveyId, destinationId: `${first.mailingId}.${destination.id}` },
        'not-the-secret-not-the-secret-32!',
      ),
      // Right secret, wrong mailing for the destination.
      signSurveyToken(
        { surveyId, destinationId: `${second.mailingId}.${destination.id}` },
        stack.config.TRACKING_SECRET,
      ),
      signSurveyToken({ surveyId, destinationId: 'test' }, stack.config.TRACKING_SECRET),
      'x'.repeat(5000),
    ];
    const otherAccount = await stack.newAccount('Other');
    const foreignSurvey = await stack.prisma.survey.create({
      data: { accountId: otherAccount, name: 'Theirs', questions: QUESTIONS },
    });
    forged.push(
      signSurveyToken(
        { surveyId: foreignSurvey.id, destinationId: `${first.mailingId}.${destination.id}` },
        stack.config.TRACKING_SECRET,
      ),
    );
    for (const token of forged) {
      expect((await fetch(base + token)).status).toBe(404);
      expect((await answer(base + token, [['q.colour', 'red']])).status).toBe(404);
    }
    expect(await stack.prisma.surveyResponse.count()).toBe(1);
  });

  it('counts results per mailing and overall, lists answers and exports them', async () => {
    expect(
      (
        await answer(first.links.get('bob')!, [
          ['q.colour', 'blue'],
          ['q.score', '2'],
        ])
      ).status,
    ).toBe(200);
    expect(
      (
        await answer(second.links.get('bob')!, [
          ['q.colour', 'blue'],
          ['q.score', '5'],
          ['q.pets', 'dog'],
        ])
      ).status,
    ).toBe(200);
    expect(
      (
        await answer(second.links.get('cas')!, [
          ['q.colour', 'red'],
          ['q.why', '=1+1'],
        ])
      ).status,
    ).toBe(200);

    const all = await results();
    expect(all.respondents).toBe(4);
    expect(counts(all, 'colour')).toEqual({ red: 2, blue: 2 });
    expect(all.questions[0]!.options.map((o) => o.percentage)).toEqual([50, 50]);
    expect(all.questions[2]).toMatchObject({ answered: 2, average: 3.5 });
    expect(all.mailings).toEqual([
      { mailingId: first.mailingId, name: 'Spring', respondents: 2 },
      { mailingId: second.mailingId, name: 'Summer', respondents: 2 },
    ]);
    const spring = await results(first.mailingId);
    expect(spring.respondents).toBe(2);
    expect(counts(spring, 'colour')).toEqual({ red: 1, blue: 1 });

    const page = await api.request<SurveyRespondentPageResponse>(
      'GET',
      `/surveys/${surveyId}/results/answers?mailingId=${second.mailingId}&pageSize=1`,
      { token },
    );
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(2);
    expect(page.body.items).toEqual([
      expect.objectContaining({ profileId: profileIds.get('cas'), answers: { colour: 'red', why: '=1+1' } }),
    ]);

    const csv = await fetch(`${api.url}/surveys/${surveyId}/results/export?format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toContain('responseId,mailingId,profileId,answeredAt,Favourite colour,Pets');
    expect(lines).toHaveLength(5);
    expect(lines.some((line) => line.includes('Blue') && line.includes('Dog'))).toBe(true);
    // A formula typed into an open answer stays text in a spreadsheet.
    expect(lines.some((line) => line.includes("'=1+1"))).toBe(true);

    const xlsx = await fetch(`${api.url}/surveys/${surveyId}/results/export?format=xlsx&mailingId=${first.mailingId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]![4]).toBe('Favourite colour');
    expect(
      rows
        .slice(1)
        .map((row) => row[4])
        .sort(),
    ).toEqual(['Blue', 'Red']);
  });

  it('selects profiles by their answers and targets a mailing with them', async () => {
    const count = async (condition: Record<string, unknown>): Promise<number> => {
      const res = await api.request<{ count: number }>('POST', `/databases/${databaseId}/selections/count`, {
        token,
        body: { conditions: { op: 'AND', conditions: [condition] } },
      });
      expect(res.status).toBe(200);
      return res.body.count;
    };
    expect(await count({ survey: surveyId, question: 'colour', values: ['blue'] })).toBe(1);
    expect(await count({ survey: surveyId, question: 'colour', values: ['red'], mailingId: first.mailingId })).toBe(1);
    expect(await count({ survey: surveyId, question: 'colour', values: ['red', 'blue'] })).toBe(3);
    expect(await count({ survey: surveyId, question: 'why' })).toBe(1);
    expect(await count({ survey: surveyId, question: 'why', negate: true })).toBe(2);
    expect(await count({ survey: surveyId, question: 'score', values: ['5'], mailingId: second.mailingId })).toBe(1);

    const refused = await api.request<{ issues: { path: string }[] }>('POST', `/databases/${databaseId}/selections`, {
      token,
      body: { name: 'Bad', conditions: { op: 'AND', conditions: [{ survey: surveyId, question: 'a b' }] } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.issues[0]!.path).toContain('conditions.0');

    const selection = await api.request<{ id: number }>('POST', `/databases/${databaseId}/selections`, {
      token,
      body: {
        name: 'Likes blue',
        conditions: { op: 'AND', conditions: [{ survey: surveyId, question: 'colour', values: ['blue'] }] },
      },
    });
    expect(selection.status).toBe(201);
    stack.catcher.clear();
    await sendMailing(stack, {
      name: 'Blue offers',
      document: { subject: 'Blue', html: '<p>Blue</p><a href="{{ unsubscribe }}">Unsubscribe</a>' },
      target: { selectionId: selection.body.id },
    });
    expect((await caughtMail(stack.catcher)).recipients()).toEqual(['bob']);
  });

  it('deletes one mailing results after confirmation, audited, and the results change at once', async () => {
    const url = `/surveys/${surveyId}/results/delete`;
    const refused = await api.request<{ issues: { path: string }[] }>('POST', url, {
      token,
      body: { confirm: 'panel', mailingId: first.mailingId },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.issues[0]!.path).toBe('confirm');
    expect(await stack.prisma.surveyResponse.count({ where: { surveyId } })).toBe(4);

    const both = await api.request('POST', url, {
      token,
      body: { confirm: 'Panel survey', mailingId: first.mailingId, profileId: 1 },
    });
    expect(both.status).toBe(400);

    const deleted = await api.request<{ deleted: number }>('POST', url, {
      token,
      body: { confirm: 'Panel survey', mailingId: first.mailingId },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toBe(2);
    const after = await results();
    expect(after.respondents).toBe(2);
    expect(after.mailings).toEqual([{ mailingId: second.mailingId, name: 'Summer', respondents: 2 }]);
    expect(counts(after, 'colour')).toEqual({ red: 1, blue: 1 });
    expect((await results(first.mailingId)).respondents).toBe(0);
    expect(await stack.prisma.surveyAnswer.count({ where: { surveyId } })).toBe(
      // The second mailing's answers: bob's colour, score and pet; cas's colour and text.
      5,
    );
    const audit = await stack.prisma.auditEntry.findFirstOrThrow({ where: { action: 'survey.results-deleted' } });
    expect(audit).toMatchObject({ subjectType: 'survey', subjectId: surveyId });
    expect(audit.detail).toMatchObject({ scope: 'mailing', mailingId: first.mailingId, deleted: 2 });

    const byProfile = await api.request<{ deleted: number }>('POST', url, {
      token,
      body: { confirm: 'Panel survey', profileId: profileIds.get('cas') },
    });
    expect(byProfile.body.deleted).toBe(1);
    expect((await results()).respondents).toBe(1);
  });

  it('validates survey requests: malformed, oversized, unknown fields, duplicate ids', async () => {
    const post = (body: unknown) =>
      api.request<{ message: string; issues?: { path: string }[] }>('POST', '/surveys', { token, body });
    expect((await post({ name: 'x', questions: [] })).status).toBe(400);
    expect((await post({ name: '', questions: QUESTIONS })).status).toBe(400);
    expect((await post({ name: 'x', questions: QUESTIONS, extra: 1 })).status).toBe(400);
    expect((await post({ name: 'x', questions: [{ id: 'a b', label: 'A', kind: 'text' }] })).status).toBe(400);
    expect((await post({ name: 'x', questions: [{ id: 'a', label: 'A', kind: 'single', options: [] }] })).status).toBe(
      400,
    );
    expect((await post({ name: 'x', questions: [{ id: 'a', label: 'A', kind: 'rating', scale: 11 }] })).status).toBe(
      400,
    );
    const twice = await post({ name: 'x', questions: [QUESTIONS[3], QUESTIONS[3]] });
    expect(twice.status).toBe(400);
    expect(twice.body.issues?.[0]?.path).toBe('questions.1.id');
    const many = Array.from({ length: 51 }, (_, i) => ({ id: `q${i}`, label: 'Q', kind: 'text' }));
    expect((await post({ name: 'x', questions: many })).status).toBe(400);
    expect((await post({ name: 'x'.repeat(256), questions: QUESTIONS })).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    expect((await api.request('GET', '/surveys/abc', { token })).status).toBe(400);
    expect((await api.request('GET', '/surveys/99999999999', { token })).status).toBe(400);
    expect((await api.request('GET', `/surveys/${surveyId}/results?mailingId=-1`, { token })).status).toBe(400);
    expect((await api.request('GET', `/surveys/${surveyId}/results/export?format=pdf`, { token })).status).toBe(400);
  });

  it("answers 404 for another account's survey on every route, and keeps a survey with results", async () => {
    const otherToken = await stack.userToken('ADMIN', await stack.newAccount('Elsewhere'));
    const paths: [string, string, unknown?][] = [
      ['GET', `/surveys/${surveyId}`],
      ['PATCH', `/surveys/${surveyId}`, { name: 'Mine now' }],
      ['DELETE', `/surveys/${surveyId}`],
      ['GET', `/surveys/${surveyId}/results`],
      ['GET', `/surveys/${surveyId}/results/answers`],
      ['GET', `/surveys/${surveyId}/results/export`],
      ['POST', `/surveys/${surveyId}/results/delete`, { confirm: 'Panel survey' }],
    ];
    for (const [method, path, body] of paths) {
      expect((await api.request(method, path, { token: otherToken, body })).status, `${method} ${path}`).toBe(404);
    }
    expect((await api.request<SurveyResponse[]>('GET', '/surveys', { token: otherToken })).body).toEqual([]);
    expect((await api.request('DELETE', `/surveys/${surveyId}`, { token })).status).toBe(409);
    const renamed = await api.request<SurveyResponse>('PATCH', `/surveys/${surveyId}`, {
      token,
      body: { intro: 'New' },
    });
    expect(renamed.body).toMatchObject({ name: 'Panel survey', intro: 'New', responses: 1 });
  });

  it('holds back one link answered too often with a 429 page, keeping the answers it stored', async () => {
    const url = first.links.get('cas')!;
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < SURVEY_ANSWERS_PER_LINK_PER_HOUR + 1 && !refused; i++) {
      const res = await answer(url, [['q.colour', i % 2 ? 'red' : 'blue']]);
      statuses.push(res.status);
      if (res.status !== 200) refused = res;
    }
    // Earlier tests answered through this link too, so the limit comes within this many.
    expect(refused?.status).toBe(429);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused!.text()).toContain('Your earlier answers are kept');
    const lastAccepted = statuses.length - 2;
    const stored = await stack.prisma.surveyResponse.findFirstOrThrow({
      where: { surveyId, profileId: profileIds.get('cas'), mailingId: first.mailingId },
    });
    expect(stored.answers).toMatchObject({ colour: lastAccepted % 2 ? 'red' : 'blue' });
    // Another respondent's link is not held back.
    expect((await answer(first.links.get('bob')!, [['q.colour', 'red']])).status).toBe(200);
  });
});
