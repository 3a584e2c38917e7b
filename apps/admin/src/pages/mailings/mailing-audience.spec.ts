import { describe, expect, it } from 'vitest';
import type { MailingAudienceResponse, MailingResponse } from '@herald/contracts';
import { leftOutCount, mailingChecks, sendSummary } from './mailing-audience';
import { EMPTY_MAILING_FORM, formValuesOf, mailingRequestOf, targetOf } from './mailing-form-values';

const audience = (recipients: number, suppressed: Partial<MailingAudienceResponse['suppressed']> = {}) => ({
  recipients,
  suppressed: { unsubscribed: 0, disabled: 0, noAddress: 0, invalidAddress: 0, duplicates: 0, ...suppressed },
});

describe('the send step’s summary', () => {
  it('says how many get the mailing and, only when some are left out, how many and why', () => {
    expect(sendSummary(audience(1))).toBe('Send to 1 recipient');
    expect(sendSummary(audience(1204, { unsubscribed: 3, noAddress: 2 }))).toBe(
      'Send to 1,204 recipients (5 left out: 3 unsubscribed, 2 without an address)',
    );
    expect(sendSummary(audience(0, { disabled: 1, invalidAddress: 1, duplicates: 2 }))).toBe(
      'Send to 0 recipients (4 left out: 1 disabled, 1 with an invalid address, 2 duplicate addresses)',
    );
    expect(
      leftOutCount(audience(7, { unsubscribed: 1, disabled: 2, noAddress: 3, invalidAddress: 4, duplicates: 5 })),
    ).toBe(15);
  });
});

describe('the static checks', () => {
  const email = {
    channel: 'EMAIL',
    subject: 'News',
    fromAddress: 'a@b.test',
    html: '<a href="{{ unsubscribe }}">x</a>',
    recipients: 3,
  };

  it('pass for a complete email with recipients', () => {
    expect(mailingChecks(email).every((check) => check.ok && !check.hint)).toBe(true);
  });

  it('name each missing part with what to do about it', () => {
    const failed = mailingChecks({ ...email, subject: ' ', fromAddress: null, html: '<p>no link</p>', recipients: 0 })
      .filter((check) => !check.ok)
      .map((check) => check.label);
    expect(failed).toEqual([
      'The document has a subject',
      'The document has a from address',
      'The document has an unsubscribe link',
      'The target has recipients',
    ]);
  });

  it('accept Copernica’s {unsubscribe} spelling and check only recipients for SMS', () => {
    expect(mailingChecks({ ...email, html: '<a href="{unsubscribe}">x</a>' }).every((c) => c.ok)).toBe(true);
    expect(mailingChecks({ ...email, channel: 'SMS', subject: null }).map((c) => c.label)).toEqual([
      'The target has recipients',
    ]);
  });
});

describe('the form’s values', () => {
  it('have no target until the collection or selection is chosen', () => {
    expect(targetOf({ ...EMPTY_MAILING_FORM, databaseId: 4 })).toEqual({
      targetType: 'DATABASE',
      databaseId: 4,
      toSubprofiles: false,
    });
    expect(targetOf({ ...EMPTY_MAILING_FORM, targetType: 'COLLECTION', databaseId: 4 })).toBeNull();
    expect(targetOf({ ...EMPTY_MAILING_FORM, targetType: 'COLLECTION', databaseId: 4, collectionId: 9 })).toEqual({
      targetType: 'COLLECTION',
      collectionId: 9,
      toSubprofiles: true,
    });
    expect(
      targetOf({ ...EMPTY_MAILING_FORM, targetType: 'SELECTION', selectionId: 2, selectionOverCollection: true }),
    ).toEqual({ targetType: 'SELECTION', selectionId: 2, toSubprofiles: true });
  });

  it('round-trip a draft: editing a saved mailing sends back what it holds', () => {
    const mailing = {
      name: 'Spring',
      documentId: 3,
      targetType: 'SELECTION',
      databaseId: 1,
      collectionId: 5,
      selectionId: 7,
      toSubprofiles: true,
      settings: { trackingEnabled: false, skipDuplicates: true, maxPerMinute: 500, replyTo: 'r@b.test' },
    } as MailingResponse;
    expect(mailingRequestOf(formValuesOf(mailing))).toEqual({
      name: 'Spring',
      documentId: 3,
      targetType: 'SELECTION',
      selectionId: 7,
      toSubprofiles: true,
      settings: { trackingEnabled: false, skipDuplicates: true, maxPerMinute: 500, replyTo: 'r@b.test' },
    });
  });

  it('send empty optional settings as null and an incomplete target as it is, for the API to name', () => {
    const request = mailingRequestOf({ ...EMPTY_MAILING_FORM, name: ' Hi ', replyTo: '  ' });
    expect(request).toMatchObject({ name: 'Hi', documentId: 0, targetType: 'DATABASE', toSubprofiles: false });
    expect(request.settings).toMatchObject({ maxPerMinute: null, replyTo: null });
  });
});
