import { describe, expect, it } from 'vitest';
import type { SurveyQuestion } from '@herald/contracts';
import { moved, newQuestion, nextId, withKind } from './survey-form';

describe('survey form helpers', () => {
  it('gives ids not yet taken', () => {
    expect(nextId('q', [])).toBe('q1');
    expect(nextId('q', [{ id: 'q2' }, { id: 'q3' }])).toBe('q4');
    expect(nextId('o', [{ id: 'o1' }, { id: 'o3' }])).toBe('o4');
  });

  it('starts choices with two options and ratings at 5', () => {
    expect(newQuestion('single', [])).toMatchObject({
      id: 'q1',
      kind: 'single',
      options: [{ id: 'o1' }, { id: 'o2' }],
    });
    expect(newQuestion('rating', [])).toMatchObject({ kind: 'rating', scale: 5 });
  });

  it('keeps id, label, required and options when the kind changes between choices', () => {
    const single: SurveyQuestion = {
      id: 'q7',
      label: 'Colour',
      required: true,
      kind: 'single',
      options: [{ id: 'o1', label: 'Red' }],
    };
    expect(withKind(single, 'multiple')).toEqual({ ...single, kind: 'multiple' });
    expect(withKind(single, 'text')).toEqual({ id: 'q7', label: 'Colour', required: true, kind: 'text' });
    expect(withKind(single, 'rating')).toEqual({ id: 'q7', label: 'Colour', required: true, kind: 'rating', scale: 5 });
  });

  it('moves an item up or down, not past the ends', () => {
    expect(moved(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
