import { describe, expect, it } from 'vitest';
import { detectCsvDelimiter } from './csv-delimiter';

describe('detectCsvDelimiter', () => {
  it('takes the separator of the header line', () => {
    expect(detectCsvDelimiter('email;naam;geboren\na@x.nl;Jansen, Piet;31-12-1990')).toBe(';');
    expect(detectCsvDelimiter('email,name\r\na@x.nl;b')).toBe(',');
    expect(detectCsvDelimiter('email\tname\tcity\n')).toBe('\t');
  });

  it('does not count separators inside quotes', () => {
    expect(detectCsvDelimiter('"last, first";"city, country"\n')).toBe(';');
    expect(detectCsvDelimiter('"a;b;c",d\n')).toBe(',');
  });

  it('falls back to a comma for one column or an empty file', () => {
    expect(detectCsvDelimiter('email\na@x.nl')).toBe(',');
    expect(detectCsvDelimiter('')).toBe(',');
  });
});
