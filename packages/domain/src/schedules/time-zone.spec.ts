import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import { assertTimeZone } from './time-zone';

describe('assertTimeZone', () => {
  it('takes IANA zones, spelled as the time zone database spells them', () => {
    expect(assertTimeZone('Europe/Amsterdam', 'timezone', "The account's")).toBe('Europe/Amsterdam');
    expect(assertTimeZone('europe/amsterdam', 'timezone', "The account's")).toBe('Europe/Amsterdam');
    expect(assertTimeZone('UTC', 'timezone', "The account's")).toBe('UTC');
    expect(assertTimeZone('America/Argentina/Buenos_Aires', 'timezone', "The account's")).toBe(
      'America/Argentina/Buenos_Aires',
    );
  });

  it('refuses what is not one with a 400 that names the field and the value', () => {
    for (const zone of ['Mars/Olympus', '+01:00', 'CEST', '', 'Europe/Amsterdam; DROP TABLE'])
      expect(() => assertTimeZone(zone, 'timezone', "The account's")).toThrow(DomainError);
    expect(() => assertTimeZone('Mars/Olympus', 'timezone', "The account's")).toThrow(
      `The account's timezone "Mars/Olympus" is not an IANA time zone such as Europe/Amsterdam`,
    );
  });
});
