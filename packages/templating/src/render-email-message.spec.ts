import { DomainError } from '@herald/domain';
import { describe, expect, it } from 'vitest';
import { compileEmailDocument } from './compile-email-document';
import type { EmailDocument, MessageContext } from './email-document';
import { emailDocument, messageContext, TRACKING } from './newsletter.fixture';
import { renderEmailMessage } from './render-email-message';
import { verifyTrackingToken } from './tracking-token';

function render(doc: EmailDocument, context: Partial<MessageContext> = {}, trackingEnabled = true) {
  return renderEmailMessage(compileEmailDocument(doc, { trackingEnabled }).compiled, messageContext(context));
}

function tokensOf(html: string, letter: 'c' | 'o' | 'u' | 'w'): string[] {
  return [...html.matchAll(new RegExp(`https://t\\.example\\.com/t/${letter}/([A-Za-z0-9_-]+)`, 'g'))].map(
    (match) => match[1] ?? '',
  );
}

describe('renderEmailMessage', () => {
  it('personalises with profile and subprofile fields, by full name and by shortcut', () => {
    const doc = emailDocument({
      subject: '{{ profile.firstname }}, order {{ subprofile.order }} is on its way',
      html: '<p>Dear {{ firstname }} from {{ profile.city }}, order {{ order }} ({{ subprofile.order }})</p>',
    });
    const message = render(doc, { subprofile: { order: 'A-17' } });
    expect(message.subject).toBe('Ann, order A-17 is on its way');
    expect(message.html).toContain('Dear Ann from Utrecht, order A-17 (A-17)');
  });

  it('renders a missing field as empty at send time', () => {
    expect(render(emailDocument({ subject: 'Hi {{ profile.nickname }}!' })).subject).toBe('Hi !');
  });

  it('escapes profile data in the HTML part but not in the subject or text', () => {
    const doc = emailDocument({
      subject: '{{ profile.firstname }}',
      html: '<p>{{ profile.firstname }}</p>',
      text: '{{ profile.firstname }}',
    });
    const message = render(doc, { profile: { id: 1, firstname: 'Tom & <b>Jerry</b>' } });
    expect(message.html).toContain('<p>Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;</p>');
    expect(message.subject).toBe('Tom & <b>Jerry</b>');
    expect(message.text).toBe('Tom & <b>Jerry</b>');
  });

  it('personalises the sender and keeps header values on one line', () => {
    const doc = emailDocument({
      fromName: '{{ profile.advisor }} at Example',
      fromAddress: '{{ profile.advisor_email }}',
      replyTo: '{{ profile.advisor_email }}',
      subject: 'About {{ profile.topic }}',
    });
    const message = render(doc, {
      profile: { id: 1, advisor: 'Bea', advisor_email: 'bea@example.com', topic: 'your\r\nBcc: victim@example.org' },
    });
    expect(message).toMatchObject({
      fromName: 'Bea at Example',
      fromAddress: 'bea@example.com',
      replyTo: 'bea@example.com',
    });
    expect(message.subject).toBe('About your Bcc: victim@example.org');
  });

  it('rejects a personalised sender address that is not an email address, naming the field', () => {
    const doc = emailDocument({ fromAddress: '{{ profile.advisor_email }}' });
    for (const bad of ['', 'bea', 'bea@example.com\nBcc: x@y.nl', 'bea@', 'Bea <bea@example.com>']) {
      let error: unknown;
      try {
        render(doc, { profile: { id: 1, advisor_email: bad } });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'fromAddress' }] });
      expect((error as DomainError).message).toContain('sender address');
    }
  });

  it('rewrites every http(s) link to a signed click redirect that verifies to its position', () => {
    const doc = emailDocument({
      html: '<body><a href="https://example.com/a">a</a> <a href="https://example.com/b">b</a> <a href="https://example.com/a">a</a> <a href="mailto:x@example.com">m</a></body>',
    });
    const message = render(doc);
    expect(message.html).not.toContain('https://example.com/');
    expect(message.html).toContain('href="mailto:x@example.com"');
    const payloads = tokensOf(message.html, 'c').map((token) => verifyTrackingToken(token, TRACKING.secret));
    expect(payloads).toEqual([
      { kind: 'click', destinationId: '9001', linkPosition: 1 },
      { kind: 'click', destinationId: '9001', linkPosition: 2 },
      { kind: 'click', destinationId: '9001', linkPosition: 1 },
    ]);
    expect(verifyTrackingToken(tokensOf(message.html, 'c')[0] ?? '', 'another-secret')).toBeNull();
  });

  it('signs the rendered URL of a personalised link into its token', () => {
    const doc = emailDocument({
      html: '<a href="https://example.com/p/{{ profile.id }}?city={{ profile.city | url_encode }}">me</a>',
    });
    const [token] = tokensOf(render(doc).html, 'c');
    expect(verifyTrackingToken(token ?? '', TRACKING.secret)).toEqual({
      kind: 'click',
      destinationId: '9001',
      linkPosition: 1,
      url: 'https://example.com/p/42?city=Utrecht',
    });
  });

  it('rewrites links inside loops with the loop variable in scope', () => {
    const doc = emailDocument({
      html: '{% for tag in profile.tags %}<a href="https://example.com/t/{{ tag }}">{{ tag }}</a>{% endfor %}',
    });
    const urls = tokensOf(render(doc, { profile: { id: 1, tags: ['x', 'y'] } }).html, 'c').map(
      (token) => verifyTrackingToken(token, TRACKING.secret)?.url,
    );
    expect(urls).toEqual(['https://example.com/t/x', 'https://example.com/t/y']);
  });

  it('points the unsubscribe link at the signed unsubscribe URL, not at a click redirect', () => {
    const message = render(
      emailDocument({
        html: '<body><a href="{{ unsubscribe }}">stop</a> <a href="https://example.com">site</a></body>',
      }),
    );
    const [unsubscribe] = tokensOf(message.html, 'u');
    expect(verifyTrackingToken(unsubscribe ?? '', TRACKING.secret)).toEqual({
      kind: 'unsubscribe',
      destinationId: '9001',
    });
    expect(tokensOf(message.html, 'c')).toHaveLength(1);
    expect(message.unsubscribeToken).toBe(unsubscribe);
  });

  it('understands the Copernica spelling {unsubscribe} and {webversion}', () => {
    const message = render(
      emailDocument({
        html: '<a href="{unsubscribe}">stop</a> <a href="{webversion}">web</a>',
        text: 'Stop: {unsubscribe}',
      }),
    );
    expect(tokensOf(message.html, 'u')).toHaveLength(1);
    expect(verifyTrackingToken(tokensOf(message.html, 'w')[0] ?? '', TRACKING.secret)).toEqual({
      kind: 'webversion',
      destinationId: '9001',
    });
    expect(message.text).toMatch(/^Stop: https:\/\/t\.example\.com\/t\/u\/[A-Za-z0-9_-]+$/);
  });

  it('adds one open pixel before </body>, or at the end of a fragment', () => {
    const pixel = /<img src="https:\/\/t\.example\.com\/t\/o\/([A-Za-z0-9_-]+)" width="1" height="1" alt="">/;
    const page = render(emailDocument({ html: '<html><body><p>x</p></body></html>' })).html;
    expect(page).toMatch(new RegExp(`${pixel.source}</body></html>$`));
    expect(verifyTrackingToken(page.match(pixel)?.[1] ?? '', TRACKING.secret)).toEqual({
      kind: 'open',
      destinationId: '9001',
    });
    expect(render(emailDocument({ html: '<p>x</p>' })).html).toMatch(new RegExp(`<p>x</p>${pixel.source}$`));
  });

  it('without tracking leaves links as written and adds no pixel, but unsubscribe still works', () => {
    const doc = emailDocument({
      html: '<body><a href="https://example.com/a?x=1&amp;y=2">a</a> <a href="https://example.com/p/{{ profile.id }}">p</a> <a href="{{ unsubscribe }}">stop</a></body>',
    });
    for (const message of [render(doc, {}, false), render(doc, { trackingEnabled: false }, true)]) {
      expect(message.html).toContain('href="https://example.com/a?x=1&amp;y=2"');
      expect(message.html).toContain('href="https://example.com/p/42"');
      expect(message.html).not.toMatch(/\/t\/[co]\//);
      expect(tokensOf(message.html, 'u')).toHaveLength(1);
    }
  });

  it('derives the text part from the HTML, with the same tracked links', () => {
    const doc = emailDocument({
      html: '<html><head><style>p { color: red }</style></head><body><h1>Hi {{ profile.firstname }}</h1>{% if profile.vip %}<p>VIP only</p>{% endif %}<p><a href="https://example.com/a">Read more</a></p><p><a href="{{ unsubscribe }}">Unsubscribe</a></p></body></html>',
    });
    const vip = render(doc, { profile: { id: 1, firstname: 'Ann', vip: true } });
    expect(vip.text).toContain('Hi Ann');
    expect(vip.text).toContain('VIP only');
    expect(vip.text).not.toContain('color');
    const [htmlClick] = tokensOf(vip.html, 'c');
    expect(vip.text).toContain(`Read more [https://t.example.com/t/c/${htmlClick}]`);
    expect(vip.text).toMatch(/Unsubscribe \[https:\/\/t\.example\.com\/t\/u\/[A-Za-z0-9_-]+\]/);
    expect(vip.text).not.toMatch(/\/t\/o\//);
    expect(render(doc, { profile: { id: 1, firstname: 'Bob' } }).text).not.toContain('VIP only');
  });

  it('falls back to converting each message when Liquid in <head> would not survive the conversion', () => {
    const doc = emailDocument({
      html: '<html><head><title>{% if profile.vip %}VIP{% endif %}</title></head><body><p>Hi {{ profile.firstname }}</p></body></html>',
    });
    const { compiled } = compileEmailDocument(doc, { trackingEnabled: true });
    expect(compiled.text).toBeNull();
    expect(renderEmailMessage(compiled, messageContext()).text).toContain('Hi Ann');
  });

  it('keeps an author-written text part as the text part', () => {
    expect(render(emailDocument({ text: 'Hello {{ profile.firstname }}' })).text).toBe('Hello Ann');
  });

  it('inlines the CSS of <style> into the elements', () => {
    const doc = emailDocument({
      html: '<html><head><style>.note { color: #ff0000; } p { margin: 0; }</style></head><body><p class="note">{{ profile.firstname }}</p></body></html>',
    });
    const { html } = render(doc);
    const style = html.match(/<p class="note" style="([^"]*)">Ann<\/p>/)?.[1];
    expect(
      style
        ?.split(';')
        .map((rule) => rule.trim())
        .filter(Boolean)
        .sort(),
    ).toEqual(['color: #ff0000', 'margin: 0']);
    expect(html).not.toContain('<style>');
  });
});
