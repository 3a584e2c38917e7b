import { Injectable } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { renderTextPdf } from '@herald/channels';
import { DomainError } from '@herald/domain';
import { formatTrackedDestination } from '@herald/queue';
import { compileTextDocument, renderTextDocument } from '@herald/templating';
import { InjectConfig } from '../../common/config';
import type { Principal } from '../../common/auth/principal';
import { PrismaService } from '../../common/prisma.service';

/** A print run is made in one request: beyond this many destinations it is a job for another day. */
const MAX_PRINT_RUN_DESTINATIONS = 5_000;

/**
 * A fax mailing's print run: one merged PDF with every destination's personalised document, each on
 * pages of its own, in recipient order, for a print shop. Suppressed destinations are left out.
 */
@Injectable()
export class PrintRunService {
  constructor(
    @InjectConfig() private readonly config: HeraldConfig,
    private readonly prisma: PrismaService,
  ) {}

  async render(principal: Principal, mailingId: number): Promise<{ pdf: Buffer; filename: string }> {
    const db = this.prisma.client;
    const mailing = await db.mailing.findFirst({
      where: { id: mailingId, accountId: principal.accountId, channel: 'FAX' },
      select: { id: true, name: true, documentVersionId: true },
    });
    if (!mailing) throw DomainError.notFound('Fax mailing', mailingId);
    const version =
      mailing.documentVersionId === null
        ? null
        : await db.documentVersion.findFirst({
            where: { id: mailing.documentVersionId, accountId: principal.accountId },
            select: { body: true },
          });
    const body = version?.body;
    if (!body) throw DomainError.invalidState(`Fax mailing ${mailingId} has no frozen document yet: send it first`);
    const where = { mailingId, accountId: principal.accountId, status: { not: 'SUPPRESSED' as const } };
    const count = await db.destination.count({ where });
    if (count > MAX_PRINT_RUN_DESTINATIONS)
      throw DomainError.validation(
        `A print run holds at most ${MAX_PRINT_RUN_DESTINATIONS} destinations; mailing ${mailingId} has ${count}`,
      );
    const destinations = await db.destination.findMany({
      where,
      orderBy: { recipientId: 'asc' },
      select: { id: true, profileId: true, subprofileId: true },
    });
    const profiles = new Map(
      (
        await db.profile.findMany({
          where: { id: { in: destinations.map((d) => d.profileId) }, accountId: principal.accountId },
          select: { id: true, email: true, mobile: true, fax: true, values: true },
        })
      ).map((p) => [p.id, p]),
    );
    const subprofileIds = destinations.flatMap((d) => (d.subprofileId === null ? [] : [d.subprofileId]));
    const subprofiles = new Map(
      (
        await db.subprofile.findMany({
          where: { id: { in: subprofileIds }, accountId: principal.accountId },
          select: { id: true, values: true },
        })
      ).map((s) => [s.id, s.values as Record<string, unknown>]),
    );
    const document = compileTextDocument(body);
    const texts = destinations.map((d) => {
      const p = profiles.get(d.profileId);
      // A profile erased since the send: its page is left blank rather than dropped, so the count matches.
      if (!p) return '';
      return renderTextDocument(document, {
        profile: { ...(p.values as Record<string, unknown>), id: p.id, email: p.email, mobile: p.mobile, fax: p.fax },
        subprofile: d.subprofileId === null ? null : (subprofiles.get(d.subprofileId) ?? null),
        destinationId: formatTrackedDestination(mailingId, d.id),
        tracking: { baseUrl: this.config.PUBLIC_URL, secret: this.config.TRACKING_SECRET },
      });
    });
    const pdf = await renderTextPdf(texts, `${mailing.name}: print run`);
    return { pdf, filename: `mailing-${mailingId}-print-run.pdf` };
  }
}
