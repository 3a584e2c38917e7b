import type { FieldResponse as Field } from '@herald/contracts';
import { describe, expect, it } from 'vitest';
import { describeConditions } from './condition-summary';

const city = { id: 1, name: 'city', label: 'City', type: 'TEXT' } as unknown as Field;

describe('describeConditions', () => {
  it('reads a saved selection as sentences, with field labels and nested groups', () => {
    expect(
      describeConditions(
        {
          op: 'AND',
          conditions: [
            { field: 'city', operator: 'equals', value: 'London' },
            { field: 'email', operator: 'notEmpty' },
            {
              op: 'OR',
              conditions: [
                { result: 'opened', withinDays: 30 },
                { result: 'clicked', negate: true },
              ],
            },
          ],
        },
        [city],
      ),
    ).toEqual({
      op: 'AND',
      lines: [
        { text: 'City is “London”' },
        { text: 'Email address is not empty' },
        {
          op: 'OR',
          lines: [{ text: 'opened a mailing in the last 30 days' }, { text: 'never clicked a link in a mailing' }],
        },
      ],
    });
  });

  it('names both ends of a range', () => {
    expect(describeConditions({ field: 'age', operator: 'range', min: 18, max: 30 }, [])).toEqual({
      text: 'age is between 18 and 30',
    });
  });
});
