/**
 * How many SMS segments a text takes, as Twilio counts them (standards.md, "Twilio SMS"): GSM-7 when
 * every character is in the GSM 03.38 alphabet, else UCS-2 for the whole message. Pure and free of
 * dependencies, so the SMS channel, the API and the admin app's live counter share this one count.
 */

// The GSM 03.38 basic alphabet (one septet each), escape excluded.
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// The extension table: an escape septet and the character, so two positions each.
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Positions in one single segment and in each part of a concatenated message (its header takes the rest). */
const CAPACITY: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

/** Twilio refuses a longer body (error 21617). */
export const MAX_SMS_CHARACTERS = 1_600;

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Positions used: septets in GSM-7 (extension characters count two), UTF-16 code units in UCS-2. */
  units: number;
  segments: number;
  /** Characters as Twilio counts them against MAX_SMS_CHARACTERS. */
  characters: number;
}

/** The positions each character takes, in order; an emoji is one character of two UTF-16 units in UCS-2. */
function unitsOf(text: string, encoding: SmsEncoding): number[] {
  const units: number[] = [];
  for (const char of text) {
    if (encoding === 'UCS-2') units.push(char.length);
    else units.push(GSM7_EXTENSION.has(char) ? 2 : 1);
  }
  return units;
}

function smsEncoding(text: string): SmsEncoding {
  for (const char of text) if (!GSM7_BASIC.has(char) && !GSM7_EXTENSION.has(char)) return 'UCS-2';
  return 'GSM-7';
}

/**
 * Segments of a text. Split parts are filled greedily and a character is never cut in two (an
 * escape and its character, or a surrogate pair, stay in one part), as handsets reassemble them.
 */
export function countSmsSegments(text: string): SmsSegments {
  const encoding = smsEncoding(text);
  const perChar = unitsOf(text, encoding);
  const units = perChar.reduce((sum, n) => sum + n, 0);
  const { single, part } = CAPACITY[encoding];
  let segments = units === 0 ? 0 : 1;
  if (units > single) {
    segments = 1;
    let used = 0;
    for (const n of perChar) {
      if (used + n > part) {
        segments++;
        used = 0;
      }
      used += n;
    }
  }
  return { encoding, units, segments, characters: perChar.length };
}

/** What a message costs at a price per segment, in the price's unit, rounded to millionths. */
export function smsCost(segments: number, pricePerSegment: number): number {
  return Math.round(segments * pricePerSegment * 1_000_000) / 1_000_000;
}
