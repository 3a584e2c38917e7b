import { describe, expect, it } from 'vitest';
import { emptyMailingCounters, type MailingCounters } from '../key-figures';
import { chooseSplitRunWinner, variantForRemainder, type SplitRunVariantResult } from './split-run-winner';

function variant(label: string, counters: Partial<MailingCounters>): SplitRunVariantResult {
  return { label, counters: { ...emptyMailingCounters(), ...counters } };
}

describe('chooseSplitRunWinner', () => {
  it('counts people only: machine opens do not make a variant win', () => {
    const a = variant('A', { sent: 100, impressionsTotal: 30, impressionsUnique: 30 });
    // B has more opens in total, but 20 of its 40 are a privacy proxy's.
    const b = variant('B', { sent: 100, impressionsTotal: 40, impressionsMachine: 20, impressionsUnique: 20 });
    const choice = chooseSplitRunWinner([a, b], 'IMPRESSIONS');
    expect(choice.winner).toBe(0);
    expect(choice.rule).toBe('best');
    expect(choice.values).toEqual([0.3, 0.2]);
    expect(choice.reason).toBe('Variant A has the highest impressions per message sent: 30.00 %, against B 20.00 %.');
  });

  it('machine clicks do not count either', () => {
    const a = variant('A', { sent: 50, clicksTotal: 10, clicksUnique: 10 });
    const b = variant('B', { sent: 50, clicksTotal: 30, clicksMachine: 25, clicksUnique: 5 });
    expect(chooseSplitRunWinner([a, b], 'CLICKS').winner).toBe(0);
  });

  it('ranks rates, not counts: a bigger group does not win by size', () => {
    const a = variant('A', { sent: 1000, clicksUnique: 50 }); // 5 %
    const b = variant('B', { sent: 200, clicksUnique: 20 }); // 10 %
    expect(chooseSplitRunWinner([a, b], 'UNIQUE_CLICKS').winner).toBe(1);
  });

  it('uses Herald CTR (dominant clicks over dominant impressions and clicks)', () => {
    // A: 12 / (120 + 12) = 9.09 %; B: 10 / (40 + 10) = 20 %
    const a = variant('A', { sent: 500, dominantImpression: 120, dominantClick: 12 });
    const b = variant('B', { sent: 500, dominantImpression: 40, dominantClick: 10 });
    const choice = chooseSplitRunWinner([a, b], 'CTR');
    expect(choice.winner).toBe(1);
    expect(choice.values[0]).toBeCloseTo(12 / 132, 12);
  });

  it('fewest errors wins on the lowest error rate', () => {
    const a = variant('A', { sent: 100, errorsUnique: 5 });
    const b = variant('B', { sent: 100, errorsUnique: 2 });
    const choice = chooseSplitRunWinner([a, b], 'FEWEST_ERRORS');
    expect(choice.winner).toBe(1);
    expect(choice.reason).toContain('lowest addresses with an error');
  });

  it('a tie goes to the first of the tied variants, with the reason', () => {
    const a = variant('A', { sent: 100, impressionsUnique: 10 });
    const b = variant('B', { sent: 100, impressionsUnique: 20 });
    const c = variant('C', { sent: 200, impressionsUnique: 40 });
    const choice = chooseSplitRunWinner([a, b, c], 'UNIQUE_IMPRESSIONS');
    expect(choice).toMatchObject({ winner: 1, rule: 'tie' });
    expect(choice.reason).toBe(
      'Variants B, C tied on messages with impression / messages sent (20.00 %): B, the first of them, by rule.',
    );
  });

  it('no data goes to the first variant, with the reason', () => {
    const nothing = chooseSplitRunWinner([variant('A', { sent: 10 }), variant('B', { sent: 10 })], 'CLICKS');
    expect(nothing).toMatchObject({ winner: 0, rule: 'no-data' });
    expect(nothing.reason).toBe('No clicks per message sent in any test group: variant A, the first, by rule.');
    // Nothing sent at all: no rate anywhere.
    expect(chooseSplitRunWinner([variant('A', {}), variant('B', {})], 'CTR')).toMatchObject({
      winner: 0,
      rule: 'no-data',
    });
  });

  it('a choice by hand wins over the criterion; MANUAL without one waits', () => {
    const a = variant('A', { sent: 100, impressionsUnique: 50 });
    const b = variant('B', { sent: 100, impressionsUnique: 10 });
    expect(
      chooseSplitRunWinner([a, b], 'IMPRESSIONS', { manual: { variant: 1, by: 'ann@example.com' } }),
    ).toMatchObject({ winner: 1, rule: 'manual', reason: 'Variant B chosen by hand by ann@example.com.' });
    expect(chooseSplitRunWinner([a, b], 'MANUAL')).toMatchObject({ winner: null, rule: 'manual' });
    expect(() => chooseSplitRunWinner([a, b], 'MANUAL', { manual: { variant: 2, by: 'x' } })).toThrow(RangeError);
  });

  it('says in words whether the win is real (hand-worked: 100 of 1,000 against 130 of 1,000, p = 0.0355)', () => {
    const a = variant('A', { sent: 1000, clicksUnique: 100 });
    const b = variant('B', { sent: 1000, clicksUnique: 130 });
    const sig = chooseSplitRunWinner([a, b], 'UNIQUE_CLICKS').significance!;
    expect(sig.pValue).toBeCloseTo(0.03549, 4);
    expect(sig.confidencePercent).toBe(96);
    expect(sig.significant).toBe(true);
    expect(sig.sentence).toBe('B is better than A with 96 % confidence.');
    const strict = chooseSplitRunWinner([a, b], 'UNIQUE_CLICKS', { level: 0.99 }).significance!;
    expect(strict.significant).toBe(false);
    expect(strict.sentence).toBe('Too close to call: B leads A, but with 96 % confidence (99 % needed).');
  });

  it('never says 100 % confidence', () => {
    const a = variant('A', { sent: 10_000, clicksUnique: 500 });
    const b = variant('B', { sent: 10_000, clicksUnique: 2_000 });
    const sig = chooseSplitRunWinner([a, b], 'UNIQUE_CLICKS').significance!;
    expect(sig.pValue).toBeLessThan(1e-12);
    expect(sig.sentence).toBe('B is better than A with 99 % confidence.');
  });

  it('with more than two variants the claim must also pass chi-square over all of them', () => {
    // 10, 20, 30 of 100: chi-square 12.5, p = e^(−6.25) = 0.00193; C against B: pooled 0.25, SE = √(0.25 · 0.75 · 0.02) = 0.061237,
    // z = 0.1 / 0.061237 = 1.63299, p = 2 · (1 − Φ(1.63299)) = 0.10247
    const sig = chooseSplitRunWinner(
      [
        variant('A', { sent: 100, clicksUnique: 10 }),
        variant('B', { sent: 100, clicksUnique: 20 }),
        variant('C', { sent: 100, clicksUnique: 30 }),
      ],
      'UNIQUE_CLICKS',
    ).significance!;
    expect(sig.chiSquare!.statistic).toBeCloseTo(12.5, 10);
    expect(sig.pairwise!.difference).toBeCloseTo(0.1, 12);
    expect(sig.pValue).toBe(sig.pairwise!.pValue);
    expect(sig.pValue).toBeCloseTo(0.10247, 4);
    expect(sig.sentence).toBe('Too close to call: C leads B, but with 89 % confidence (95 % needed).');
  });
});

describe('variantForRemainder', () => {
  const a = variant('A', { sent: 100, clicksUnique: 10 });
  const b = variant('B', { sent: 100, clicksUnique: 12 });
  const close = chooseSplitRunWinner([a, b], 'UNIQUE_CLICKS');

  it('sends the winner when significance is not required', () => {
    expect(variantForRemainder(close, false, 'WAIT')).toMatchObject({ variant: 1 });
  });

  it('otherwise the control, or nothing until a choice by hand', () => {
    expect(close.significance!.significant).toBe(false);
    expect(variantForRemainder(close, true, 'CONTROL')).toMatchObject({ variant: 0 });
    expect(variantForRemainder(close, true, 'WAIT')).toBeNull();
  });
});
