import { Injectable } from '@nestjs/common';
import type { FieldValue, ProfileExportEvent, ProfileExportMailing, ProfileExportResponse } from '@herald/contracts';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { ProfilesService } from './profiles.service';

type Values = Record<string, FieldValue>;

/** Everything Herald holds about one profile (GDPR art. 15 and 20), in one JSON document. */
@Injectable()
export class ProfileExportService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly profiles: ProfilesService,
  ) {}

  async export(principal: Principal, id: number): Promise<ProfileExportResponse> {
    const { accountId } = principal;
    const profile = await this.profiles.find(principal, id);
    const [database, subprofiles, destinations, changes] = await Promise.all([
      this.prisma.client.database.findFirstOrThrow({
        where: { id: profile.databaseId, accountId },
        select: { id: true, name: true },
      }),
      this.prisma.client.subprofile.findMany({
        where: { profileId: id, accountId, deletedAt: null },
        orderBy: { id: 'asc' },
        select: {
          id: true,
          values: true,
          createdAt: true,
          updatedAt: true,
          collection: { select: { id: true, name: true } },
        },
      }),
      this.prisma.client.destination.findMany({
        where: { profileId: id, accountId },
        orderBy: { id: 'desc' },
        select: {
          id: true,
          subprofileId: true,
          address: true,
          status: true,
          suppressionReason: true,
          sentAt: true,
          dominantResult: true,
          lastErrorKind: true,
          lastErrorCode: true,
          lastErrorText: true,
          mailing: { select: { id: true, name: true, channel: true } },
        },
      }),
      this.prisma.client.profileChange.findMany({
        where: { profileId: id, accountId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { source: true, change: true, createdAt: true },
      }),
    ]);
    const events = destinations.length
      ? await this.prisma.client.event.findMany({
          // Only this profile's destinations, in this account: no one else's events.
          where: { destinationId: { in: destinations.map((d) => d.id) }, accountId },
          orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
          select: {
            destinationId: true,
            type: true,
            occurredAt: true,
            linkId: true,
            machine: true,
            userAgent: true,
            ipHash: true,
            errorKind: true,
            errorCode: true,
            errorText: true,
            providerStatus: true,
          },
        })
      : [];
    const linkIds = [...new Set(events.map((e) => e.linkId).filter((l): l is number => l !== null))];
    const links = new Map(
      (linkIds.length
        ? await this.prisma.client.link.findMany({
            where: { id: { in: linkIds }, accountId },
            select: { id: true, url: true },
          })
        : []
      ).map((l) => [l.id, l.url]),
    );
    const eventsOf = new Map<bigint, ProfileExportEvent[]>();
    for (const e of events) {
      const list = eventsOf.get(e.destinationId) ?? [];
      list.push({
        type: e.type,
        occurredAt: e.occurredAt.toISOString(),
        link: e.linkId !== null ? (links.get(e.linkId) ?? null) : null,
        machine: e.machine,
        userAgent: e.userAgent,
        ipHash: e.ipHash,
        error: e.type === 'ERROR' ? { kind: e.errorKind, code: e.errorCode, text: e.errorText } : null,
        providerStatus: e.providerStatus,
      });
      eventsOf.set(e.destinationId, list);
    }
    const mailings = destinations.map((d): ProfileExportMailing => ({
      mailing: d.mailing,
      destination: {
        subprofileId: d.subprofileId,
        address: d.address,
        status: d.status,
        suppressionReason: d.suppressionReason,
        sentAt: iso(d.sentAt),
        dominantResult: d.dominantResult,
        lastError:
          d.lastErrorKind || d.lastErrorCode || d.lastErrorText
            ? { kind: d.lastErrorKind, code: d.lastErrorCode, text: d.lastErrorText }
            : null,
      },
      events: eventsOf.get(d.id) ?? [],
    }));
    return {
      exportedAt: new Date().toISOString(),
      profile: {
        id: profile.id,
        database,
        email: profile.email,
        mobile: profile.mobile,
        fax: profile.fax,
        values: profile.values as Values,
        createdAt: profile.createdAt.toISOString(),
        updatedAt: profile.updatedAt.toISOString(),
      },
      subscription: {
        unsubscribedAt: iso(profile.unsubscribedAt),
        unsubscribeReason: profile.unsubscribeReason,
        disabledAt: iso(profile.disabledAt),
        disabledReason: profile.disabledReason,
      },
      subprofiles: subprofiles.map((s) => ({
        id: s.id,
        collection: s.collection,
        values: s.values as Values,
        createdAt: s.createdAt.toISOString(),
        updatedAt: s.updatedAt.toISOString(),
      })),
      mailings,
      changes: changes.map((c) => ({ source: c.source, change: c.change, createdAt: c.createdAt.toISOString() })),
    };
  }
}
