import { describe, expect, it } from 'vitest';
import { nextSteps, summariseMailings } from './home-summary';

const mailing = (id: number, status: string, finishedAt: string | null = null, queuedAt: string | null = null) => ({
  id,
  status: status as 'SENT',
  createdAt: `2026-01-0${id}T10:00:00.000Z`,
  queuedAt,
  finishedAt,
});

describe('summariseMailings', () => {
  it('puts queued and sending ones under sending, scheduled ones next, and the last sent ones newest first', () => {
    const summary = summariseMailings(
      [
        mailing(1, 'SENT', '2026-01-01T12:00:00.000Z'),
        mailing(2, 'SENDING', null, '2026-01-02T11:00:00.000Z'),
        mailing(3, 'SENT', '2026-01-03T12:00:00.000Z'),
        mailing(4, 'SCHEDULED'),
        mailing(5, 'DRAFT'),
        mailing(6, 'QUEUED', null, '2026-01-06T11:00:00.000Z'),
        mailing(7, 'CANCELLED'),
      ],
      5,
    );
    expect(summary.sending.map((m) => m.id)).toEqual([2, 6]);
    expect(summary.scheduled.map((m) => m.id)).toEqual([4]);
    expect(summary.recent.map((m) => m.id)).toEqual([3, 1]);
  });

  it('keeps only the most recent sent mailings', () => {
    const sent = [1, 2, 3].map((id) => mailing(id, 'SENT', `2026-01-0${id}T12:00:00.000Z`));
    expect(summariseMailings(sent, 2).recent.map((m) => m.id)).toEqual([3, 2]);
  });
});

describe('nextSteps', () => {
  it('has a new account start with a database, and sends the import step to the first database', () => {
    const empty = nextSteps({ databases: [], documentCount: 0, mailingCount: 0 });
    expect(empty.map((step) => step.done)).toEqual([false, false, false, false]);
    expect(empty[1]?.to).toBe('/databases');

    const started = nextSteps({ databases: [{ id: 7, profileCount: 0 }], documentCount: 1, mailingCount: 0 });
    expect(started.map((step) => step.done)).toEqual([true, false, true, false]);
    expect(started[1]?.to).toBe('/databases/7/import');
  });

  it('ticks off the import once a database has profiles', () => {
    const steps = nextSteps({ databases: [{ id: 1, profileCount: 3 }], documentCount: 0, mailingCount: 2 });
    expect(steps.map((step) => step.done)).toEqual([true, true, false, true]);
  });
});
