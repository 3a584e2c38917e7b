import { describe, expect, it } from 'vitest';
import { fileNameOf } from './client';

describe('fileNameOf', () => {
  it('takes the name an export was sent with', () => {
    expect(fileNameOf('attachment; filename="mailing-7-report.csv"', 'x')).toBe('mailing-7-report.csv');
    expect(fileNameOf('attachment; filename="a.xlsx"; filename*=UTF-8\'\'Nieuwsbrief%20m%C3%A4rz.xlsx', 'x')).toBe(
      'Nieuwsbrief märz.xlsx',
    );
  });

  it('falls back when the API names no file', () => {
    expect(fileNameOf(null, 'mailing-1-errors.csv')).toBe('mailing-1-errors.csv');
    expect(fileNameOf('attachment', 'fallback.csv')).toBe('fallback.csv');
  });
});
