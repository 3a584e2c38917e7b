import { describe, expect, it } from 'vitest';
import type { FieldResponse as Field } from '@herald/contracts';
import { duplicateTargets, mapsDates, suggestDateFormat, suggestMapping } from './column-mapping';

const field = (name: string, type: Field['type'] = 'TEXT', label = name): Field => ({
  id: name.length,
  name,
  label,
  type,
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

  it('knows the Dutch names of the addresses', () => {
    expect(suggestMapping(['E-mailadres', 'Mobiel'], [])).toEqual({ 'E-mailadres': 'email', Mobiel: 'mobile' });
  });

  it('maps a target to the first matching column only', () => {
    expect(suggestMapping(['email', 'Email'], [])).toEqual({ email: 'email', Email: null });
  });

  it('maps a column to a field by its label too', () => {
    expect(suggestMapping(['First name', 'Woonplaats'], [field('first_name', 'TEXT', 'first name')])).toEqual({
      'First name': 'first_name',
      Woonplaats: null,
    });
  });

  it('proposes the date format found in the columns going into date fields', () => {
    const fields = [field('born', 'DATE'), field('joined', 'DATE'), field('city')];
    const preview = {
      headers: ['Geboren', 'Lid sinds', 'Plaats'],
      rows: [],
      dateFormats: ['dd-mm-yyyy' as const, null, 'yyyy-mm-dd' as const],
    };
    expect(suggestDateFormat(preview, { Geboren: 'born', 'Lid sinds': 'joined', Plaats: 'city' }, fields)).toBe(
      'dd-mm-yyyy',
    );
    expect(suggestDateFormat(preview, { Geboren: null, 'Lid sinds': 'joined', Plaats: 'city' }, fields)).toBeNull();
    expect(
      suggestDateFormat(
        { ...preview, dateFormats: ['dd-mm-yyyy', 'mm/dd/yyyy', null] },
        { Geboren: 'born', 'Lid sinds': 'joined' },
        fields,
      ),
    ).toBeNull();
    expect(mapsDates({ Geboren: 'born', Plaats: null }, fields)).toBe(true);
    expect(mapsDates({ Geboren: null, Plaats: 'city' }, fields)).toBe(false);
  });

  it('finds targets chosen for two columns', () => {
    expect(duplicateTargets({ a: 'email', b: 'email', c: 'city', d: null, e: null })).toEqual(['email']);
  });
});
