import { describe, expect, it } from 'vitest';
import { roleAllows } from './roles';

describe('roleAllows', () => {
  it('ranks VIEWER < MARKETER < ADMIN', () => {
    expect(roleAllows('ADMIN', 'MARKETER')).toBe(true);
    expect(roleAllows('MARKETER', 'MARKETER')).toBe(true);
    expect(roleAllows('VIEWER', 'MARKETER')).toBe(false);
    expect(roleAllows('MARKETER', 'ADMIN')).toBe(false);
  });
});
