import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PAGE_SIZE } from '../../apps/api/src/modules/reports/export-stream';
import { startE2eStack, type E2eStack } from '../support/e2e';

/** Two full pages and one row more: the export reads three pages and crosses two page boundaries. */
const ROWS = 2 * EXPORT_PAGE_SIZE + 1;

/**
 * The recipient and error exports read the database a page at a time, each page after the last key of
 * the one before. A mailing larger than a page must come out whole: every row once, in order, the row on
 * a page boundary neither repeated nor lost (the other export specs fit on one page).
 */
describe('exports of a mailing larger than one page', () => {
  let stack: E2eStack;
  let mailingId: number;
  let recipientIds: number[];

  beforeAll(async () => {
    stack = await startE2eStack({ catcher: false, worker: false, role: 'VIEWER' });
    const { accountId } = stack;
    const databaseId = (await stack.prisma.database.create({ data: { accountId, name: 'Many' } })).id;
    const document = await stack.prisma.document.create({ data: { accountId, name: 'News', channel: 'EMAIL' } });
    const version = await stack.prisma.documentVersion.create({
      data: {
        accountId,
        documentId: document.id,
        version: 1,
        fromAddress: 'news@herald.example',
        subject: 'News',
        html: '<p>Hello</p>',
      },
    });
    mailingId = (
      await stack.prisma.mailing.create({
        data: {
          accountId,
          name: 'Large',
          channel: 'EMAIL',
          documentId: document.id,
          documentVersionId: version.id,
          targetType: 'DATABASE',
          databaseId,
          status: 'SENT',
        },
      })
    ).id;
    // Written in bulk: through the send path this many would take minutes.
    await stack.prisma.$executeRaw`
      INSERT INTO "Profile" ("accountId", "databaseId", email, "updatedAt")
      SELECT ${accountId}, ${databaseId}, 'reader' || n || '@example.test', now() FROM generate_series(1, ${ROWS}) AS n`;
    await stack.prisma.$executeRaw`
      INSERT INTO "Destination" ("accountId", "mailingId", "recipientId", "profileId", address, status, "dominantResult", "lastErrorKind", "sentAt", "updatedAt")
      SELECT ${accountId}, ${mailingId}, p.id, p.id, p.email, 'SENT', 'ERROR', 'SOFT', now(), now()
      FROM "Profile" p WHERE p."databaseId" = ${databaseId}`;
    await stack.prisma.$executeRaw`
      INSERT INTO "Event" ("accountId", "mailingId", "destinationId", type, "errorKind", "errorCode", "errorText")
      SELECT ${accountId}, ${mailingId}, d.id, 'ERROR', 'SOFT', '4.2.2', 'mailbox full'
      FROM "Destination" d WHERE d."mailingId" = ${mailingId} ORDER BY d."recipientId"`;
    recipientIds = (
      await stack.prisma.destination.findMany({
        where: { mailingId },
        orderBy: { recipientId: 'asc' },
        select: { recipientId: true },
      })
    ).map((d) => d.recipientId);
    expect(recipientIds).toHaveLength(ROWS);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function csv(path: string): Promise<Array<Record<string, string>>> {
    const res = await fetch(stack.api.url + path, { headers: { authorization: `Bearer ${stack.token}` } });
    expect(res.status).toBe(200);
    return parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
  }

  it('exports every recipient once, in recipient order, across page boundaries', async () => {
    const rows = await csv(`/mailings/${mailingId}/recipients/export?format=csv`);
    expect(rows.map((r) => Number(r.recipientId))).toEqual(recipientIds);
  });

  it('exports every error once, oldest first, across page boundaries', async () => {
    const rows = await csv(`/mailings/${mailingId}/report/errors/export?format=csv`);
    expect(rows).toHaveLength(ROWS);
    // One error per destination, written in recipient order: the addresses come back in that order.
    const addresses = await stack.prisma.destination.findMany({
      where: { mailingId },
      orderBy: { recipientId: 'asc' },
      select: { address: true },
    });
    expect(rows.map((r) => r.address)).toEqual(addresses.map((d) => d.address));
  });
});
