import { describe, expect, it } from 'vitest';
import { linkClicksOf } from './link-clicks';

describe('linkClicksOf', () => {
  it("splits a link's clicks into people's and machines', people first", () => {
    // Two people clicked three times, a link scanner twice: 5 clicks in all, 3 by people.
    const clicks = linkClicksOf({ clicksTotal: 5, clicksUnique: 2, clicksMachine: 2 });
    expect(clicks).toEqual({ human: 3, machine: 2, total: 5, unique: 2 });
    expect(Object.keys(clicks)[0]).toBe('human');
  });
});
