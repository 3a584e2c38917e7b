import { DomainError } from '@herald/domain';
import { describe, expect, it } from 'vitest';
import { compileEmailDocument } from './compile-email-document';
import { emailDocument } from './newsletter.fixture';

function compileErrorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('compileEmailDocument', () => {
  it('numbers the http(s) links in document order, once per URL, and marks the unsubscribe link', () => {
    const html = `<body>
      <a href="https://example.com/a">A</a>
      <a href="mailto:info@example.com">mail</a> <a href="tel:+31201234567">call</a> <a href="#top">top</a>
      <a href="/relative">relative</a> <a>no href</a>
      <a href="HTTP://EXAMPLE.COM/B?x=1&amp;y=2">B</a>
      <a href="https://example.com/a">A again</a>
      <a href="https://example.com/p/{{ profile.id }}">personal</a>
      <a href="{{ unsubscribe }}">unsubscribe</a>
      <a href="{{ webversion }}">web version</a>
    </body>`;
    const { links } = compileEmailDocument(emailDocument({ html }), { trackingEnabled: true });
    expect(links).toEqual([
      { position: 1, url: 'https://example.com/a', isUnsubscribe: false },
      { position: 2, url: 'HTTP://EXAMPLE.COM/B?x=1&y=2', isUnsubscribe: false },
      { position: 3, url: 'https://example.com/p/{{ profile.id }}', isUnsubscribe: false },
      { position: 4, url: '{{ unsubscribe }}', isUnsubscribe: true },
    ]);
  });

  it('neither tracks nor lists links that are no absolute http(s) URL once their entities are decoded', () => {
    const html = `<body>
      <a href="jav&#x61;script:alert(1)">1</a> <a href="javascript&colon;alert(2)">2</a> <a href="&#x20;JAVASCRIPT:alert(3)">3</a>
      <a href="java&#x09;script:alert('{{ profile.id }}')">4</a> <a href="&#x6A;avascript:{{ profile.code }}">5</a>
      <a href="data:text/html;base64,PHNjcmlwdD4=">6</a> <a href="vbscript:msgbox(1)">7</a> <a href="/p/{{ profile.id }}">8</a>
      <a href="https://exa mple.com/">9</a> <a href="https://example.com/ok">ok</a>
    </body>`;
    const { compiled, links } = compileEmailDocument(emailDocument({ html }), { trackingEnabled: true });
    expect(links).toEqual([{ position: 1, url: 'https://example.com/ok', isUnsubscribe: false }]);
    expect(compiled.linkSlots).toHaveLength(1);
  });

  it('does not count links that are commented out', () => {
    const html =
      '{% comment %}<a href="https://old.example.com">old</a>{% endcomment %}<a href="https://example.com">new</a>';
    const { links } = compileEmailDocument(emailDocument({ html }), { trackingEnabled: true });
    expect(links).toEqual([{ position: 1, url: 'https://example.com', isUnsubscribe: false }]);
  });

  it('accepts the Copernica spelling {unsubscribe}', () => {
    const { links } = compileEmailDocument(emailDocument({ html: '<a href="{unsubscribe}">stop</a>' }), {
      trackingEnabled: true,
    });
    expect(links).toEqual([{ position: 1, url: '{{ unsubscribe }}', isUnsubscribe: true }]);
  });

  it('finds links whose Liquid holds quotes an HTML attribute could not', () => {
    const html = `<a href="{{ profile.site | default: "https://example.com/home" }}">site</a>`;
    const { links } = compileEmailDocument(emailDocument({ html }), { trackingEnabled: true });
    expect(links).toEqual([
      { position: 1, url: '{{ profile.site | default: "https://example.com/home" }}', isUnsubscribe: false },
    ]);
  });

  it('reports a syntax error with its part and line', () => {
    const html = '<html>\n<body>\n<p>Hi</p>\n{% if profile.vip %}\n<p>VIP</p>\n</body></html>';
    const error = compileErrorOf(() => compileEmailDocument(emailDocument({ html }), { trackingEnabled: true }));
    expect(error.code).toBe('VALIDATION');
    expect(error.issues).toEqual([{ path: 'html:4', message: expect.stringContaining('not closed') }]);
  });

  it('reports every broken part at once', () => {
    const doc = emailDocument({
      subject: 'Hi {{ profile.firstname ',
      text: 'line one\n{% endif %}',
      fromAddress: 'not an address',
    });
    const error = compileErrorOf(() => compileEmailDocument(doc, { trackingEnabled: false }));
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['fromAddress', 'subject:1', 'text:2']);
  });

  it('refuses file system includes and layouts', () => {
    for (const tag of ["{% include 'header' %}", "{% render '/etc/passwd' %}", "{% layout 'base' %}"]) {
      const error = compileErrorOf(() =>
        compileEmailDocument(emailDocument({ html: `<p>x</p>\n${tag}` }), { trackingEnabled: true }),
      );
      expect(error.issues[0]).toEqual({ path: 'html:2', message: expect.stringContaining('not allowed') });
    }
  });

  it('reports an unknown filter instead of silently dropping it', () => {
    const error = compileErrorOf(() =>
      compileEmailDocument(emailDocument({ subject: '{{ profile.firstname | shout }}' }), { trackingEnabled: true }),
    );
    expect(error.issues[0]?.path).toBe('subject:1');
  });
});
