import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTrackingToken } from '@herald/templating';
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

// Links a recipient's click must survive: non-ASCII in the path and (personalised) in the query, and
// links that are no http(s) URL once the HTML's entities are decoded, which must stay untracked.
const HTML = `<html><body><p>Hi {{ profile.firstName }}</p>
<a href="https://example.com/ソニー?name={{ profile.firstName }}">personal</a>
<a href="https://example.com/日本/caf&eacute;">static</a>
<a href="jav&#x61;script:alert(document.cookie)">entity</a>
<a href="java&#x09;script:alert('{{ profile.firstName }}')">tab</a>
<a href="&#x20;JAVASCRIPT:alert(1)">upper</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>
<a href="{{ unsubscribe }}">unsubscribe</a></body></html>`;

describe('tracked links and the tracking endpoints', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let token: string;
  let mailingId: number;
  let trackingSecret: string;
  let mail: CaughtMail;

  const trackingLinks = (who: string, kind: 'c' | 'u'): string[] =>
    mail.links(who).filter((href) => href.includes(`/t/${kind}/`));
  const get = (url: string, method = 'GET'): Promise<Response> =>
    fetch(url, {
      method,
      headers: { 'user-agent': BROWSER_AGENT },
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true });
    ({ api, token } = stack);
    trackingSecret = stack.config.TRACKING_SECRET;
    const { accountId } = stack;
    const databaseId = (
      await stack.prisma.database.create({
        data: { accountId, name: 'Readers', fields: { create: [{ accountId, name: 'firstName', type: 'TEXT' }] } },
      })
    ).id;
    await stack.prisma.profile.createMany({
      data: [
        { accountId, databaseId, email: 'lukasz@example.test', values: { firstName: 'Łukasz' } },
        { accountId, databaseId, email: 'scanned@example.test', values: { firstName: 'Scanned' } },
      ],
    });
    ({ mailingId } = await sendMailing(stack, {
      name: 'Links',
      document: { subject: 'Links', html: HTML },
      target: { databaseId },
    }));
    mail = await caughtMail(stack.catcher);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('redirects a click on a link with non-ASCII and personalised text to its percent-encoded URL, and keeps answering', async () => {
    const [personal, staticLink] = trackingLinks('lukasz', 'c');
    const click = await get(personal!);
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://example.com/%E3%82%BD%E3%83%8B%E3%83%BC?name=%C5%81ukasz');
    // Answered ahead of helmet, so the handler sets these itself; no Referer carries the token onwards.
    expect(click.headers.get('x-content-type-options')).toBe('nosniff');
    expect(click.headers.get('referrer-policy')).toBe('no-referrer');

    const again = await get(staticLink!);
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe('https://example.com/%E6%97%A5%E6%9C%AC/caf%C3%A9');
    expect((await api.request('GET', '/health')).status).toBe(200);

    // Both clicks are stored, on their links.
    const clicks = await waitFor(
      () => stack.prisma.event.findMany({ where: { mailingId, type: 'CLICK' }, select: { linkId: true } }),
      (events) => events.length >= 2,
    );
    const positions = await stack.prisma.link.findMany({
      where: { id: { in: clicks.map((event) => event.linkId!) } },
      select: { position: true },
    });
    expect(positions.map((link) => link.position).sort()).toEqual([1, 2]);
  });

  it('neither tracks nor lists links that are no http(s) URL once entities are decoded', async () => {
    const links = mail.links('lukasz');
    expect(links.filter((href) => href.includes('/t/c/'))).toHaveLength(2);
    // Left exactly as written (the mail client decides what to do with them), never behind a redirect.
    expect(links).toEqual(
      expect.arrayContaining([
        'jav&#x61;script:alert(document.cookie)',
        'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      ]),
    );

    const report = await api.request<{ links: Array<{ url: string; isUnsubscribe: boolean }> }>(
      'GET',
      `/mailings/${mailingId}/report`,
      { token },
    );
    expect(report.status).toBe(200);
    expect(report.body.links.map((link) => link.url)).toEqual([
      'https://example.com/ソニー?name={{ profile.firstName }}',
      'https://example.com/日本/café',
      '{{ unsubscribe }}',
    ]);
  });

  it('answers 404, never a redirect, for a signed click whose target is no absolute http(s) URL', async () => {
    const destination = await stack.prisma.destination.findFirstOrThrow({ where: { mailingId }, select: { id: true } });
    const destinationId = `${mailingId}.${destination.id}`;
    const click = (payload: { linkPosition: number; url?: string }) =>
      get(`${api.url}/t/c/${signTrackingToken({ kind: 'click', destinationId, ...payload }, trackingSecret)}`);
    for (const url of [
      'javascript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      '/relative',
      'https://exa mple.com/',
    ]) {
      expect((await click({ linkPosition: 1, url })).status, url).toBe(404);
    }
    // The unsubscribe link's position holds `{{ unsubscribe }}`, which is no redirect target either.
    expect((await click({ linkPosition: 3 })).status).toBe(404);
    expect((await click({ linkPosition: 2 })).status).toBe(302);
  });

  it('lets a link scanner HEAD the unsubscribe URL without unsubscribing; GET then unsubscribes', async () => {
    const [unsubscribe] = trackingLinks('scanned', 'u');
    const profile = () =>
      stack.prisma.profile.findFirstOrThrow({
        where: { email: 'scanned@example.test' },
        select: { unsubscribedAt: true },
      });

    const head = await get(unsubscribe!, 'HEAD');
    expect(head.status).toBe(200);
    expect((await profile()).unsubscribedAt).toBeNull();

    // A later open of the same recipient is stored after anything the HEAD could have queued.
    const pixel = mail.pixel('scanned');
    expect((await get(pixel)).status).toBe(200);
    await waitFor(
      () =>
        stack.prisma.event.count({
          where: { mailingId, type: 'IMPRESSION', destination: { address: 'scanned@example.test' } },
        }),
      (n) => n >= 1,
    );
    expect(await stack.prisma.event.count({ where: { mailingId, type: 'UNSUBSCRIBE' } })).toBe(0);

    expect((await get(unsubscribe!)).status).toBe(200);
    expect((await profile()).unsubscribedAt).not.toBeNull();
  });
});
