import { describe, expect, it } from 'vitest';
import { compileEmailDocument } from './compile-email-document';
import { emailDocument, messageContext, TRACKING } from './newsletter.fixture';
import { renderEmailMessage } from './render-email-message';
import { signSurveyToken, verifySurveyToken } from './survey-token';
import { signVisitToken, verifyVisitToken } from './visit-token';

const SECRET = 'visit-secret-visit-secret-visit-secret';

describe('visit tokens', () => {
  it('verifies what it signed and nothing altered, truncated or signed otherwise', () => {
    const token = signVisitToken('12.345', SECRET);
    expect(verifyVisitToken(token, SECRET)).toBe('12.345');
    expect(verifyVisitToken(token, `${SECRET}x`)).toBeNull();
    expect(verifyVisitToken(token.slice(0, -1), SECRET)).toBeNull();
    expect(verifyVisitToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, SECRET)).toBeNull();
    expect(verifySurveyToken(token, SECRET)).toBeNull();
    expect(verifyVisitToken(signSurveyToken({ surveyId: 1, destinationId: '12.345' }, SECRET), SECRET)).toBeNull();
  });

  it('is written by {% visit_token %} for the message destination', () => {
    const doc = emailDocument({ html: '<a href="https://shop.example/?hv={% visit_token %}">Shop</a>' });
    const message = renderEmailMessage(
      compileEmailDocument(doc, { trackingEnabled: false }).compiled,
      messageContext({ destinationId: '7.77' }),
    );
    const token = /hv=([A-Za-z0-9_-]+)/.exec(message.html)?.[1] ?? '';
    expect(verifyVisitToken(token, TRACKING.secret)).toBe('7.77');
  });
});
