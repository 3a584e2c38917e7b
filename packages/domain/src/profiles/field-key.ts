/** Letters that Unicode decomposition does not take apart into a base letter and a mark. */
const SPELLED_OUT: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

const MAX_KEY_LENGTH = 64;

/**
 * The key of a field a marketer names with a label: what templates (`{{ first_name }}`),
 * selections and imports use. Lower-case snake_case of ASCII letters and digits: accents are
 * dropped ("Café" → "cafe"), ß and other letters without a base letter are spelled out
 * ("Straße" → "strasse"), every run of other characters becomes one "_". A key that would
 * start with a digit gets "f_" before it ("2nd phone" → "f_2nd_phone"), one with no letter or
 * digit at all is "field". A key in `taken` (compared case-insensitively: the database's keys
 * and the reserved names) gets the first free suffix "_2", "_3", …
 */
export function fieldKeyFromLabel(label: string, taken: Iterable<string> = []): string {
  const base =
    label
      .toLowerCase()
      .replace(/[ßæœøłđðþı]/g, (letter) => SPELLED_OUT[letter] ?? letter)
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'field';
  const key = /^[0-9]/.test(base) ? `f_${base}` : base;
  const used = new Set([...taken].map((name) => name.toLowerCase()));
  const fit = (text: string, suffix = '') =>
    `${text.slice(0, MAX_KEY_LENGTH - suffix.length).replace(/_+$/, '')}${suffix}`;
  if (!used.has(fit(key))) return fit(key);
  for (let n = 2; ; n++) {
    const candidate = fit(key, `_${n}`);
    if (!used.has(candidate)) return candidate;
  }
}
