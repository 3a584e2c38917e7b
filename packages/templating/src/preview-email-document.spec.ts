import { describe, expect, it } from 'vitest';
import { emailDocument, messageContext } from './newsletter.fixture';
import { previewEmailDocument } from './preview-email-document';

describe('previewEmailDocument', () => {
  it('lists the fields this profile lacks and still renders', () => {
    const doc = emailDocument({
      subject: 'Hi {{ profile.firstname }} {{ profile.nickname }}',
      html: '<p>{{ subprofile.order }} {{ city }} {% for tag in profile.tags %}{{ tag }}{% endfor %} {{ unsubscribe }}</p>',
    });
    const preview = previewEmailDocument(doc, messageContext());
    expect(preview.errors).toEqual([]);
    expect(preview.unknownFields.sort()).toEqual(['profile.nickname', 'profile.tags', 'subprofile.order']);
    expect(preview.rendered?.subject).toBe('Hi Ann');
  });

  it('reports template errors by part and line without throwing', () => {
    const doc = emailDocument({ subject: 'Hi {{ profile.firstname', html: '<p>one</p>\n<p>two</p>\n{% for x in y %}' });
    const preview = previewEmailDocument(doc, messageContext());
    expect(preview.rendered).toBeNull();
    expect(preview.errors).toEqual([
      { part: 'subject', line: 1, message: expect.any(String) },
      { part: 'html', line: 3, message: expect.stringContaining('not closed') },
    ]);
  });

  it('reports an invalid personalised sender as a problem of fromAddress', () => {
    const preview = previewEmailDocument(emailDocument({ fromAddress: '{{ profile.firstname }}' }), messageContext());
    expect(preview.rendered).toBeNull();
    expect(preview.errors).toEqual([{ part: 'fromAddress', line: null, message: expect.stringContaining('"Ann"') }]);
  });
});
