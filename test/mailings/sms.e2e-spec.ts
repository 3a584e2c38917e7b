import { Queue } from 'bullmq';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentResponse, SmsReportResponse } from '@herald/contracts';
import type { PrismaClient } from '@herald/db';
import { bullConnection, QueueName } from '@herald/queue';
import {
  startTwilioSimulator,
  twilioSignature,
  type SimulatedFate,
  type TwilioSimulator,
} from '@herald/twilio-simulator';
import type { RunningApi } from '../support/api';
import { acknowledgeWarnings, mailingInStatus, startE2eStack, waitFor, type E2eStack } from '../support/e2e';

const accountSid = `AC${'5'.repeat(32)}`;
const authToken = 'sms-e2e-auth-token';
const PROFILES = 1_000;

/** Profile n's number: +316 2000 0nnn. */
const numberOf = (n: number): string => `+3162000${String(n).padStart(4, '0')}`;
const indexOf = (to: string): number => Number(to.slice(-4));

// What happens to whom, by profile number, so the expected figures can be worked out by hand.
const INVALID = new Set([10, 20, 30]); // numbers libphonenumber rejects: failed before sending
const NOT_MOBILE = new Set([40, 50]); // Twilio refuses at once with 21614: hard
const UNDELIVERED = new Set([100, 101, 102, 103, 104]); // callback undelivered 30003: soft
const LANDLINE = new Set([200, 201, 202]); // callback failed 30006: hard
const NO_REPORT = new Set([300, 301, 302, 303]); // the carrier never reports: stays 'sent', delivery unknown

function fateOf(to: string): SimulatedFate {
  const n = indexOf(to);
  if (NOT_MOBILE.has(n)) return { refuse: { code: 21614, message: `'To' number ${to} is not a valid mobile number` } };
  if (UNDELIVERED.has(n)) return { final: { status: 'undelivered', errorCode: 30003 } };
  if (LANDLINE.has(n)) return { final: { status: 'failed', errorCode: 30006 } };
  if (NO_REPORT.has(n)) return { final: { status: 'sent' } };
  return { final: { status: 'delivered' } };
}

type Mailing = { id: number; channel: string; status: string };
type Report = { keyFigures: { destinations: number; sent: number; delivered: number; failed: number } };

/** Posts form parameters to the API as Twilio would, signed (or not) with a given token. */
async function postForm(
  url: string,
  params: Record<string, string>,
  signature: string | null,
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  return { status: response.status, text: await response.text() };
}

