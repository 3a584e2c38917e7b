import { MAILING_STEPS, type MailingStep } from '@herald/domain';
import type { MailingRef } from './mailing-aggregate.repository';
import type { SqlRunner } from './sql-runner';

/** What a step records besides the status; values are bound parameters from $4 on. */
interface StepWrite {
  set?: string;
  /** A condition beyond the from-states. */
  when?: string;
}

const STEP_WRITES: Record<MailingStep, (values: unknown[], options: StepOptions) => StepWrite> = {
  schedule: () => ({}),
  unschedule: () => ({}),
  queue: (values, options) => {
    if (options.documentVersionId === undefined) throw new Error('queueing a mailing freezes a document version');
    values.push(options.documentVersionId);
    return { set: `"queuedAt" = now(), "documentVersionId" = $${values.length}` };
  },
  'start-sending': () => ({ set: `"dispatchedAt" = now(), "startedAt" = COALESCE("startedAt", now())` }),
  // Only once every destination is written and none is pending.
  finish: () => ({
    set: `"finishedAt" = now()`,
    when: `"dispatchedAt" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Destination" d WHERE d."mailingId" = m.id AND d.status = 'PENDING')`,
  }),
  complete: () => ({ set: `"finishedAt" = now()` }),
  cancel: (values, options) => cancelled(values, options),
  stop: (values, options) => cancelled(values, options),
};

function cancelled(values: unknown[], options: StepOptions): StepWrite {
  values.push(options.by ?? null);
  return { set: `"cancelledAt" = now(), "cancelledBy" = $${values.length}` };
}

export interface StepOptions {
  /** `queue`: the document version the mailing sends. */
  documentVersionId?: number;
  /** `cancel`, `stop`: the user who did it. */
  by?: number | null;
}

/**
 * The only writer of `Mailing.status`: each change is one step of the lifecycle in `@herald/domain`
 * (`MAILING_STEPS`), taken only from the states the step allows and only for the mailing's account,
 * in one conditional statement, so of two racing steps one wins and the other learns it lost.
 */
export const mailingStatusRepository = {
  /** Takes the step; false when the mailing (of this account) was not in a state that allows it. */
  async move(sql: SqlRunner, mailing: MailingRef, step: MailingStep, options: StepOptions = {}): Promise<boolean> {
    return (await mailingStatusRepository.moveMany(sql, [mailing], step, options)).length > 0;
  },

  /**
   * Takes the step for several mailings in one statement (a second's runs of many schedules), each
   * only for its own account; returns the ids of those that were in a state that allows it.
   */
  async moveMany(
    sql: SqlRunner,
    mailings: readonly MailingRef[],
    step: MailingStep,
    options: StepOptions = {},
  ): Promise<number[]> {
    if (mailings.length === 0) return [];
    const { from, to } = MAILING_STEPS[step];
    const values: unknown[] = [mailings.map((m) => m.mailingId), mailings.map((m) => m.accountId), to];
    const write = STEP_WRITES[step](values, options);
    const states = from.map((state) => {
      values.push(state);
      return `$${values.length}::"MailingStatus"`;
    });
    const rows = await sql.query<{ id: number }>(
      `UPDATE "Mailing" m SET status = $3::"MailingStatus", ${write.set ? `${write.set}, ` : ''}"updatedAt" = now()
       FROM unnest($1::int[], $2::int[]) AS ref(id, "accountId")
       WHERE m.id = ref.id AND m."accountId" = ref."accountId" AND m.status IN (${states.join(', ')})${write.when ? ` AND ${write.when}` : ''}
       RETURNING m.id`,
      values,
    );
    return rows.map((r) => r.id);
  },
};
