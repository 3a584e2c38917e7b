import { describe, expect, it } from 'vitest';
import { compileEmailDocument } from './compile-email-document';
import type { CompiledEmailDocument, CompiledPart, EmailDocument, MessageContext } from './email-document';
import { emailDocument, messageContext, newsletterDocument } from './newsletter.fixture';
import { renderEmailMessage } from './render-email-message';
import { planSubstitution } from './substitution-plan';

/** The same document with every plan removed: LiquidJS renders everything, as before plans existed. */
function withoutPlans(compiled: CompiledEmailDocument): CompiledEmailDocument {
  const strip = (part: CompiledPart | null): CompiledPart | null =>
    part?.kind === 'template' ? { ...part, plan: null } : part;
  return {
    ...compiled,
    fromName: strip(compiled.fromName),
    fromAddress: strip(compiled.fromAddress)!,
    replyTo: strip(compiled.replyTo),
    subject: strip(compiled.subject)!,
    htmlPlan: null,
    textPlan: null,
  };
}

const VALUES: unknown[] = [
  'Ann',
  'Tom & <b>"Jerry"</b> O\'Neil',
  'Zoë Ünal — 東京',
  '',
  'line\r\none',
  0,
  42.5,
  -1,
  true,
  false,
  null,
  undefined,
  ['a', 'b'],
  { nested: 'x' },
];

// The newsletter without its `default` filters: filters have no plan.
const newsletter = newsletterDocument();
const DOCUMENTS: EmailDocument[] = [
  {
    ...newsletter,
    fromName: '{{ profile.company }} Newsletter',
    html: newsletter.html.replace(' | default: "your city"', ''),
  },
  emailDocument({
    subject: 'Hi {{ firstname }} {{ profile.firstname }} {{ subprofile.order }}',
    html:
      '<p>{{ firstname }}</p><p>{{ profile.city }}</p><p>{{ order }} {{ subprofile.order }} {{ missing }} {{ profile.missing.deeper }}</p>' +
      '<a href="https://example.com/p?name={{ firstname }}">personal</a> <a href="https://example.com/static">static</a>' +
      '<a href="mailto:x@example.com">mail</a> {{ unsubscribe }}',
  }),
  emailDocument({
    subject: '{{firstname}}{{ city}}',
    html: '<p>{{ firstname }}</p>',
    text: 'Dear {{ firstname }},\nplain text from {{ profile.city }}\r\n{{ unsubscribe }}',
  }),
];

describe('substitution plans', () => {
  it('render exactly what LiquidJS renders, for every kind of value', () => {
    let compared = 0;
    for (const doc of DOCUMENTS) {
      for (const trackingEnabled of [true, false]) {
        const compiled = compileEmailDocument(doc, { trackingEnabled }).compiled;
        expect(compiled.htmlPlan).not.toBeNull();
        const liquidOnly = withoutPlans(compiled);
        for (const value of VALUES) {
          const context: Partial<MessageContext> = {
            destinationId: '1.77',
            profile: { id: 7, email: 'ann@example.com', firstname: value, city: value, profile: value },
            subprofile: { order: value },
          };
          expect(renderEmailMessage(compiled, messageContext(context))).toEqual(
            renderEmailMessage(liquidOnly, messageContext(context)),
          );
          compared++;
        }
      }
    }
    expect(compared).toBe(DOCUMENTS.length * 2 * VALUES.length);
  });

  it('are made only for substitution: filters, tags, keywords and special properties stay with LiquidJS', () => {
    expect(planSubstitution('Hi {{ firstname }} and {{ profile.city }}', false)?.segments).toEqual([
      { kind: 'literal', text: 'Hi ' },
      { kind: 'output', path: ['firstname'] },
      { kind: 'literal', text: ' and ' },
      { kind: 'output', path: ['profile', 'city'] },
    ]);
    for (const source of [
      '{{ firstname | upcase }}',
      '{{- firstname }}',
      '{% if vip %}VIP{% endif %}',
      '{{ true }}',
      '{{ nil }}',
      '{{ tags.size }}',
      '{{ items.first }}',
      '{{ constructor }}',
      '{{ profile["first name"] }}',
      '{{ "}}" }}',
      '{% raw %}{{ x }}{% endraw %}',
    ]) {
      expect(planSubstitution(source, false), source).toBeNull();
    }
  });

  it('leave a message whose value is not plain data to LiquidJS', () => {
    const compiled = compileEmailDocument(
      emailDocument({ subject: '{{ firstname }}', html: '<p>{{ firstname }}</p>' }),
      { trackingEnabled: false },
    ).compiled;
    const message = renderEmailMessage(compiled, messageContext({ profile: { id: 1, firstname: ['An', 'n'] } }));
    // LiquidJS joins an array's items; the plan would not know to.
    expect(message.subject).toBe('Ann');
    expect(message.html).toContain('<p>Ann</p>');
  });
});
