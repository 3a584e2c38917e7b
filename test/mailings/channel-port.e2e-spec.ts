import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ChannelAdapter,
  ChannelKind,
  ChannelMailing,
  ChannelMessage,
  ChannelOutcome,
  PreparedChannelMailing,
} from '@herald/channels';
import type { PrismaClient } from '@herald/db';
import { parseTrackedDestination } from '@herald/queue';
import type { RunningApi } from '../support/api';
import { acknowledgeWarnings, mailingInStatus, startE2eStack, type E2eStack } from '../support/e2e';

/**
 * A channel that records what it is asked to send and answers with the outcomes it was told to give,
 * one per attempt, per address: what a new channel plugs in, and nothing else.
 */
class RecordingChannel implements ChannelAdapter {
  readonly prepared: ChannelMailing[] = [];
  readonly sent: ChannelMessage[] = [];
  closed = false;

  constructor(
    readonly channel: ChannelKind,
    private readonly script: Map<string, ChannelOutcome[]>,
  ) {}

  async prepare(mailing: ChannelMailing): Promise<PreparedChannelMailing> {
    this.prepared.push(mailing);
    return {
      concurrency: 2,
      send: async (message) => {
        this.sent.push(message);
        const outcome = this.script.get(message.address)?.shift();
        return outcome ?? { kind: 'delivered', response: 'queued', messageId: `SM${message.destinationId}` };
      },
    };
  }

  close(): void {
    this.closed = true;
  }
}

const soft: ChannelOutcome = {
  kind: 'soft',
  code: '30003',
  text: 'Unreachable destination handset',
  senderSide: false,
};

type Mailing = { id: number; channel: string; status: string };
type Report = {
  keyFigures: {
    destinations: number;
    sent: number;
    delivered: number;
    failed: number;
    suppressed: number;
    errors: { total: number; unique: number; soft: number; hard: number };
    noFeedback: number;
  };
  dominantResults: { total: number; buckets: Array<{ result: string; count: number; percent: number }> };
};

