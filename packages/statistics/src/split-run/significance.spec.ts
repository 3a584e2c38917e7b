import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit, chiSquareTest, minimumDetectableDifference, twoProportionZTest } from './significance';

describe('twoProportionZTest', () => {
  it('matches the figures worked out by hand: A 100 of 1,000, B 130 of 1,000', () => {
    // pooled p = 230 / 2000 = 0.115; SE = √(0.115 · 0.885 · (1/1000 + 1/1000)) = 0.0142671
    // z = 0.03 / 0.0142671 = 2.10274; two-sided p = 2 · (1 − Φ(2.10274)) = 0.03549
    // unpooled SE = √(0.1 · 0.9 / 1000 + 0.13 · 0.87 / 1000) = 0.0142513; margin 1.959964 · SE = 0.027932
    const test = twoProportionZTest({ successes: 100, trials: 1000 }, { successes: 130, trials: 1000 })!;
    expect(test.difference).toBeCloseTo(0.03, 12);
    expect(test.z).toBeCloseTo(2.10274, 4);
    expect(test.pValue).toBeCloseTo(0.03549, 4);
    expect(test.confidenceInterval[0]).toBeCloseTo(0.002068, 5);
    expect(test.confidenceInterval[1]).toBeCloseTo(0.057932, 5);
  });

  it('gives no difference a p-value of 1, and an empty group no test', () => {
    expect(twoProportionZTest({ successes: 0, trials: 50 }, { successes: 0, trials: 50 })!.pValue).toBe(1);
    expect(twoProportionZTest({ successes: 5, trials: 50 }, { successes: 5, trials: 50 })!.pValue).toBeCloseTo(1, 12);
    expect(twoProportionZTest({ successes: 0, trials: 0 }, { successes: 5, trials: 50 })).toBeNull();
  });
});

describe('chiSquareTest', () => {
  it('equals z² for two groups', () => {
    const chi = chiSquareTest([
      { successes: 100, trials: 1000 },
      { successes: 130, trials: 1000 },
    ])!;
    expect(chi.statistic).toBeCloseTo(2.10274 ** 2, 3);
    expect(chi.pValue).toBeCloseTo(0.03549, 4);
  });

  it('matches the figures worked out by hand for three groups: 10, 20 and 30 of 100', () => {
    // pooled 60 / 300 = 0.2: expected 20 yes and 80 no per group.
    // (10−20)²/20 + (90−80)²/80 + 0 + 0 + (30−20)²/20 + (70−80)²/80 = 5 + 1.25 + 5 + 1.25 = 12.5
    // With 2 degrees of freedom the tail is e^(−x/2): e^(−6.25) = 0.0019305
    const chi = chiSquareTest([
      { successes: 10, trials: 100 },
      { successes: 20, trials: 100 },
      { successes: 30, trials: 100 },
    ])!;
    expect(chi.statistic).toBeCloseTo(12.5, 10);
    expect(chi.degreesOfFreedom).toBe(2);
    expect(chi.pValue).toBeCloseTo(Math.exp(-6.25), 8);
  });

  it('needs two non-empty groups', () => {
    expect(chiSquareTest([{ successes: 1, trials: 10 }])).toBeNull();
  });
});

describe('chiSquareGoodnessOfFit', () => {
  it('matches a hand-worked fit: 30, 20, 50 against shares 1 : 1 : 2', () => {
    // expected 25, 25, 50: 25/25 + 25/25 + 0 = 2; df 2: p = e^(−1) = 0.36788
    const fit = chiSquareGoodnessOfFit([30, 20, 50], [1, 1, 2]);
    expect(fit.statistic).toBeCloseTo(2, 12);
    expect(fit.pValue).toBeCloseTo(Math.exp(-1), 8);
  });
});

describe('minimumDetectableDifference', () => {
  it('matches the power formula worked out by hand: 1,000 each, rate 10 %, 95 %, 80 % power', () => {
    // (1.959964 + 0.841621) · √(0.1 · 0.9 · (2 / 1000)) = 2.801585 · 0.0134164 = 0.037587
    expect(minimumDetectableDifference(1000, 1000, { baseline: 0.1 })).toBeCloseTo(0.037587, 5);
    // Four times the people halve the detectable difference.
    expect(minimumDetectableDifference(4000, 4000, { baseline: 0.1 })).toBeCloseTo(0.037587 / 2, 5);
    expect(minimumDetectableDifference(0, 1000, { baseline: 0.1 })).toBeNull();
  });
});
