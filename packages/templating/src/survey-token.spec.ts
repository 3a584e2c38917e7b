import { describe, expect, it } from 'vitest';
import { compileEmailDocument } from './compile-email-document';
import { emailDocument, messageContext, TRACKING } from './newsletter.fixture';
import { renderEmailMessage } from './render-email-message';
import { signSurveyToken, verifySurveyToken } from './survey-token';
import { signTrackingToken, verifyTrackingToken } from './tracking-token';

const SECRET = 'survey-secret-survey-secret-survey-secret';

describe('survey tokens', () => {
  it('verifies what it signed', () => {
    const token = signSurveyToken({ surveyId: 12, destinationId: '987654321' }, SECRET);
    expect(verifySurveyToken(token, SECRET)).toEqual({ surveyId: 12, destinationId: '987654321' });
  });

  it('refuses another secret, any altered character, truncation and padding', () => {
    const token = signSurveyToken({ surveyId: 12, destinationId: '42' }, SECRET);
    expect(verifySurveyToken(token, `${SECRET}x`)).toBeNull();
    for (let i = 0; i < token.length; i++) {
      const swapped = token[i] === 'A' ? 'B' : 'A';
      expect(verifySurveyToken(token.slice(0, i) + swapped + token.slice(i + 1), SECRET)).toBeNull();
    }
    expect(verifySurveyToken(token.slice(0, -1), SECRET)).toBeNull();
    expect(verifySurveyToken(`${token}A`, SECRET)).toBeNull();
    expect(verifySurveyToken('', SECRET)).toBeNull();
    expect(verifySurveyToken('%%%', SECRET)).toBeNull();
    expect(verifySurveyToken('A'.repeat(5000), SECRET)).toBeNull();
  });

  it('is never a tracking token, nor a tracking token a survey token', () => {
    const survey = signSurveyToken({ surveyId: 1, destinationId: '42' }, SECRET);
    expect(verifyTrackingToken(survey, SECRET)).toBeNull();
    const tracking = signTrackingToken({ kind: 'webversion', destinationId: '42' }, SECRET);
    expect(verifySurveyToken(tracking, SECRET)).toBeNull();
  });

  it('is written by {% survey_link N %} for the message destination, in HTML and text', () => {
    const doc = emailDocument({
      html: '<p><a href="{% survey_link 12 %}">Tell us</a></p>',
      text: 'Tell us: {% survey_link 12 %}',
    });
    const message = renderEmailMessage(
      compileEmailDocument(doc, { trackingEnabled: false }).compiled,
      messageContext({ destinationId: '555' }),
    );
    const tokens = [...`${message.html} ${message.text}`.matchAll(/\/survey\/([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
    expect(tokens).toHaveLength(2);
    for (const token of tokens) {
      expect(verifySurveyToken(token, TRACKING.secret)).toEqual({ surveyId: 12, destinationId: '555' });
    }
  });

  it('refuses a survey_link without a survey id when the document is compiled', () => {
    let issues: unknown;
    try {
      compileEmailDocument(emailDocument({ html: '{% survey_link abc %}' }), { trackingEnabled: true });
    } catch (error) {
      issues = (error as { issues?: unknown }).issues;
    }
    expect(JSON.stringify(issues)).toContain('survey_link needs a survey id');
  });

  it('goes through the click redirect when the message is tracked, the survey URL covered by its MAC', () => {
    const doc = emailDocument({ html: '<p><a href="{% survey_link 7 %}">Tell us</a></p>' });
    const message = renderEmailMessage(
      compileEmailDocument(doc, { trackingEnabled: true }).compiled,
      messageContext({ destinationId: '556' }),
    );
    const click = /\/t\/c\/([A-Za-z0-9_-]+)/.exec(message.html)?.[1] ?? '';
    const url = verifyTrackingToken(click, TRACKING.secret)?.url ?? '';
    expect(verifySurveyToken(url.slice(url.lastIndexOf('/') + 1), TRACKING.secret)).toEqual({
      surveyId: 7,
      destinationId: '556',
    });
  });
});
