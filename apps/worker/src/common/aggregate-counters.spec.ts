import { describe, expect, it } from 'vitest';
import { DominantResult, Prisma } from '@herald/db';
import { AGGREGATE_COUNTERS, DOMINANT_ORDER } from '@herald/statistics';

describe('the fold and the database agree on the counters', () => {
  it('names every MailingAggregate counter column, and nothing else', () => {
    const columns = Object.values(Prisma.MailingAggregateScalarFieldEnum).filter(
      (name) => name !== 'mailingId' && name !== 'accountId' && name !== 'updatedAt',
    );
    expect([...AGGREGATE_COUNTERS].sort()).toEqual(columns.sort());
  });

  it('declares the enum DominantResult in DOMINANT_ORDER, as the schema says it does', () => {
    expect(Object.values(DominantResult)).toEqual([...DOMINANT_ORDER]);
  });
});
