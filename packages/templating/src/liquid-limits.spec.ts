import fc from 'fast-check';
import { LiquidError } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@herald/domain';
import { compileEmailDocument } from './compile-email-document';
import { htmlEngine, MEMORY_LIMIT, RENDER_LIMIT_MS, textEngine } from './liquid-engine';
import { emailDocument, messageContext } from './newsletter.fixture';
import { previewEmailDocument } from './preview-email-document';
import { renderEmailMessage } from './render-email-message';

/** Templates that cost a lot to render from a few bytes of source. */
const HEAVY: Array<{ name: string; html: string; message: RegExp }> = [
  {
    name: 'an empty loop over ten million',
    html: '{%- for i in (1..10000000) -%}{%- endfor -%}',
    message: /too much memory/,
  },
  {
    name: 'an empty loop over 900,000',
    html: '{%- for i in (1..900000) -%}{%- endfor -%}{%- for i in (1..900000) -%}{%- endfor -%}',
    message: /too (long|much memory)/,
  },
  {
    name: 'a loop printing five million numbers',
    html: '{% for i in (1..5000000) %}{{ i }}{% endfor %}',
    message: /too (long|much memory)/,
  },
  {
    name: 'nested loops',
    html: '{% for i in (1..900) %}{% for j in (1..900) %}{{ j }}{% endfor %}{% endfor %}',
    message: /too (long|much memory)/,
  },
  {
    name: 'an array doubled 32 times',
    html: '{% assign a = "1,2,3" | split: "," %}{% for i in (1..32) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}',
    message: /too much memory/,
  },
  {
    name: 'a string doubled 40 times',
    html: '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}',
    message: /too much memory/,
  },
  {
    name: 'sorting a range of a million',
    html: '{% assign a = (1..1000000) | sort | reverse | sort %}{{ a | size }}',
    message: /too much memory/,
  },
  { name: 'a date padded to a billion', html: '{{ "now" | date: "%999999999d" }}', message: /too much memory/ },
];

