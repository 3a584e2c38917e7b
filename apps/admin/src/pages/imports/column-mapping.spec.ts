import { describe, expect, it } from 'vitest';
import type { FieldResponse as Field } from '@herald/contracts';
import { duplicateTargets, suggestMapping } from './column-mapping';

const field = (name: string): Field => ({
  id: name.length,
  name,
  type: 'TEXT',
  required: false,
  unique: false,
  choices: [],
  position: 0,
});

describe('column mapping', () => {
  it('maps columns to fields and addresses by name, ignoring case and punctuation', () => {
    expect(suggestMapping(['E-mail', 'First Name', 'Mobile number', 'shoe size'], [field('firstName')])).toEqual({
      'E-mail': 'email',
      'First Name': 'firstName',
      'Mobile number': 'mobile',
      'shoe size': null,
    });
  });

  it('maps a target to the first matching column only', () => {
    expect(suggestMapping(['email', 'Email'], [])).toEqual({ email: 'email', Email: null });
  });

  it('finds targets chosen for two columns', () => {
    expect(duplicateTargets({ a: 'email', b: 'email', c: 'city', d: null, e: null })).toEqual(['email']);
  });
});
