import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SELECTION_LIMITS, selectionDepthProblem, selectionGroupDepth } from './selection-tree';

function nested(depth: number): unknown {
  let tree: unknown = { field: 'email', operator: 'empty' };
  for (let i = 0; i < depth; i++) tree = { op: 'AND', conditions: [{ field: 'email', operator: 'notEmpty' }, tree] };
  return tree;
}

describe('selection group depth', () => {
  it('counts the root group as 1 and names the deepest group', () => {
    expect(selectionGroupDepth({ op: 'AND', conditions: [] })).toEqual({ depth: 1, path: '' });
    expect(selectionGroupDepth(nested(3))).toEqual({ depth: 3, path: 'conditions.1.conditions.1' });
    expect(selectionGroupDepth('not a tree').depth).toBe(0);
  });

  it('measures any depth without overflowing the stack, and refuses beyond the limit with the limit in the message', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), (depth) => {
        expect(selectionGroupDepth(nested(depth)).depth).toBe(depth);
        const problem = selectionDepthProblem(nested(depth));
        if (depth <= SELECTION_LIMITS.maxDepth) expect(problem).toBeUndefined();
        else
          expect(problem?.message).toBe(
            `groups may be nested at most ${SELECTION_LIMITS.maxDepth} deep; these are nested ${depth} deep`,
          );
      }),
      { numRuns: 50 },
    );
  });
});
