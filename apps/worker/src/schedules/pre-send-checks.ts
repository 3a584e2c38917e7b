import { Injectable } from '@nestjs/common';
import { channelAddressRule } from '@herald/channels';
import { blockingFindings, checkDocument } from '@herald/checks';
import { mailingSettingsSchema } from '@herald/contracts';
import { mailingAudienceRepository, type PrismaClient } from '@herald/db';
import { toEmailDocument } from '@herald/templating';
import { InjectPrisma } from '../common/config';
import { SelectionFilterService } from '../mailings/selection-filter.service';

/** What the pre-send checks found about a mailing; a blocking finding keeps it from being sent. */
export interface PreSendFinding {
  blocking: boolean;
  message: string;
}

/**
 * The checks a run of a schedule passes before it is sent (the issue checker, issue 17):
 * a blocking finding skips the run with its message as the reason.
 */
export abstract class PreSendChecks {
  abstract check(mailing: { mailingId: number; accountId: number }): Promise<PreSendFinding[]>;
}

/** The issue checker's document checks (packages/checks) on the newest version of the mailing's document. */
@Injectable()
export class DocumentPreSendChecks extends PreSendChecks {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly selections: SelectionFilterService,
  ) {
    super();
  }

  async check({ mailingId, accountId }: { mailingId: number; accountId: number }): Promise<PreSendFinding[]> {
    const mailing = await this.prisma.mailing.findFirst({
      where: { id: mailingId, accountId },
      select: {
        channel: true,
        documentId: true,
        databaseId: true,
        collectionId: true,
        selectionId: true,
        toSubprofiles: true,
        settings: true,
      },
    });
    if (!mailing || mailing.channel !== 'EMAIL') return [];
    const version = await this.prisma.documentVersion.findFirst({
      where: { documentId: mailing.documentId, accountId },
      orderBy: { version: 'desc' },
      select: { fromName: true, fromAddress: true, replyTo: true, subject: true, html: true, text: true },
    });
    if (!version) return [];
    const address = channelAddressRule(mailing.channel);
    const { skipDuplicates } = mailingSettingsSchema.parse(mailing.settings);
    const fieldNames = (owner: { databaseId: number } | { collectionId: number }) =>
      this.prisma.field.findMany({ where: owner, select: { name: true } }).then((rows) => rows.map((r) => r.name));
    const [audience, profile, subprofile] = await Promise.all([
      mailingAudienceRepository.count(
        this.prisma,
        {
          accountId,
          addressField: address.field,
          databaseId: mailing.databaseId,
          collectionId: mailing.collectionId,
          toSubprofiles: mailing.toSubprofiles,
          filter: mailing.selectionId ? await this.selections.filterFor(mailing.selectionId, accountId) : null,
        },
        address,
        { skipDuplicates },
      ),
      fieldNames({ databaseId: mailing.databaseId }),
      mailing.collectionId ? fieldNames({ collectionId: mailing.collectionId }) : null,
    ]);
    const findings = checkDocument({
      document: toEmailDocument(version),
      audienceSize: audience.recipients,
      fields: !mailing.toSubprofiles || subprofile !== null ? { profile, subprofile } : null,
    });
    return blockingFindings(findings).map((finding) => ({ blocking: true, message: finding.message }));
  }
}
