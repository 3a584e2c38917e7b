import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_AGENT,
  caughtMail,
  sendMailing,
  startE2eStack,
  waitFor,
  type CaughtMail,
  type E2eStack,
} from '../support/e2e';

type Mailing = { id: number; status: string };

describe('results come back: opens, clicks, unsubscribes, bounces and complaints', () => {
  let stack: E2eStack;
  let databaseId: number;
  let mailing: Mailing;
  let mail: CaughtMail;

  async function send(name: string): Promise<Mailing> {
    const sent = await sendMailing(stack, {
      name,
      document: {
        subject: 'News for {{ firstname }}',
        html: '<html><body><p>Hi {{ firstname }}</p><a href="https://example.com/one">One</a> <a href="https://example.com/two?u={{ firstname }}">Two</a> <a href="{{ unsubscribe }}">Unsubscribe</a></body></html>',
      },
      target: { databaseId },
    });
    return sent.mailing;
  }

  async function aggregate() {
    return stack.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId: mailing.id } });
  }

  async function inbound(to: string, raw: string): Promise<void> {
    await stack.sendToInbound({ from: 'mailer-daemon@mx.example.test', to }, raw);
  }

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true });
    const { accountId } = stack;
    databaseId = (
      await stack.prisma.database.create({
        data: { accountId, name: 'Readers', fields: { create: [{ accountId, name: 'firstname', type: 'TEXT' }] } },
      })
    ).id;
    await stack.prisma.profile.createMany({
      data: ['opener', 'clicker', 'leaver', 'oneclick', 'bouncer', 'complainer', 'scanned', 'silent'].map((name) => ({
        accountId,
        databaseId,
        email: `${name}@example.test`,
        values: { firstname: name },
      })),
    });
    mailing = await send('First');
    mail = await caughtMail(stack.catcher);
    // Opens and clicks within two seconds of delivery count as machines (link scanners).
    await new Promise((r) => setTimeout(r, 2_100));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('records every result on the right destination with the right dominant result', async () => {
    const get = (url: string, headers: Record<string, string> = { 'user-agent': BROWSER_AGENT }, method = 'GET') =>
      fetch(url, { headers, redirect: 'manual', method });

    expect((await get(mail.pixel('opener'))).status).toBe(200);
    expect((await get(mail.pixel('opener'))).status).toBe(200);

    const [one, two, unsubscribe] = mail.links('clicker');
    const click = await get(one!);
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://example.com/one');
    const personal = await get(two!);
    expect(personal.headers.get('location')).toBe('https://example.com/two?u=clicker');
    expect(unsubscribe).toMatch(/\/t\/u\//);

    const [leaverOne, , leaverUnsubscribe] = mail.links('leaver');
    await get(leaverOne!);
    const page = await get(leaverUnsubscribe!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('unsubscribed');

    const header = mail.message('oneclick').headers['list-unsubscribe']!;
    const oneClickUrl = /<(http[^>]+)>/.exec(header)![1]!;
    const oneClick = await fetch(oneClickUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(oneClick.status).toBe(200);

    const [scannedOne] = mail.links('scanned');
    expect((await get(scannedOne!, { 'user-agent': 'python-requests/2.31' })).status).toBe(302);
    expect((await get(scannedOne!, { 'user-agent': BROWSER_AGENT }, 'HEAD')).status).toBe(302);

    await stack.bounce(
      mail.message('bouncer'),
      '5.1.1',
      '550 5.1.1 <bouncer@example.test>: Recipient address rejected: User unknown',
    );
    await stack.complain(mail.message('complainer'));

    const agg = await waitFor(
      aggregate,
      (a) =>
        a.impressionsTotal >= 2 &&
        a.unsubscribesTotal >= 2 &&
        a.complaintsTotal >= 1 &&
        a.errorsTotal >= 1 &&
        a.clicksMachine >= 2,
    );
    expect(agg).toMatchObject({
      destinations: 8,
      sent: 8,
      impressionsTotal: 2,
      impressionsUnique: 3, // the opener, and the two clickers (a click implies an impression)
      clicksTotal: 5,
      clicksMachine: 2,
      clicksUnique: 2,
      unsubscribesTotal: 2,
      unsubscribesUnique: 2,
      complaintsTotal: 1,
      complaintsUnique: 1,
      errorsTotal: 1,
      errorsHard: 1,
      dominantError: 1,
      dominantNoFeedback: 2,
      dominantImpression: 1,
      dominantClick: 1,
      dominantUnsubscribe: 2,
      dominantComplaint: 1,
    });
    const dominant = Object.fromEntries(
      (
        await stack.prisma.destination.findMany({
          where: { mailingId: mailing.id },
          select: { address: true, dominantResult: true },
        })
      ).map((d) => [d.address.split('@')[0], d.dominantResult]),
    );
    expect(dominant).toEqual({
      opener: 'IMPRESSION',
      clicker: 'CLICK',
      leaver: 'UNSUBSCRIBE',
      oneclick: 'UNSUBSCRIBE',
      bouncer: 'ERROR',
      complainer: 'COMPLAINT',
      scanned: 'NO_FEEDBACK',
      silent: 'NO_FEEDBACK',
    });
    const linkClicks = await stack.prisma.link.findMany({
      where: { mailingId: mailing.id },
      orderBy: { position: 'asc' },
      select: { url: true, clicksTotal: true, clicksUnique: true },
    });
    expect(linkClicks.find((l) => l.url === 'https://example.com/one')).toMatchObject({
      clicksTotal: 4,
      clicksUnique: 2,
    });
    const events = await stack.prisma.event.groupBy({
      by: ['type', 'machine'],
      where: { mailingId: mailing.id },
      _count: { _all: true },
    });
    expect(events.map((e) => `${e.type}:${e.machine}:${e._count._all}`).sort()).toEqual(
      [
        'CLICK:false:3',
        'CLICK:true:2',
        'COMPLAINT:false:1',
        'ERROR:false:1',
        'IMPRESSION:false:2',
        'UNSUBSCRIBE:false:2',
      ].sort(),
    );

    const profiles = Object.fromEntries(
      (
        await stack.prisma.profile.findMany({
          where: { databaseId },
          select: { email: true, unsubscribedAt: true, disabledAt: true, disabledReason: true },
        })
      ).map((p) => [p.email!.split('@')[0], p]),
    );
    expect(profiles['leaver']!.unsubscribedAt).not.toBeNull();
    expect(profiles['oneclick']!.unsubscribedAt).not.toBeNull();
    expect(profiles['bouncer']!.disabledReason).toContain('5.1.1');
    expect(profiles['complainer']!.disabledReason).toContain('complaint');
    expect(profiles['opener']!.unsubscribedAt).toBeNull();
  }, 60_000);

  it('rejects forged and truncated tokens and garbage mail without recording anything', async () => {
    const before = await stack.prisma.event.count();
    const [one] = mail.links('silent');
    const token = one!.split('/t/c/')[1]!;
    const flipped = token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6);
    expect((await fetch(one!.replace(token, flipped), { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(one!.replace(token, token.slice(0, 10)), { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${stack.api.url}/t/o/not-a-token`)).status).toBe(404);
    expect((await fetch(`${stack.api.url}/t/u/${'x'.repeat(50)}`, { method: 'POST' })).status).toBe(404);

    await expect(
      inbound('b-1-aaaaaaaaaaaaaaaa@bounces.herald.localhost', 'Subject: hi\r\n\r\nhello'),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(inbound('postmaster@bounces.herald.localhost', 'Subject: hi\r\n\r\nhello')).rejects.toMatchObject({
      responseCode: 550,
    });
    const silent = mail.message('silent');
    await expect(
      inbound(silent.envelope.from, `Subject: big\r\n\r\n${'x'.repeat(3 * 1024 * 1024)}`),
    ).rejects.toMatchObject({ responseCode: 552 });
    await inbound(
      silent.envelope.from,
      'From: a@b.example\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\n\r\nI am away until Monday.',
    );
    await inbound(silent.envelope.from, '\x00\x01garbage\r\n\r\n--');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await stack.prisma.event.count()).toBe(before);
    const destination = await stack.prisma.destination.findFirst({
      where: { mailingId: mailing.id, address: 'silent@example.test' },
    });
    expect(destination?.dominantResult).toBe('NO_FEEDBACK');
  }, 30_000);

  it('skips unsubscribed and disabled profiles in the next mailing', async () => {
    stack.catcher.clear();
    const next = await send('Second');
    const recipients = stack.catcher
      .messages()
      .map((m) => m.envelope.to[0]!.split('@')[0])
      .sort();
    expect(recipients).toEqual(['clicker', 'opener', 'scanned', 'silent']);
    const suppressed = await stack.prisma.destination.findMany({
      where: { mailingId: next.id, status: 'SUPPRESSED' },
      select: { address: true, suppressionReason: true },
    });
    expect(suppressed.map((s) => s.address.split('@')[0]).sort()).toEqual([
      'bouncer',
      'complainer',
      'leaver',
      'oneclick',
    ]);
  }, 60_000);
});
