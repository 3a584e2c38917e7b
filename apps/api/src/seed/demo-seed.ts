import type { Redis } from 'ioredis';
import type { PrismaClient } from '@herald/db';
import { encodeStreamEntry, trackingStreamKey, type TrackingStreamEntry } from '@herald/queue';
import { addCounterChanges, countersOf, newDestination } from '@herald/statistics';
import { compileEmailDocument } from '@herald/templating';
import { hashPassword } from '../common/auth/passwords';

export const DEMO_LOGIN = { email: 'demo@herald.local', password: 'herald-demo-password' } as const;

const FIRST_NAMES = ['Anna', 'Bram', 'Chloé', 'Daan', 'Emma', 'Finn', 'Gijs', 'Hanna', 'Isa', 'Jan', 'Katja', 'Lars'];
const CITIES = ['Amsterdam', 'Rotterdam', 'Utrecht', 'Den Haag', 'Eindhoven', 'Groningen'];

const DEMO_HTML = `<html><body style="font-family:Arial,sans-serif">
<h1>Hello {{ firstname }}!</h1>
<p>Spring has arrived in {{ city }}. Here is what is new this month.</p>
<p><a href="https://example.com/spring-collection">See the spring collection</a></p>
<p><a href="https://example.com/events/{{ city | downcase }}">Events near you</a></p>
<p style="font-size:12px;color:#888"><a href="{{ unsubscribe }}">Unsubscribe</a></p>
</body></html>`;

/** A small deterministic generator, so every demo looks the same. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * A sent demo mailing whose results arrive through the real ingestion path: the destinations are
 * written as the dispatcher writes them, and the opens, clicks, unsubscribes, bounces and complaints
 * are put on the tracking stream for the worker to store, exactly as recipients' requests would be.
 */
