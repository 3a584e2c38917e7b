import { DomainError } from '@herald/domain';
import { describe, expect, it } from 'vitest';
import { pivotByProfile, type PivotDestination } from './profile-pivot';

const asOf = new Date('2024-06-15T12:00:00Z');

function destination(profile: PivotDestination['profile'], result: Partial<PivotDestination> = {}): PivotDestination {
  return { profile, sent: true, delivered: true, ...result };
}

describe('pivotByProfile', () => {
  const destinations = [
    destination({ gender: 'female', city: 'Utrecht' }, { impressions: 2, clicks: 1 }),
    destination({ gender: 'female', city: 'Amsterdam' }, { impressions: 1 }),
    destination({ gender: 'female', city: 'Amsterdam' }, { clicks: 3 }), // a click implies an open
    destination({ gender: 'male', city: 'Amsterdam' }, { delivered: false, bounced: true }),
    destination({ gender: 'male', city: ' ' }, { unsubscribed: true }),
    destination({ gender: null, city: 'Utrecht' }, { sent: false, delivered: false }), // suppressed
  ];

  it('groups by one field with per-group metrics and rates', () => {
    const pivot = pivotByProfile(destinations, [{ kind: 'field', field: 'gender' }]);
    expect(pivot.dimensions).toEqual(['gender']);
    expect(pivot.rows.map((r) => r.dimensions.gender)).toEqual(['female', 'male', null]);
    const female = pivot.rows[0]!.metrics;
    expect(female).toMatchObject({
      destinations: 3,
      sent: 3,
      delivered: 3,
      bounces: 0,
      impressionsTotal: 3,
      impressionsUnique: 3,
      clicksTotal: 4,
      clicksUnique: 2,
    });
    expect(female.rates.click).toBeCloseTo((2 / 3) * 100, 10); // unique clicks / delivered
    expect(female.rates.open).toBe(100);
    expect(female.rates.clickToOpen).toBeCloseTo((2 / 3) * 100, 10);
    const male = pivot.rows[1]!.metrics;
    expect(male).toMatchObject({ sent: 2, delivered: 1, bounces: 1, unsubscribes: 1 });
    expect(male.rates.bounce).toBe(50); // bounces / sent
    expect(male.rates.unsubscribe).toBe(100); // unsubscribes / delivered
    const unknown = pivot.rows[2]!.metrics;
    expect(unknown.sent).toBe(0);
    expect(unknown.rates.bounce).toBeNull();
    expect(unknown.rates.click).toBeNull();
  });

  it('adds up the groups in its totals', () => {
    const { totals } = pivotByProfile(destinations, [{ kind: 'field', field: 'gender' }]);
    expect(totals).toMatchObject({
      destinations: 6,
      sent: 5,
      delivered: 4,
      bounces: 1,
      impressionsUnique: 3,
      clicksUnique: 2,
      unsubscribes: 1,
    });
    expect(totals.rates.click).toBe(50);
    expect(totals.rates.bounce).toBe(20);
  });

  it('crosses two dimensions, listing only combinations that occur, empty values last', () => {
    const pivot = pivotByProfile(destinations, [
      { kind: 'field', field: 'city' },
      { kind: 'field', field: 'gender' },
    ]);
    expect(pivot.rows.map((r) => [r.dimensions.city, r.dimensions.gender, r.metrics.destinations])).toEqual([
      ['Amsterdam', 'female', 2],
      ['Amsterdam', 'male', 1],
      ['Utrecht', 'female', 1],
      ['Utrecht', null, 1],
      [null, 'male', 1],
    ]);
  });

  it('does not count a bounce for a destination that opened', () => {
    const { totals } = pivotByProfile(
      [destination({}, { delivered: false, bounced: true, impressions: 1 })],
      [{ kind: 'field', field: 'x' }],
    );
    expect(totals).toMatchObject({ delivered: 1, bounces: 0 });
  });

  it('bands ages on the report day, in band order, unusable birth dates as unknown', () => {
    const people = [
      '2006-06-15', // 18 today
      '2006-06-16', // 17 until tomorrow
      '1990-01-01', // 34
      '1989-06-15', // 35
      '1959-06-16', // 64
      '1959-06-15', // 65
      '2030-01-01', // in the future
      '1990-02-30', // no such day
      'unknown',
    ].map((birthDate) => destination({ birthDate }));
    const pivot = pivotByProfile(
      [...people, destination({ birthDate: new Date('2000-01-01T00:00:00Z') })],
      [{ kind: 'ageRange', field: 'birthDate', asOf }],
    );
    expect(pivot.dimensions).toEqual(['age']);
    expect(pivot.rows.map((r) => [r.dimensions.age, r.metrics.destinations])).toEqual([
      ['under 18', 1],
      ['18-24', 2],
      ['25-34', 1],
      ['35-44', 1],
      ['55-64', 1],
      ['65+', 1],
      [null, 3],
    ]);
  });

  it('groups birth dates into generations by birth year', () => {
    const pivot = pivotByProfile(
      ['1920-05-05', '1945-12-31', '1946-01-01', '1980-12-31', '1981-01-01', '1997-01-01', '2013-01-01', ''].map(
        (birthDate) => destination({ birthDate }),
      ),
      [{ kind: 'generation', field: 'birthDate', name: 'generation' }],
    );
    expect(pivot.rows.map((r) => [r.dimensions.generation, r.metrics.destinations])).toEqual([
      ['Greatest Generation', 1],
      ['Silent Generation', 1],
      ['Baby Boomers', 1],
      ['Generation X', 1],
      ['Millennials', 1],
      ['Generation Z', 1],
      ['Generation Alpha', 1],
      [null, 1],
    ]);
  });

  it('sorts numeric field values as numbers', () => {
    const pivot = pivotByProfile(
      [10, 9, 100].map((score) => destination({ score })),
      [{ kind: 'field', field: 'score' }],
    );
    expect(pivot.rows.map((r) => r.dimensions.score)).toEqual([9, 10, 100]);
  });

  it('gives all-null rates for no destinations', () => {
    const pivot = pivotByProfile([], [{ kind: 'field', field: 'city' }]);
    expect(pivot.rows).toEqual([]);
    expect(Object.values(pivot.totals.rates).every((r) => r === null)).toBe(true);
  });

  it('takes one or two dimensions with distinct names', () => {
    expect(() => pivotByProfile([], [])).toThrow(DomainError);
    expect(() =>
      pivotByProfile(
        [],
        [
          { kind: 'field', field: 'a' },
          { kind: 'field', field: 'b' },
          { kind: 'field', field: 'c' },
        ],
      ),
    ).toThrow(DomainError);
    expect(() =>
      pivotByProfile(
        [],
        [
          { kind: 'field', field: 'city' },
          { kind: 'field', field: 'city' },
        ],
      ),
    ).toThrow(DomainError);
  });
});
