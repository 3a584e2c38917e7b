import { profileSuppressionRepository, type SqlRunner } from '@herald/db';
import { foldSoftErrorStreak, softErrorStreakWithoutReading, type ProfileEffect } from '@herald/statistics';

/** What one event means for one profile, with the reason shown on the profile if it disables it. */
export interface ProfileEffectOf {
  profileId: number;
  effect: ProfileEffect;
  /** Shown on the profile when this effect disables it. */
  reason: string;
}

/**
 * Writes the profile effects the fold returned, in the order given, for one account: disables at once,
 * and runs of soft errors counted by `foldSoftErrorStreak` (the one rule for send time and bounces).
 */
export async function writeProfileEffects(
  sql: SqlRunner,
  accountId: number,
  effects: readonly ProfileEffectOf[],
): Promise<void> {
  if (effects.length === 0) return;
  await profileSuppressionRepository.disable(
    sql,
    accountId,
    effects.filter((e) => e.effect.kind === 'disable'),
  );
  const streakEffects = new Map<number, ProfileEffect[]>();
  for (const { profileId, effect } of effects) {
    if (effect.kind === 'disable') continue;
    streakEffects.set(profileId, [...(streakEffects.get(profileId) ?? []), effect]);
  }
  const ended: number[] = [];
  const counted: number[] = [];
  for (const [profileId, list] of streakEffects) {
    const known = softErrorStreakWithoutReading(list);
    if (known === 0) ended.push(profileId);
    else if (known === null) counted.push(profileId);
  }
  await profileSuppressionRepository.endSoftErrorStreaks(sql, accountId, ended);
  if (counted.length === 0) return;
  const rows = await profileSuppressionRepository.lockSoftErrorStreaks(sql, accountId, counted);
  const updates = [];
  for (const row of rows) {
    const next = foldSoftErrorStreak(row.streak, row.limit, streakEffects.get(row.profileId) ?? []);
    if (next.streak === row.streak && !(next.disable && !row.disabled)) continue;
    updates.push({
      profileId: row.profileId,
      streak: next.streak,
      disable: next.disable,
      reason: `${next.streak} soft errors in a row`,
    });
  }
  await profileSuppressionRepository.writeSoftErrorStreaks(sql, accountId, updates);
}