function timed<T>(work: () => T): { ms: number; result?: T; error?: unknown } {
  const started = performance.now();
  try {
    const result = work();
    return { ms: performance.now() - started, result };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe('templates within LiquidJS limits', () => {
  it.each(HEAVY)(
    'a preview of $name is refused with a VALIDATION error saying so, within the budget',
    ({ html, message }) => {
      const { ms, error } = timed(() => previewEmailDocument(emailDocument({ html }), messageContext()));
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION');
      expect((error as DomainError).message).toMatch(
        /^The html cannot be previewed: the template takes too (long|much memory) to render/,
      );
      expect((error as DomainError).message).toMatch(message);
      expect((error as DomainError).issues).toEqual([
        { path: expect.stringMatching(/^html(:\d+)?$/), message: expect.stringMatching(message) },
      ]);
      expect(ms).toBeLessThan(2 * RENDER_LIMIT_MS + 500);
    },
  );

  it('a preview of several heavy parts costs no more than one budget in all', () => {
    const heavy = '{% for i in (1..500000) %}{{ i }}{% endfor %}';
    const { ms, error } = timed(() =>
      previewEmailDocument(
        emailDocument({ subject: heavy, html: heavy, text: heavy, fromName: heavy }),
        messageContext(),
      ),
    );
    expect((error as DomainError).message).toMatch(/cannot be previewed: the template takes too (long|much memory)/);
    expect(ms).toBeLessThan(2 * RENDER_LIMIT_MS + 500);
  });

  it('the worker renders each message under the same limits, failing it with a message instead of blocking', () => {
    const { compiled } = compileEmailDocument(emailDocument({ html: HEAVY[2]!.html }), { trackingEnabled: true });
    const { ms, error } = timed(() => renderEmailMessage(compiled, messageContext()));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toMatch(
      /^The html could not be personalised: the template takes too (long|much memory) to render/,
    );
    expect(ms).toBeLessThan(1_000);
  });

  it('a real document is far inside the limits', () => {
    const preview = previewEmailDocument(
      emailDocument({
        html: '<ul>{% for i in (1..1000) %}<li>{{ i }} {{ profile.firstname | upcase }}</li>{% endfor %}</ul>',
      }),
      messageContext(),
    );
    expect(preview.errors).toEqual([]);
    expect(preview.rendered?.html).toContain('<li>1000 ANN</li>');
    expect(MEMORY_LIMIT).toBeGreaterThan(1000);
  });
});

/** Liquid source assembled from the language's pieces, valid or not, with hostile values in between. */
const liquidSource = (() => {
  const word = fc.constantFrom(
    'profile',
    'profile.firstname',
    'x',
    'i',
    'a',
    'unsubscribe',
    'subprofile',
    '(1..5)',
    '(1..100000)',
    '"s"',
    '1',
    '-1',
    'nil',
    'true',
    '[0]',
    '.size',
    'constructor',
    '__proto__',
  );
  const filter = fc.constantFrom(
    'upcase',
    'append: "x"',
    'split: ","',
    'join: "-"',
    'concat: a',
    'date: "%Y"',
    'size',
    'plus: 1',
    'divided_by: 0',
    'sort',
    'nope',
    'escape',
    'raw',
    'truncate: -1',
    'slice: 1000000000',
    'url_decode',
  );
  const piece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.tuple(word, fc.array(filter, { maxLength: 3 })).map(([w, f]) => `{{ ${[w, ...f].join(' | ')} }}`),
    fc.tuple(word, word).map(([v, w]) => `{% for ${v} in ${w} %}`),
    fc.constantFrom(
      '{% endfor %}',
      '{% if x %}',
      '{% else %}',
      '{% endif %}',
      '{% assign a = x | split: "," %}',
      '{% capture c %}',
      '{% endcapture %}',
      '{% include "x" %}',
      '{% raw %}',
      '{% endraw %}',
      '{% liquid echo 1 %}',
      '{%',
      '{{',
      '}}',
      '%}',
      '{% unless %}',
      '{% case x %}{% when 1 %}',
      '{% endcase %}',
      '{% cycle 1, 2 %}',
      '{% tablerow i in (1..3) %}',
      '{% endtablerow %}',
      '{% __herald_link 99 %}',
      '{% __herald_open_pixel %}',
      '{unsubscribe}',
    ),
  );
  return fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
})();

describe('any Liquid source (property)', () => {
  it('parsing and rendering throw nothing but LiquidJS errors, and each stays within the limits', () => {
    fc.assert(
      fc.property(liquidSource, (source) => {
        for (const engine of [htmlEngine, textEngine]) {
          const { ms, error } = timed(() =>
            engine.renderSync(engine.parse(source), { profile: { firstname: 'Ann' }, x: 'a,b' }),
          );
          if (error !== undefined) expect(LiquidError.is(error as Error)).toBe(true);
          expect(ms).toBeLessThan(RENDER_LIMIT_MS + 250);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('compiling, rendering and previewing a document throw nothing but VALIDATION errors', () => {
    fc.assert(
      fc.property(liquidSource, liquidSource, (html, subject) => {
        const doc = emailDocument({ html, subject });
        const compiled = timed(() => compileEmailDocument(doc, { trackingEnabled: true }));
        if (compiled.error !== undefined) {
          expect(compiled.error).toBeInstanceOf(DomainError);
          expect((compiled.error as DomainError).code).toBe('VALIDATION');
        } else {
          const rendered = timed(() => renderEmailMessage(compiled.result!.compiled, messageContext()));
          if (rendered.error !== undefined) expect((rendered.error as DomainError).code).toBe('VALIDATION');
        }
        const preview = timed(() => previewEmailDocument(doc, messageContext()));
        if (preview.error !== undefined) expect((preview.error as DomainError).code).toBe('VALIDATION');
        expect(preview.ms).toBeLessThan(2 * RENDER_LIMIT_MS + 500);
      }),
      { numRuns: 300 },
    );
  });
});
