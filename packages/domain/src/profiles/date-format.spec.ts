import { describe, expect, it } from 'vitest';
import { detectDateFormat, parseDateAs } from './date-format';
import { normaliseFieldValue } from './field-value';

describe('parseDateAs', () => {
  it('reads each format into YYYY-MM-DD', () => {
    expect(parseDateAs('31-12-2024', 'dd-mm-yyyy')).toEqual({ ok: true, value: '2024-12-31' });
    expect(parseDateAs('12/31/2024', 'mm/dd/yyyy')).toEqual({ ok: true, value: '2024-12-31' });
    expect(parseDateAs('1-2-2024', 'd-m-yyyy')).toEqual({ ok: true, value: '2024-02-01' });
    expect(parseDateAs('2024-12-31', 'yyyy-mm-dd')).toEqual({ ok: true, value: '2024-12-31' });
    expect(parseDateAs('01/02/2024', 'mm/dd/yyyy')).toEqual({ ok: true, value: '2024-01-02' });
    expect(parseDateAs('01/02/2024', 'dd-mm-yyyy')).toEqual({ ok: true, value: '2024-02-01' });
  });

  it('reads ISO dates whatever the format', () => {
    expect(parseDateAs('2024-12-31', 'dd-mm-yyyy')).toEqual({ ok: true, value: '2024-12-31' });
    expect(parseDateAs('2024-12-31', 'mm/dd/yyyy')).toEqual({ ok: true, value: '2024-12-31' });
  });

  it('refuses days that do not exist and cells in another format, naming the format', () => {
    expect(parseDateAs('31-02-2024', 'dd-mm-yyyy')).toEqual({
      ok: false,
      message: 'must be a date written dd-mm-yyyy (31-12-2024)',
    });
    expect(parseDateAs('29-02-2023', 'd-m-yyyy').ok).toBe(false);
    expect(parseDateAs('29-02-2024', 'd-m-yyyy')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDateAs('12/31/2024', 'dd-mm-yyyy').ok).toBe(false);
    expect(parseDateAs('31-12-2024', 'mm/dd/yyyy').ok).toBe(false);
    expect(parseDateAs('1-2-2024', 'dd-mm-yyyy').ok).toBe(false);
    expect(parseDateAs('31-12-2024', 'yyyy-mm-dd').ok).toBe(false);
  });
});

describe('detectDateFormat', () => {
  it('tells day-first from month-first by the days above 12', () => {
    expect(detectDateFormat(['05-01-2024', '31-12-2024'])).toBe('dd-mm-yyyy');
    expect(detectDateFormat(['01/05/2024', '12/31/2024'])).toBe('mm/dd/yyyy');
    expect(detectDateFormat(['31/12/2024', '01/05/2024'])).toBe('dd-mm-yyyy');
  });

  it('tells the short day-first format and ISO', () => {
    expect(detectDateFormat(['1-2-2024', '31-12-2024'])).toBe('d-m-yyyy');
    expect(detectDateFormat(['2024-12-31', '', '2023-01-01'])).toBe('yyyy-mm-dd');
  });

  it('follows the separator when both orders read every sample', () => {
    expect(detectDateFormat(['01/02/2024'])).toBe('mm/dd/yyyy');
    expect(detectDateFormat(['01-02-2024'])).toBe('dd-mm-yyyy');
  });

  it('is not put off by a wrong date among the samples', () => {
    expect(detectDateFormat(['31-12-2024', '05-01-2024', '31-02-2024', '15-06-1990'])).toBe('dd-mm-yyyy');
    expect(detectDateFormat(['12/31/2024', '01/30/2024', 'unknown'])).toBe('mm/dd/yyyy');
  });

  it('finds nothing without samples, when nothing reads as a date, or when the orders tie on different cells', () => {
    expect(detectDateFormat([])).toBeNull();
    expect(detectDateFormat(['', ' '])).toBeNull();
    expect(detectDateFormat(['yesterday', '12,5'])).toBeNull();
    expect(detectDateFormat(['31-12-2024', '12/31/2024'])).toBeNull();
  });
});

describe('normaliseFieldValue with a date format', () => {
  const date = { type: 'DATE' as const, choices: [] };
  it('reads a DATE cell in the chosen format only', () => {
    expect(normaliseFieldValue(date, '01/02/2024', undefined, 'mm/dd/yyyy')).toEqual({ ok: true, value: '2024-01-02' });
    expect(normaliseFieldValue(date, '01/02/2024')).toEqual({ ok: true, value: '2024-02-01' });
    expect(normaliseFieldValue(date, '12/31/2024', undefined, 'dd-mm-yyyy').ok).toBe(false);
  });
});
