import { describe, expect, it } from 'vitest';
import { fieldKeyFromLabel } from './field-key';

describe('fieldKeyFromLabel', () => {
  it('makes snake_case keys from labels with spaces and punctuation', () => {
    expect(fieldKeyFromLabel('first name')).toBe('first_name');
    expect(fieldKeyFromLabel('  First   Name ')).toBe('first_name');
    expect(fieldKeyFromLabel('E-mail opt-in?')).toBe('e_mail_opt_in');
    expect(fieldKeyFromLabel('already_a_key')).toBe('already_a_key');
  });

  it('drops accents and spells out letters without a base letter', () => {
    expect(fieldKeyFromLabel('Straße')).toBe('strasse');
    expect(fieldKeyFromLabel('Café crème')).toBe('cafe_creme');
    expect(fieldKeyFromLabel('Søren Ærø')).toBe('soren_aero');
  });

  it('never starts with a digit and is never empty', () => {
    expect(fieldKeyFromLabel('2nd phone')).toBe('f_2nd_phone');
    expect(fieldKeyFromLabel('!!!')).toBe('field');
    expect(fieldKeyFromLabel('日本')).toBe('field');
    expect(fieldKeyFromLabel('first name')).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('is unique among the taken keys, compared without case', () => {
    expect(fieldKeyFromLabel('first name', ['first_name'])).toBe('first_name_2');
    expect(fieldKeyFromLabel('First name', ['FIRST_NAME', 'first_name_2'])).toBe('first_name_3');
    expect(fieldKeyFromLabel('Email', ['email'])).toBe('email_2');
    expect(fieldKeyFromLabel('city', ['first_name'])).toBe('city');
  });

  it('stays within 64 characters, suffix included', () => {
    const long = 'a'.repeat(80);
    expect(fieldKeyFromLabel(long)).toHaveLength(64);
    const second = fieldKeyFromLabel(long, ['a'.repeat(64)]);
    expect(second).toHaveLength(64);
    expect(second.endsWith('_2')).toBe(true);
  });
});