async function seedDemoMailing(
  prisma: PrismaClient,
  redis: Redis,
  redisPrefix: string,
  accountId: number,
  databaseId: number,
): Promise<void> {
  const sentAt = new Date(Date.now() - 3 * 24 * 3_600_000);
  const document = await prisma.document.create({
    data: {
      accountId,
      name: 'Spring newsletter',
      channel: 'EMAIL',
      versions: {
        create: {
          accountId,
          version: 1,
          fromName: 'Herald Demo',
          fromAddress: 'news@herald.local',
          subject: 'Spring news for {{ firstname }}',
          html: DEMO_HTML,
        },
      },
    },
    select: { id: true, versions: { select: { id: true } } },
  });
  const mailing = await prisma.mailing.create({
    data: {
      accountId,
      name: 'Spring newsletter',
      channel: 'EMAIL',
      documentId: document.id,
      documentVersionId: document.versions[0]!.id,
      targetType: 'DATABASE',
      databaseId,
      status: 'SENT',
      settings: {
        trackingEnabled: true,
        maxPerMinute: null,
        skipDuplicates: true,
        replyTo: null,
        senderDomain: null,
        maxDurationMinutes: null,
      },
      queuedAt: sentAt,
      dispatchedAt: sentAt,
      startedAt: sentAt,
      finishedAt: new Date(sentAt.getTime() + 60_000),
    },
    select: { id: true },
  });
  const { links } = compileEmailDocument(
    { fromAddress: 'news@herald.local', subject: 'x', html: DEMO_HTML },
    { trackingEnabled: true },
  );
  await prisma.link.createMany({
    data: links.map((l) => ({
      accountId,
      mailingId: mailing.id,
      url: l.url,
      position: l.position,
      isUnsubscribe: l.isUnsubscribe,
    })),
  });
  await prisma.$executeRaw`
    INSERT INTO "Destination" ("accountId", "mailingId", "recipientId", "profileId", address, status, "sentAt", attempts, "updatedAt")
    SELECT ${accountId}, ${mailing.id}, p.id, p.id, p.email, 'SENT', ${sentAt}, 1, now() FROM "Profile" p WHERE p."databaseId" = ${databaseId}`;
  const destinations = await prisma.destination.findMany({
    where: { mailingId: mailing.id },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  // Counted as the fold counts a sent destination with nothing back yet, once per destination.
  const sent = countersOf({ ...newDestination('PENDING'), status: 'SENT' });
  await prisma.mailingAggregate.create({
    data: { mailingId: mailing.id, accountId, ...addCounterChanges({}, sent, destinations.length) },
  });

  const random = seeded(42);
  const at = (maxHours: number): Date => new Date(sentAt.getTime() + 60_000 + random() * maxHours * 3_600_000);
  const browser =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
  const clickLinks = links.filter((l) => !l.isUnsubscribe);
  const entries: TrackingStreamEntry[] = [];
  destinations.forEach(({ id }, i) => {
    const base = { mailingId: mailing.id, destinationId: id, method: 'GET', userAgent: browser };
    const roll = random();
    if (i < 2)
      entries.push({
        ...base,
        kind: 'bounce',
        at: at(1),
        errorKind: 'HARD',
        errorCode: '5.1.1',
        errorText: '550 5.1.1 User unknown',
      });
    else if (i < 4)
      entries.push({
        ...base,
        kind: 'bounce',
        at: at(2),
        errorKind: 'SOFT',
        errorCode: '4.2.2',
        errorText: '452 4.2.2 Mailbox full',
      });
    else if (roll < 0.45) {
      const opened = at(48);
      entries.push({ ...base, kind: 'open', at: opened });
      if (random() < 0.3) entries.push({ ...base, kind: 'open', at: new Date(opened.getTime() + 3_600_000) });
      if (random() < 0.35)
        entries.push({
          ...base,
          kind: 'click',
          at: new Date(opened.getTime() + 30_000),
          linkPosition: clickLinks[Math.floor(random() * clickLinks.length)]!.position,
        });
      if (random() < 0.04) entries.push({ ...base, kind: 'unsubscribe', at: new Date(opened.getTime() + 60_000) });
    } else if (roll < 0.5)
      entries.push({ ...base, kind: 'open', at: at(24), userAgent: 'Mozilla/5.0' }); // a privacy proxy
    else if (roll < 0.505) entries.push({ ...base, kind: 'complaint', at: at(72) });
  });
  const key = trackingStreamKey(redisPrefix);
  const pipeline = redis.pipeline();
  for (const entry of entries) pipeline.xadd(key, '*', ...encodeStreamEntry(entry));
  await pipeline.exec();
}

/** A demo account with a user of each role, a small database and a sent mailing; does nothing when it exists. */
export async function seedDemo(
  prisma: PrismaClient,
  redis: Redis,
  redisPrefix: string,
): Promise<{ created: boolean; accountId: number }> {
  const existing = await prisma.user.findUnique({ where: { email: DEMO_LOGIN.email }, select: { accountId: true } });
  if (existing) return { created: false, accountId: existing.accountId };

  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  const seeded = await prisma.$transaction(async (tx) => {
    const account = await tx.account.create({ data: { name: 'Herald Demo' }, select: { id: true } });
    await tx.user.create({
      data: { accountId: account.id, email: DEMO_LOGIN.email, name: 'Demo Admin', role: 'ADMIN', passwordHash },
    });
    await tx.user.create({
      data: {
        accountId: account.id,
        email: 'marketer@herald.local',
        name: 'Demo Marketer',
        role: 'MARKETER',
        passwordHash,
      },
    });
    await tx.user.create({
      data: { accountId: account.id, email: 'viewer@herald.local', name: 'Demo Viewer', role: 'VIEWER', passwordHash },
    });
    const database = await tx.database.create({
      data: {
        accountId: account.id,
        name: 'Newsletter subscribers',
        description: 'Demo database',
        fields: {
          create: [
            { accountId: account.id, name: 'firstname', type: 'TEXT', position: 0 },
            { accountId: account.id, name: 'city', type: 'TEXT', position: 1 },
            {
              accountId: account.id,
              name: 'gender',
              type: 'CHOICE',
              choices: ['female', 'male', 'other'],
              position: 2,
            },
            { accountId: account.id, name: 'birthdate', type: 'DATE', position: 3 },
          ],
        },
      },
      select: { id: true },
    });
    await tx.profile.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({
        accountId: account.id,
        databaseId: database.id,
        email: `subscriber${i + 1}@example.com`,
        values: {
          firstname: FIRST_NAMES[i % FIRST_NAMES.length],
          city: CITIES[i % CITIES.length],
          gender: ['female', 'male', 'other'][i % 3],
          birthdate: `${1960 + (i % 45)}-${String((i % 12) + 1).padStart(2, '0')}-15`,
        },
      })),
    });
    return { created: true, accountId: account.id, databaseId: database.id };
  });
  await seedDemoMailing(prisma, redis, redisPrefix, seeded.accountId, seeded.databaseId);
  return { created: true, accountId: seeded.accountId };
}