describe('an SMS mailing through the twilio library against the Twilio simulator', () => {
  let simulator: TwilioSimulator;
  let stack: E2eStack;
  let prisma: PrismaClient;
  let api: RunningApi;
  let token: string;
  let accountId: number;
  let databaseId: number;
  let documentId: number;
  let mailingId: number;

  beforeAll(async () => {
    // A storm: the simulator takes 10 messages a second and answers 429 to the rest, until the test lifts it.
    simulator = await startTwilioSimulator({
      accountSid,
      authToken,
      maxPerSecond: 10,
      callbackDelayMs: [20, 300],
      fateOf,
    });
    stack = await startE2eStack({
      publicUrl: true,
      catcher: false,
      config: {
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: authToken,
        TWILIO_API_URL: simulator.url,
        TWILIO_FROM: 'Herald',
        SEND_RETRY_DELAY_MS: '50',
      },
    });
    ({ prisma, api, token, accountId } = stack);
    databaseId = (await prisma.database.create({ data: { accountId, name: 'Phones' } })).id;
    await prisma.profile.createMany({
      data: Array.from({ length: PROFILES }, (_, n) => ({
        accountId,
        databaseId,
        email: `p${n}@example.test`,
        mobile: INVALID.has(n) ? `+31 600 ${n}` : numberOf(n),
        values: { firstname: `Name${n}` },
      })),
    });
    const document = await api.request<DocumentResponse>('POST', '/documents/text', {
      token,
      body: { name: 'Text', channel: 'SMS', body: 'Hi {{ profile.firstname }}, 20% off today' },
    });
    expect(document.status).toBe(201);
    documentId = document.body.id;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await simulator?.close();
  });

  it('sends every message once, slowed by 429s but losing none, and records how each one ended', async () => {
    const created = await api.request<Mailing>('POST', '/mailings', {
      token,
      body: { name: 'SMS news', documentId, targetType: 'DATABASE', databaseId },
    });
    expect(created.status).toBe(201);
    expect(created.body.channel).toBe('SMS');
    mailingId = created.body.id;
    await acknowledgeWarnings(api, token, mailingId);
    expect((await api.request('POST', `/mailings/${mailingId}/send`, { token })).status).toBe(202);
    // After a hundred 429s the storm calms to 200 a second.
    await waitFor(
      () => simulator.throttled(),
      (n) => n >= 100,
      { timeoutMs: 60_000, what: 'a 429 storm' },
    );
    simulator.setMaxPerSecond(200);
    await mailingInStatus(stack, mailingId, 'SENT', { timeoutMs: 120_000 });

    // Twilio got every valid mobile number exactly once, personalised, in spite of the 429s.
    const accepted = PROFILES - INVALID.size - NOT_MOBILE.size;
    const messages = simulator.messages();
    expect(messages).toHaveLength(accepted);
    expect(new Set(messages.map((m) => m.to)).size).toBe(accepted);
    const m7 = messages.find((m) => m.to === numberOf(7))!;
    expect(m7).toMatchObject({ from: 'Herald', body: 'Hi Name7, 20% off today' });

    const destinations = await prisma.destination.findMany({
      where: { mailingId },
      select: {
        address: true,
        status: true,
        providerMessageId: true,
        lastErrorCode: true,
        lastErrorKind: true,
        smsSegments: true,
      },
    });
    const byNumber = new Map(destinations.map((d) => [d.address, d]));
    expect(byNumber.get(numberOf(7))).toMatchObject({ status: 'SENT', providerMessageId: m7.sid, smsSegments: 1 });
    expect(byNumber.get(numberOf(40))?.smsSegments).toBeNull();
    expect(byNumber.get('+31 600 10')).toMatchObject({ status: 'FAILED', lastErrorCode: 'invalid-number' });
    expect(byNumber.get(numberOf(40))).toMatchObject({
      status: 'FAILED',
      lastErrorKind: 'HARD',
      lastErrorCode: '21614',
    });

    // The signed callbacks arrive: undelivered and failed messages become errors, the rest stay delivered.
    await simulator.idle();
    const failedLater = UNDELIVERED.size + LANDLINE.size;
    await waitFor(
      () => prisma.destination.count({ where: { mailingId, status: 'SENT', dominantResult: 'ERROR' } }),
      (n) => n === failedLater,
      { timeoutMs: 30_000, what: 'the failure callbacks folded into results' },
    );
    expect(simulator.callbacks().every((c) => c.answered === 204)).toBe(true);
    const after = await prisma.destination.findMany({
      where: { mailingId, dominantResult: 'ERROR', status: 'SENT' },
      select: { address: true, lastErrorCode: true },
    });
    expect(Object.fromEntries(after.map((d) => [indexOf(d.address), d.lastErrorCode]))).toEqual({
      100: '30003',
      101: '30003',
      102: '30003',
      103: '30003',
      104: '30003',
      200: '30006',
      201: '30006',
      202: '30006',
    });
    // A landline (30006) is suppressed from later mailings; an undelivered message (30003) is not.
    expect((await prisma.profile.findFirstOrThrow({ where: { mobile: numberOf(200) } })).disabledAt).not.toBeNull();
    expect((await prisma.profile.findFirstOrThrow({ where: { mobile: numberOf(100) } })).disabledAt).toBeNull();

    const report = await api.request<Report>('GET', `/mailings/${mailingId}/report`, { token });
    expect(report.body.keyFigures).toMatchObject({
      destinations: PROFILES,
      sent: accepted,
      failed: INVALID.size + NOT_MOBILE.size,
      delivered: accepted - failedLater,
    });

    // The SMS figures: where each message ended, failures by code, segments and cost.
    const sms = await api.request<SmsReportResponse>('GET', `/mailings/${mailingId}/sms-report`, { token });
    expect(sms.status).toBe(200);
    expect(sms.body).toEqual({
      mailingId,
      destinations: PROFILES,
      sent: accepted,
      delivered: accepted - failedLater,
      // Successful (a delivery report came) and unknown (none came), as the product's SMS results count them.
      confirmed: accepted - failedLater - NO_REPORT.size,
      awaitingReport: NO_REPORT.size,
      failed: INVALID.size + NOT_MOBILE.size,
      undelivered: failedLater,
      pending: 0,
      failures: [
        { code: '30003', kind: 'SOFT', count: 5 },
        { code: '30006', kind: 'HARD', count: 3 },
        { code: 'invalid-number', kind: 'HARD', count: 3 },
        { code: '21614', kind: 'HARD', count: 2 },
      ],
      segments: accepted,
      pricePerSegment: 0.0079,
      cost: Math.round(accepted * 0.0079 * 1e6) / 1e6,
      currency: 'USD',
    });
    // The SMS results export: every destination with its status and Twilio's error code, as CSV and XLSX.
    const exported = await fetch(`${api.url}/mailings/${mailingId}/recipients/export?format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(exported.status).toBe(200);
    const rows = parse(await exported.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(PROFILES);
    // A number starts with '+', which the export guards against spreadsheet formulas with a leading quote.
    expect(rows.find((r) => r['address'] === `'${numberOf(200)}`)).toMatchObject({
      status: 'SENT',
      dominantResult: 'ERROR',
      errorKind: 'HARD',
      errorCode: '30006',
    });
    expect(rows.filter((r) => r['errorCode'] === '30003')).toHaveLength(UNDELIVERED.size);
    // The delivery report's time, for each message that had one.
    const unreported = rows.filter(
      (r) => r['status'] === 'SENT' && r['dominantResult'] !== 'ERROR' && !r['deliveryConfirmedAt'],
    );
    expect(unreported.map((r) => indexOf(r['address']!)).sort()).toEqual([...NO_REPORT].sort());
    expect(Date.parse(rows.find((r) => r['address'] === `'${numberOf(1)}`)!['deliveryConfirmedAt']!)).not.toBeNaN();
    const xlsx = await fetch(`${api.url}/mailings/${mailingId}/recipients/export?format=xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');

    // Selections on the results: delivered targets exactly the delivered, failed the rest.
    const count = async (result: string): Promise<number> => {
      const res = await api.request<{ count: number }>('POST', `/databases/${databaseId}/selections/count`, {
        token,
        body: { conditions: { op: 'AND', conditions: [{ result, mailingId }] } },
      });
      expect(res.status).toBe(200);
      return res.body.count;
    };
    expect(await count('sms_delivered')).toBe(accepted - failedLater);
    expect(await count('sms_failed')).toBe(INVALID.size + NOT_MOBILE.size + failedLater);
    expect(await count('opened')).toBe(0);

    const stranger = await stack.userToken('ADMIN', await stack.newAccount());
    expect((await api.request('GET', `/mailings/${mailingId}/sms-report`, { token: stranger })).status).toBe(404);
    expect((await api.request('GET', `/mailings/${mailingId}/sms-report`)).status).toBe(401);
    const malformed = await api.request<{ message: string }>('GET', '/mailings/x1/sms-report', { token });
    expect(malformed.status).toBe(400);
  }, 180_000);

  it('refuses unsigned, forged and tampered callbacks with 403 and changes nothing', async () => {
    const target = await prisma.destination.findFirstOrThrow({
      where: { mailingId, address: numberOf(8) },
      select: { id: true, providerMessageId: true, dominantResult: true },
    });
    const url = `${stack.config.PUBLIC_URL}/sms/status?d=${mailingId}.${target.id}`;
    const params = {
      AccountSid: accountSid,
      MessageSid: target.providerMessageId!,
      MessageStatus: 'failed',
      ErrorCode: '30006',
      To: numberOf(8),
    };
    const events = await prisma.event.count({ where: { mailingId } });

    expect((await postForm(url, params, null)).status).toBe(403);
    expect((await postForm(url, params, twilioSignature('not-the-token', url, params))).status).toBe(403);
    // Signed for another destination's URL, replayed against this one.
    const otherUrl = `${stack.config.PUBLIC_URL}/sms/status?d=${mailingId}.${target.id + 1n}`;
    expect((await postForm(url, params, twilioSignature(authToken, otherUrl, params))).status).toBe(403);
    // Signed parameters with one changed afterwards.
    const signature = twilioSignature(authToken, url, { ...params, ErrorCode: '30003' });
    const forged = await postForm(url, params, signature);
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('X-Twilio-Signature');

    await new Promise((r) => setTimeout(r, 500));
    expect(await prisma.event.count({ where: { mailingId } })).toBe(events);
    expect(
      (await prisma.destination.findUniqueOrThrow({ where: { id: target.id }, select: { dominantResult: true } }))
        .dominantResult,
    ).toBe(target.dominantResult);
    expect((await prisma.profile.findFirstOrThrow({ where: { mobile: numberOf(8) } })).disabledAt).toBeNull();
  });

  it('takes a repeated callback once, one naming another message not at all, and none after delivery', async () => {
    const target = await prisma.destination.findFirstOrThrow({
      where: { mailingId, address: numberOf(100) },
      select: { id: true, providerMessageId: true },
    });
    const url = `${stack.config.PUBLIC_URL}/sms/status?d=${mailingId}.${target.id}`;
    const repeat = { MessageSid: target.providerMessageId!, MessageStatus: 'undelivered', ErrorCode: '30003' };
    const errors = await prisma.event.count({ where: { destinationId: target.id, type: 'ERROR' } });
    expect((await postForm(url, repeat, twilioSignature(authToken, url, repeat))).status).toBe(204);
    const other = { MessageSid: `SM${'f'.repeat(32)}`, MessageStatus: 'failed', ErrorCode: '30006' };
    expect((await postForm(url, other, twilioSignature(authToken, url, other))).status).toBe(204);
    // Statuses only move forward: a failure after the message was delivered changes nothing.
    const delivered = await prisma.destination.findFirstOrThrow({
      where: { mailingId, address: numberOf(12) },
      select: { id: true, providerMessageId: true, deliveryConfirmedAt: true },
    });
    expect(delivered.deliveryConfirmedAt).not.toBeNull();
    const lateUrl = `${stack.config.PUBLIC_URL}/sms/status?d=${mailingId}.${delivered.id}`;
    const late = { MessageSid: delivered.providerMessageId!, MessageStatus: 'failed', ErrorCode: '30006' };
    expect((await postForm(lateUrl, late, twilioSignature(authToken, lateUrl, late))).status).toBe(204);
    // A repeated delivery report keeps the first one's time.
    const again = { MessageSid: delivered.providerMessageId!, MessageStatus: 'delivered' };
    expect((await postForm(lateUrl, again, twilioSignature(authToken, lateUrl, again))).status).toBe(204);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(
      (
        await prisma.destination.findUniqueOrThrow({
          where: { id: delivered.id },
          select: { deliveryConfirmedAt: true },
        })
      ).deliveryConfirmedAt,
    ).toEqual(delivered.deliveryConfirmedAt);
    expect(await prisma.event.count({ where: { destinationId: target.id, type: 'ERROR' } })).toBe(errors);
    expect(await prisma.event.count({ where: { destinationId: delivered.id, type: 'ERROR' } })).toBe(0);
    expect((await prisma.profile.findFirstOrThrow({ where: { mobile: numberOf(100) } })).disabledAt).toBeNull();
  });

  it('a STOP reply opts the number out of SMS only, START back in', async () => {
    const inbound = `${stack.config.PUBLIC_URL}/sms/inbound`;
    const stopped = numberOf(9);
    expect(await simulator.reply({ from: stopped, to: 'Herald', body: ' Stop ', url: inbound })).toBe(200);
    const profile = await prisma.profile.findFirstOrThrow({ where: { mobile: stopped } });
    expect(profile.smsUnsubscribedAt).not.toBeNull();
    expect(profile.unsubscribedAt).toBeNull();
    // It counts as an unsubscribe of the SMS the number was last sent, in that mailing's figures.
    await waitFor(
      () =>
        prisma.destination.findFirstOrThrow({
          where: { mailingId, address: stopped },
          select: { unsubscribedAt: true, dominantResult: true },
        }),
      (d) => d.unsubscribedAt !== null,
      { what: "the STOP as the destination's unsubscribe" },
    );
    expect((await prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } })).unsubscribesUnique).toBe(1);
    // "Replied STOP to this mailing" selects exactly that profile, and targets the next (email) mailing to it.
    const stoppedSelection = await api.request<{ id: number }>('POST', `/databases/${databaseId}/selections`, {
      token,
      body: { name: 'Replied STOP', conditions: { op: 'AND', conditions: [{ result: 'sms_stopped', mailingId }] } },
    });
    expect(stoppedSelection.status).toBe(201);
    const selected = await api.request<{ count: number }>('GET', `/selections/${stoppedSelection.body.id}/count`, {
      token,
    });
    expect(selected).toMatchObject({ status: 200, body: { count: 1 } });
    const sorry = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: { name: 'Sorry', fromAddress: 'news@example.test', subject: 'Sorry to see you go', html: '<p>Bye</p>' },
    });
    const byEmail = await api.request<{ id: number }>('POST', '/mailings', {
      token,
      body: {
        name: 'To those who replied STOP',
        documentId: sorry.body.id,
        targetType: 'SELECTION',
        databaseId,
        selectionId: stoppedSelection.body.id,
      },
    });
    expect(byEmail.status).toBe(201);
    const audience = await api.request<{ recipients: number }>('GET', `/mailings/${byEmail.body.id}/audience`, {
      token,
    });
    expect(audience).toMatchObject({ status: 200, body: { recipients: 1 } });
    // Not replied STOP: everyone else with an SMS of the mailing; another mailing's replies are not this one's.
    const countOf = async (conditions: unknown[]): Promise<number> =>
      (
        await api.request<{ count: number }>('POST', `/databases/${databaseId}/selections/count`, {
          token,
          body: { conditions: { op: 'AND', conditions } },
        })
      ).body.count;
    expect(await countOf([{ result: 'sms_stopped', withinDays: 1 }])).toBe(1);
    expect(await countOf([{ result: 'sms_stopped', mailingId: mailingId + 1000 }])).toBe(0);
    expect(
      await countOf([
        { result: 'received', mailingId },
        { result: 'sms_stopped', negate: true },
      ]),
    ).toBe((await prisma.destination.count({ where: { mailingId, status: 'SENT' } })) - 1);
    // A forged STOP changes nothing.
    const params = { From: numberOf(11), Body: 'STOP' };
    expect((await postForm(inbound, params, twilioSignature('forged', inbound, params))).status).toBe(403);
    expect((await prisma.profile.findFirstOrThrow({ where: { mobile: numberOf(11) } })).smsUnsubscribedAt).toBeNull();

    // The account's own sender: an ADMIN sets it, checked as Twilio checks senders.
    const admin = await stack.userToken('ADMIN');
    const tooLong = await api.request<{ message: string }>('PUT', '/settings/sms', {
      token: admin,
      body: { sender: 'Herald News Today' },
    });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain('sender');
    expect((await api.request('PUT', '/settings/sms', { token, body: { sender: 'HeraldNews' } })).status).toBe(403);
    const set = await api.request('PUT', '/settings/sms', { token: admin, body: { sender: 'HeraldNews' } });
    expect(set).toMatchObject({
      status: 200,
      body: { sender: 'HeraldNews', platformSender: 'Herald', pricePerSegment: 0.0079, currency: 'USD' },
    });

    // The next SMS mailing to the database suppresses the number; an email mailing would not.
    const next = await api.request<Mailing>('POST', '/mailings', {
      token,
      body: { name: 'SMS again', documentId, targetType: 'DATABASE', databaseId },
    });
    // Its send jobs wait while another number replies STOP after dispatch: the send-time check suppresses it too.
    const sendQueue = new Queue(QueueName.Send, {
      connection: bullConnection(stack.config.REDIS_URL),
      prefix: stack.config.REDIS_PREFIX,
    });
    await sendQueue.pause();
    await acknowledgeWarnings(api, token, next.body.id);
    expect((await api.request('POST', `/mailings/${next.body.id}/send`, { token })).status).toBe(202);
    await mailingInStatus(stack, next.body.id, 'SENDING', { timeoutMs: 60_000 });
    const late = numberOf(13);
    expect(await simulator.reply({ from: late, to: 'Herald', body: 'QUIT', url: inbound })).toBe(200);
    await sendQueue.resume();
    await sendQueue.close();
    await mailingInStatus(stack, next.body.id, 'SENT', { timeoutMs: 120_000 });
    for (const number of [stopped, late]) {
      expect(
        await prisma.destination.findFirstOrThrow({
          where: { mailingId: next.body.id, address: number },
          select: { status: true, suppressionReason: true },
        }),
      ).toEqual({ status: 'SUPPRESSED', suppressionReason: 'unsubscribed' });
    }
    expect(simulator.messages().filter((m) => m.to === late)).toHaveLength(1); // the first mailing's only
    expect(
      simulator
        .messages()
        .filter((m) => m.to === numberOf(7))
        .map((m) => m.from),
    ).toEqual(['Herald', 'HeraldNews']);

    expect(await simulator.reply({ from: stopped, to: 'Herald', body: 'START', url: inbound })).toBe(200);
    expect((await prisma.profile.findFirstOrThrow({ where: { mobile: stopped } })).smsUnsubscribedAt).toBeNull();
  }, 180_000);
  it('writes SMS documents through the API: segments shown as written, bad input refused with where', async () => {
    const created = await api.request<DocumentResponse>('POST', '/documents/text', {
      token,
      body: { name: 'Long', channel: 'SMS', body: `${'€'.repeat(80)}{{ profile.firstname }}` },
    });
    expect(created.status).toBe(201);
    expect(created.body.channel).toBe('SMS');
    // 80 euro signs take 160 GSM-7 positions, and the Liquid tag (its braces extension characters too) 27 more: two segments.
    expect(created.body.latest.smsSegments).toEqual({ encoding: 'GSM-7', characters: 103, segments: 2 });
    const edited = await api.request<DocumentResponse>('PATCH', `/documents/${created.body.id}/text`, {
      token,
      body: { body: 'Hoi 😀' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.latest).toMatchObject({
      version: 2,
      body: 'Hoi 😀',
      smsSegments: { encoding: 'UCS-2', segments: 1 },
    });

    const bad = await api.request<{ message: string; issues?: Array<{ path: string }> }>('POST', '/documents/text', {
      token,
      body: { name: 'Bad', channel: 'EMAIL', body: '' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('channel');
    expect(JSON.stringify(bad.body)).toContain('body');
    const liquid = await api.request('POST', '/documents/text', {
      token,
      body: { name: 'Broken', channel: 'SMS', body: 'Hi {% if %}' },
    });
    expect(liquid.status).toBe(400);
    const asEmail = await api.request<{ message: string }>('PATCH', `/documents/${created.body.id}`, {
      token,
      body: { subject: 'x' },
    });
    expect(asEmail.status).toBe(400);
    expect(asEmail.body.message).toContain(`PATCH /documents/${created.body.id}/text`);
    const stranger = await stack.userToken('ADMIN', await stack.newAccount());
    expect(
      (await api.request('PATCH', `/documents/${created.body.id}/text`, { token: stranger, body: { body: 'x' } }))
        .status,
    ).toBe(404);
  });
});
