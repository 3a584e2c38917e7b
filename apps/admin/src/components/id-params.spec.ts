import { describe, expect, it } from 'vitest';
import { addressedThing, malformedIdThing } from './id-params';

describe('malformedIdThing', () => {
  it('names the thing whose id is not a positive whole number', () => {
    expect(malformedIdThing({ mailingId: 'abc' })).toBe('mailing');
    expect(malformedIdThing({ profileId: '12x' })).toBe('profile');
    expect(malformedIdThing({ mailingId: '0' })).toBe('mailing');
    expect(malformedIdThing({ mailingId: '-3' })).toBe('mailing');
    expect(malformedIdThing({ databaseId: '4', selectionId: '1.5' })).toBe('selection');
  });

  it('names the outermost thing first, and leaves other parameters alone', () => {
    expect(malformedIdThing({ databaseId: 'x', selectionId: 'y' })).toBe('database');
    expect(malformedIdThing({ databaseId: '4', tab: 'fields' })).toBeUndefined();
    expect(malformedIdThing({ mailingId: '17', tab: undefined })).toBeUndefined();
    expect(malformedIdThing({})).toBeUndefined();
  });
});

describe('addressedThing', () => {
  it('is the innermost thing named by id', () => {
    expect(addressedThing({ databaseId: '1', selectionId: '2' })).toBe('selection');
    expect(addressedThing({ mailingId: '3', tab: 'errors' })).toBe('mailing');
    expect(addressedThing({ '*': 'no/such/page' })).toBeUndefined();
  });
});
