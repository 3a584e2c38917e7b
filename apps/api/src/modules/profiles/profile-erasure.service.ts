import { Injectable } from '@nestjs/common';
import { Prisma, destinationRepository, mailingAggregateRepository, prismaRunner } from '@herald/db';
import { addCounterChanges, asFoldState, foldDestination, type CounterChanges } from '@herald/statistics';
import { DomainError } from '@herald/domain';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { ERASED_ADDRESS, eraseIdentifiers, personalIdentifiers } from './profile-erasure';
import { changeSource } from './profiles.service';

/** A destination withdrawn from its mailing, as it stood (it was pending). */

interface TextRow {
  id: bigint;
  text: string;
}

/**
 * Deleting a profile erases its personal data (GDPR art. 17) and keeps every figure of the reports.
 *
 * The rows stay, as anonymous tombstones, rather than being reassigned to a shared "erased" profile:
 * a destination is unique per recipient and mailing, so two erased people of one mailing could not
 * share one, and each destination's dominant result, first-result times and events are what the
 * reports' per-destination lists, unique counts and exports are made of. The mailing aggregates hold
 * counts only; results already in are not touched, so key figures and dominant results read the same
 * before and after (only destinations not yet handed over leave the figures, as suppressed).
 */
@Injectable()
export class ProfileErasureService {
  constructor(private readonly prisma: PrismaService) {}

  async erase(principal: Principal, id: number): Promise<void> {
    const { accountId } = principal;
    await this.prisma.client.$transaction(
      async (tx) => {
        // Locked, so an edit or import of the profile cannot write its values back meanwhile.
        const [profile] = await tx.$queryRaw<
          Array<{ email: string | null; mobile: string | null; fax: string | null }>
        >`
          SELECT email, mobile, fax FROM "Profile" WHERE id = ${id} AND "accountId" = ${accountId} AND "deletedAt" IS NULL FOR UPDATE`;
        if (!profile) throw DomainError.notFound('Profile', id);
        const used = await tx.$queryRaw<Array<{ address: string }>>`
          SELECT DISTINCT address FROM "Destination" WHERE "profileId" = ${id} AND "accountId" = ${accountId}`;
        const identifiers = personalIdentifiers(
          profile,
          used.map((u) => u.address),
        );

        // Texts that came back from remote servers may quote the address: scrubbed, the rest kept for the errors tab.
        const destinationTexts = await tx.$queryRaw<
          Array<{ id: bigint; lastErrorText: string | null; suppressionReason: string | null }>
        >`
          SELECT id, "lastErrorText", "suppressionReason" FROM "Destination"
          WHERE "profileId" = ${id} AND "accountId" = ${accountId} AND ("lastErrorText" IS NOT NULL OR "suppressionReason" IS NOT NULL)`;
        for (const row of destinationTexts) {
          const lastErrorText = eraseIdentifiers(row.lastErrorText, identifiers);
          const suppressionReason = eraseIdentifiers(row.suppressionReason, identifiers);
          if (lastErrorText !== row.lastErrorText || suppressionReason !== row.suppressionReason) {
            await tx.$executeRaw`UPDATE "Destination" SET "lastErrorText" = ${lastErrorText}, "suppressionReason" = ${suppressionReason} WHERE id = ${row.id}`;
          }
        }
        // Not yet handed to a provider: never sent now, counted as suppressed as the send-time re-check counts it.
        const withdrawn = await destinationRepository.withdrawPending(
          prismaRunner(tx),
          { profileId: id, accountId },
          'erased',
        );
        // The fold says how each leaves its mailing's figures (a retried one leaves the errors, not "no feedback").
        const changes = new Map<number, CounterChanges>();
        for (const { mailingId, ...row } of withdrawn) {
          const { changes: moved } = foldDestination(asFoldState(row), { type: 'SUPPRESSED' });
          changes.set(mailingId, addCounterChanges(changes.get(mailingId) ?? {}, moved));
        }
        for (const [mailingId, moved] of changes)
          await mailingAggregateRepository.apply(prismaRunner(tx), { mailingId, accountId }, moved);
        const erasedDestinations = await tx.$executeRaw`
          UPDATE "Destination" SET address = ${ERASED_ADDRESS}, "erasedAt" = now(), "updatedAt" = now() WHERE "profileId" = ${id} AND "accountId" = ${accountId}`;

        const eventTexts = await tx.$queryRaw<TextRow[]>`
          SELECT e.id, e."errorText" AS text FROM "Event" e JOIN "Destination" d ON d.id = e."destinationId"
          WHERE d."profileId" = ${id} AND d."accountId" = ${accountId} AND e."errorText" IS NOT NULL`;
        for (const row of eventTexts) {
          const text = eraseIdentifiers(row.text, identifiers);
          if (text !== row.text) await tx.$executeRaw`UPDATE "Event" SET "errorText" = ${text} WHERE id = ${row.id}`;
        }
        const erasedEvents = await tx.$executeRaw`
          UPDATE "Event" e SET "userAgent" = NULL, "ipHash" = NULL FROM "Destination" d
          WHERE e."destinationId" = d.id AND d."profileId" = ${id} AND d."accountId" = ${accountId}
            AND (e."userAgent" IS NOT NULL OR e."ipHash" IS NOT NULL)`;

        const erasedSubprofiles = await tx.$executeRaw`
          UPDATE "Subprofile" SET values = '{}'::jsonb, "deletedAt" = COALESCE("deletedAt", now()), "updatedAt" = now()
          WHERE "profileId" = ${id} AND "accountId" = ${accountId}`;
        // Survey answers and page views stay counted, no longer linked to the person.
        await tx.$executeRaw`
          UPDATE "SurveyResponse" SET "profileId" = NULL, "destinationId" = NULL
          WHERE "accountId" = ${accountId} AND ("profileId" = ${id} OR "destinationId" IN (SELECT id FROM "Destination" WHERE "profileId" = ${id} AND "accountId" = ${accountId}))`;
        await tx.$executeRaw`
          UPDATE "PageView" SET "profileId" = NULL, "userAgent" = NULL, "ipHash" = NULL WHERE "profileId" = ${id} AND "accountId" = ${accountId}`;

        // The history held every value before and after each change: it goes, and one line without
        // personal data records when the erasure happened and who asked for it.
        await tx.profileChange.deleteMany({ where: { profileId: id, accountId } });
        await tx.profileChange.create({
          data: {
            accountId,
            profileId: id,
            source: changeSource(principal),
            change: {
              erased: true,
              destinations: erasedDestinations,
              events: erasedEvents,
              subprofiles: erasedSubprofiles,
            } as Prisma.InputJsonValue,
          },
          select: { id: true },
        });
        await tx.profile.update({
          where: { id },
          data: {
            email: null,
            mobile: null,
            fax: null,
            values: {},
            unsubscribedAt: null,
            unsubscribeReason: null,
            disabledAt: null,
            disabledReason: null,
            softErrorStreak: 0,
            deletedAt: new Date(),
          },
          select: { id: true },
        });
      },
      { timeout: 60_000 },
    );
  }
}
