import { describe, expect, it } from 'vitest';
import { countSmsSegments, smsCost } from './sms-segments';

const a = (n: number): string => 'a'.repeat(n);
const e = (n: number): string => 'é'.repeat(n); // in GSM-7's basic table
const u = (n: number): string => 'ж'.repeat(n); // outside GSM-7: UCS-2

describe('countSmsSegments', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 0],
    ['one character', 'a', 'GSM-7', 1, 1],
    ['160 GSM-7: one segment', a(160), 'GSM-7', 160, 1],
    ['161 GSM-7: two parts of 153', a(161), 'GSM-7', 161, 2],
    ['306 GSM-7: two full parts', a(306), 'GSM-7', 306, 2],
    ['307 GSM-7: three parts', a(307), 'GSM-7', 307, 3],
    ['accented letters of the basic table stay GSM-7', e(160), 'GSM-7', 160, 1],
    ['extension characters count two: 80 euro signs fill one segment', '€'.repeat(80), 'GSM-7', 160, 1],
    ['81 euro signs: 162 positions, two parts', '€'.repeat(81), 'GSM-7', 162, 2],
    ['159 + one extension character: 161 positions', a(159) + '^', 'GSM-7', 161, 2],
    ['every extension character counts two', '^{}\\[~]|€', 'GSM-7', 18, 1],
    // An escape and its character are never split: 152 + '{' leaves part one at 152, part two takes '{'.
    ['an extension character does not straddle two parts', a(152) + '{' + a(10), 'GSM-7', 164, 2],
    ['70 UCS-2: one segment', u(70), 'UCS-2', 70, 1],
    ['71 UCS-2: two parts of 67', u(71), 'UCS-2', 71, 2],
    ['134 UCS-2: two full parts', u(134), 'UCS-2', 134, 2],
    ['135 UCS-2: three parts', u(135), 'UCS-2', 135, 3],
    ['one character outside GSM-7 makes the whole message UCS-2', a(69) + 'ж', 'UCS-2', 70, 1],
    ['an emoji forces UCS-2 and takes two units', a(68) + '😀', 'UCS-2', 70, 1],
    ['an emoji that would push past 70 splits the message', a(69) + '😀', 'UCS-2', 71, 2],
    ['an emoji is never cut in two across parts', a(66) + '😀' + a(10), 'UCS-2', 78, 2],
    ['a surrogate pair at the boundary moves to the next part', a(133) + '😀', 'UCS-2', 135, 3],
  ])('%s', (_name, text, encoding, units, segments) => {
    expect(countSmsSegments(text)).toMatchObject({ encoding, units, segments });
  });

  it('counts characters, not UTF-16 units, toward the 1,600 character limit', () => {
    expect(countSmsSegments('😀😀').characters).toBe(2);
  });
});

describe('smsCost', () => {
  it('is segments times the price per segment, without float noise', () => {
    expect(smsCost(3, 0.0079)).toBe(0.0237);
    expect(smsCost(0, 0.0079)).toBe(0);
  });
});
