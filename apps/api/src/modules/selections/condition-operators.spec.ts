import { describe, expect, it } from 'vitest';
import { CONDITION_OPERATORS_BY_TYPE as offered } from '@herald/contracts';
import { CONDITION_OPERATORS_BY_TYPE as accepted } from '@herald/domain';

describe('condition operators per column type', () => {
  it('are the same in the contracts the admin app offers and in the compiler that checks them', () => {
    expect(offered).toEqual(accepted);
  });
});