describe('the channel port: a test channel carries a whole mailing through dispatch, send, outcomes and the report', () => {
  let stack: E2eStack;
  let prisma: PrismaClient;
  let api: RunningApi;
  let token: string;
  let accountId: number;
  let databaseId: number;
  let documentId: number;
  const channel = new RecordingChannel(
    'SMS',
    new Map<string, ChannelOutcome[]>([
      ['+31600000003', [{ kind: 'hard', code: '21211', text: "Invalid 'To' Phone Number" }]],
      ['+31600000004', [soft]],
      ['+31600000005', [soft, soft, soft]],
      ['+31600000006', [{ kind: 'not-composed', text: 'Variable firstname is missing' }]],
    ]),
  );

  beforeAll(async () => {
    stack = await startE2eStack({
      config: { SEND_RETRY_DELAY_MS: '50', SEND_MAX_ATTEMPTS: '3' },
      channels: [channel],
    });
    ({ prisma, api, token, accountId } = stack);
    databaseId = (await prisma.database.create({ data: { accountId, name: 'Phones' } })).id;
    await prisma.profile.createMany({
      data: [
        ...[1, 2, 3, 4, 5, 6].map((n) => ({
          accountId,
          databaseId,
          // Every profile has an email address too: only the channel decides which address is used.
          email: `p${n}@example.test`,
          mobile: `+3160000000${n}`,
          values: { firstname: `Name${n}` },
        })),
        { accountId, databaseId, email: 'p7@example.test', mobile: '+31600000007', unsubscribedAt: new Date() },
        { accountId, databaseId, email: 'p8@example.test' },
      ],
    });
    // The API writes email documents only so far; an SMS document is a frozen text body.
    documentId = (
      await prisma.document.create({
        data: {
          accountId,
          name: 'Text',
          channel: 'SMS',
          versions: { create: { accountId, version: 1, body: 'Hi {{ profile.firstname }}' } },
        },
      })
    ).id;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends through the channel of the document, with every outcome recorded and reported as for email', async () => {
    const created = await api.request<Mailing>('POST', '/mailings', {
      token,
      body: { name: 'Text mailing', documentId, targetType: 'DATABASE', databaseId },
    });
    expect(created.status).toBe(201);
    expect(created.body.channel).toBe('SMS');
    const mailingId = created.body.id;
    await acknowledgeWarnings(api, token, mailingId);
    expect((await api.request('POST', `/mailings/${mailingId}/send`, { token })).status).toBe(202);

    await mailingInStatus(stack, mailingId, 'SENT', { timeoutMs: 60_000 });

    // Prepared once per process with the frozen body; sent to mobile numbers, never by email.
    expect(channel.prepared).toHaveLength(1);
    expect(channel.prepared[0]).toMatchObject({
      mailingId,
      accountId,
      content: { body: 'Hi {{ profile.firstname }}' },
    });
    expect(stack.catcher.messages()).toHaveLength(0);
    const attempts = new Map<string, number>();
    for (const m of channel.sent) attempts.set(m.address, (attempts.get(m.address) ?? 0) + 1);
    expect(Object.fromEntries(attempts)).toEqual({
      '+31600000001': 1,
      '+31600000002': 1,
      '+31600000003': 1,
      '+31600000004': 2, // a soft answer, then delivered on the retry
      '+31600000005': 3, // soft on every one of SEND_MAX_ATTEMPTS
      '+31600000006': 1,
    });
    const first = channel.sent.find((m) => m.address === '+31600000001')!;
    expect(first.profile).toMatchObject({ firstname: 'Name1', mobile: '+31600000001', email: 'p1@example.test' });
    // The tracking id names mailing and destination; the channel signs it into its links.
    expect(parseTrackedDestination(first.trackingId)).toEqual({ mailingId, destinationId: first.destinationId });

    const destinations = await prisma.destination.findMany({
      where: { mailingId },
      orderBy: { recipientId: 'asc' },
      select: {
        address: true,
        status: true,
        attempts: true,
        lastErrorKind: true,
        lastErrorCode: true,
        suppressionReason: true,
      },
    });
    expect(destinations).toEqual([
      {
        address: '+31600000001',
        status: 'SENT',
        attempts: 1,
        lastErrorKind: null,
        lastErrorCode: null,
        suppressionReason: null,
      },
      {
        address: '+31600000002',
        status: 'SENT',
        attempts: 1,
        lastErrorKind: null,
        lastErrorCode: null,
        suppressionReason: null,
      },
      {
        address: '+31600000003',
        status: 'FAILED',
        attempts: 1,
        lastErrorKind: 'HARD',
        lastErrorCode: '21211',
        suppressionReason: null,
      },
      {
        address: '+31600000004',
        status: 'SENT',
        attempts: 2,
        lastErrorKind: 'SOFT',
        lastErrorCode: '30003',
        suppressionReason: null,
      },
      {
        address: '+31600000005',
        status: 'FAILED',
        attempts: 3,
        lastErrorKind: 'SOFT',
        lastErrorCode: '30003',
        suppressionReason: null,
      },
      {
        address: '+31600000006',
        status: 'FAILED',
        attempts: 1,
        lastErrorKind: 'COMPOSE',
        lastErrorCode: 'compose',
        suppressionReason: null,
      },
      {
        address: '+31600000007',
        status: 'SUPPRESSED',
        attempts: 0,
        lastErrorKind: null,
        lastErrorCode: null,
        suppressionReason: 'unsubscribed',
      },
      {
        address: '',
        status: 'SUPPRESSED',
        attempts: 0,
        lastErrorKind: null,
        lastErrorCode: null,
        suppressionReason: 'no mobile number',
      },
    ]);

    // The hard answer disables the profile for later mailings; the final soft one starts its streak.
    const hard = await prisma.profile.findFirstOrThrow({ where: { mobile: '+31600000003' } });
    expect(hard.disabledReason).toContain('21211');
    expect((await prisma.profile.findFirstOrThrow({ where: { mobile: '+31600000005' } })).softErrorStreak).toBe(1);

    /* Worked out by hand: 6 destinations (8 less 2 suppressed); sent 3 (1, 2, 4 on its retry); failed 3
     * (3 hard, 5 soft at the last attempt, 6 not composed); errors 6 in all (3; 4's first attempt; 5 three
     * times; 6), unique 4, soft 4, hard 1 (composing is neither); dominant: error 3 (3, 5, 6), no feedback
     * 3 (1, 2, 4). */
    const report = await api.request<Report>('GET', `/mailings/${mailingId}/report`, { token });
    expect(report.status).toBe(200);
    expect(report.body.keyFigures).toMatchObject({
      destinations: 6,
      suppressed: 2,
      sent: 3,
      failed: 3,
      delivered: 3,
      errors: { total: 6, unique: 4, soft: 4, hard: 1 },
      noFeedback: 3,
    });
    expect(report.body.dominantResults.total).toBe(6);
    expect(
      Object.fromEntries(
        report.body.dominantResults.buckets.filter((b) => b.count > 0).map((b) => [b.result, b.count]),
      ),
    ).toEqual({ ERROR: 3, NO_FEEDBACK: 3 });
  }, 120_000);

  it('closes the channel with the worker', async () => {
    await stack.stopWorker();
    expect(channel.closed).toBe(true);
  });
});
