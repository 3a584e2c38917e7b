import { describe, expect, it } from 'vitest';
import { conditionOperatorsFor, defaultConditionOperator, operatorTakesValue } from './selections.schema';

describe('condition operators', () => {
  it('start a condition with an operator that fits its column and takes a value', () => {
    for (const type of ['TEXT', 'EMAIL', 'PHONE', 'CHOICE', 'NUMBER', 'DATE', 'BOOLEAN', 'TIMESTAMP'] as const) {
      const operator = defaultConditionOperator(type);
      expect(conditionOperatorsFor(type)).toContain(operator);
      expect(operatorTakesValue(operator)).toBe(true);
    }
  });

  it('offer per type only what the type can do', () => {
    expect(conditionOperatorsFor('TEXT')).toContain('contains');
    expect(conditionOperatorsFor('DATE')).not.toContain('in');
    expect(conditionOperatorsFor('BOOLEAN')).toEqual(['equals', 'notEquals', 'empty', 'notEmpty']);
    expect(conditionOperatorsFor('TIMESTAMP')).toEqual(['equals', 'range']);
  });

  it('take a value except for empty and not empty', () => {
    expect(operatorTakesValue('empty')).toBe(false);
    expect(operatorTakesValue('notEmpty')).toBe(false);
    expect(operatorTakesValue('range')).toBe(true);
    expect(operatorTakesValue('in')).toBe(true);
  });
});
