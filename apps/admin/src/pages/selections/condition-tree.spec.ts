import { describe, expect, it } from 'vitest';
import type { FieldResponse as Field } from '@herald/contracts';
import {
  completeTree,
  countIncomplete,
  fieldTypeOf,
  isComplete,
  newCondition,
  newGroup,
  newResultCondition,
  operatorsFor,
  toEditor,
  withField,
} from './condition-tree';

const field = (id: number, name: string, type: Field['type']): Field => ({
  id,
  name,
  label: name,
  type,
  required: false,
  unique: false,
  choices: [],
  position: id,
});
const fields: Field[] = [field(1, 'age', 'NUMBER')];

describe('condition tree', () => {
  it('leaves half-typed conditions and the groups they empty out of the tree it sends', () => {
    const tree = newGroup('AND', [
      { ...newCondition('city'), operator: 'equals', value: 'London' },
      { ...newCondition('city'), operator: 'contains', value: '' },
      newGroup('OR', [{ ...newCondition('age'), operator: 'range' }]),
      newGroup('OR', [
        { ...newCondition('age'), operator: 'range', min: 18 },
        { ...newCondition('email'), operator: 'in', values: [] },
      ]),
    ]);
    expect(completeTree(tree)).toEqual({
      op: 'AND',
      conditions: [
        { field: 'city', operator: 'equals', value: 'London' },
        { op: 'OR', conditions: [{ field: 'age', operator: 'range', min: 18 }] },
      ],
    });
    expect(countIncomplete(tree)).toBe(3);
  });

  it('sends only the inputs that belong to the operator', () => {
    const tree = newGroup('AND', [
      { ...newCondition('city'), operator: 'notEmpty', value: 'left over', values: ['x'] },
    ]);
    expect(completeTree(tree).conditions).toEqual([{ field: 'city', operator: 'notEmpty' }]);
  });

  it('round-trips a saved tree through the editor', () => {
    const saved = {
      op: 'OR' as const,
      conditions: [
        { field: 'email', operator: 'startsWith' as const, value: 'a' },
        { op: 'AND' as const, conditions: [{ field: 'age', operator: 'equals' as const, value: 3 }] },
      ],
    };
    expect(completeTree(toEditor(saved))).toEqual(saved);
  });

  it('sends a mailing result without the inputs left empty', () => {
    const tree = newGroup('OR', [{ ...newResultCondition(), result: 'clicked', withinDays: undefined, negate: false }]);
    expect(completeTree(tree).conditions).toEqual([{ result: 'clicked' }]);
    expect(countIncomplete(tree)).toBe(0);
    const saved = { op: 'AND' as const, conditions: [{ result: 'opened' as const, withinDays: 90, negate: true }] };
    expect(completeTree(toEditor(saved))).toEqual(saved);
  });

  it('knows when a condition is complete', () => {
    expect(isComplete({ field: 'x', operator: 'empty' })).toBe(true);
    expect(isComplete({ field: 'x', operator: 'equals', value: false })).toBe(true);
    expect(isComplete({ field: 'x', operator: 'equals' })).toBe(false);
    expect(isComplete({ field: '', operator: 'notEmpty' })).toBe(false);
  });

  it('offers the operators that fit the field type', () => {
    expect(fieldTypeOf('age', fields)).toBe('NUMBER');
    expect(fieldTypeOf('email', fields)).toBe('EMAIL');
    expect(fieldTypeOf('createdAt', fields)).toBe('TIMESTAMP');
    expect(operatorsFor('NUMBER')).toContain('range');
    expect(operatorsFor('NUMBER')).not.toContain('contains');
    expect(operatorsFor('BOOLEAN')).toEqual(['equals', 'notEquals', 'empty', 'notEmpty']);
    // The compiler refuses these for createdAt and dates: they are not offered.
    expect(operatorsFor(fieldTypeOf('createdAt', fields))).toEqual(['equals', 'range']);
    expect(operatorsFor('DATE')).not.toContain('in');
  });

  it('starts a new condition on the first field with an operator that takes a value', () => {
    const withCity = [field(1, 'city', 'TEXT'), field(2, 'age', 'NUMBER')];
    expect(newCondition(undefined, withCity)).toMatchObject({ field: 'city', operator: 'equals' });
    expect(newCondition(undefined, [])).toMatchObject({ field: 'email', operator: 'equals' });
    expect(newCondition('createdAt', withCity)).toMatchObject({ operator: 'equals' });
  });

  it('starts the operator over and drops the value when the field changes', () => {
    const withCity = [field(1, 'city', 'TEXT'), field(2, 'vip', 'BOOLEAN')];
    const emailNotEmpty = { ...newCondition('email', withCity), operator: 'notEmpty' as const };
    const city = withField(emailNotEmpty, 'city', withCity);
    expect(city).toEqual({ key: emailNotEmpty.key, field: 'city', operator: 'equals' });
    const typed = { ...city, operator: 'contains' as const, value: 'Utr' };
    expect(withField(typed, 'vip', withCity)).toEqual({ key: city.key, field: 'vip', operator: 'equals' });
    expect(withField(typed, 'createdAt', withCity)).toMatchObject({ operator: 'equals' });
  });
});
