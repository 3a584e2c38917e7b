import { Injectable } from '@nestjs/common';
import { blockingFindings, checkDocument, spamRatingFindings, spamSampleMessage } from '@herald/checks';
import {
  checkMailingSender,
  senderCheckEnvironment,
  SpamAssassin,
  type SenderCheckEnvironment,
} from '@herald/channels';
import type { HeraldConfig } from '@herald/config';
import { mailingSettingsSchema } from '@herald/contracts';
import { senderDomainRepository, type PrismaClient } from '@herald/db';
import { senderPlatformOf } from '@herald/domain';
import { formatTrackedDestination } from '@herald/queue';
import { toEmailDocument } from '@herald/templating';
import { InjectConfig, InjectPrisma } from '../common/config';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the pre-send checks found about a mailing; a blocking finding keeps it from being sent. */
export interface PreSendFinding {
  blocking: boolean;
  message: string;
}

/** The scheduled mailing as the run read it, with the audience it counted: the checks read neither again. */
export interface PreSendMailing {
  id: number;
  accountId: number;
  channel: string;
  documentId: number;
  databaseId: number;
  collectionId: number | null;
  toSubprofiles: boolean;
  audienceSize: number;
}

/**
 * The checks a run of a schedule passes before it is sent (the issue checker, issue 17):
 * a blocking finding skips the run with its message as the reason.
 */
export abstract class PreSendChecks {
  abstract check(mailing: PreSendMailing): Promise<PreSendFinding[]>;
}

/**
 * The issue checker's document checks, spam rating and sender checks (packages/checks, through
 * checkMailingSender as the API runs them) on the newest version of the mailing's document. Warnings
 * were acknowledged when the schedule was activated; a run stops on errors (a blocklisted sending IP).
 */
@Injectable()
export class DocumentPreSendChecks extends PreSendChecks {
  private readonly sender: SenderCheckEnvironment;

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly spamAssassin: SpamAssassin,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {
    super();
    this.sender = senderCheckEnvironment(
      config,
      senderDomainRepository.checkSource(prisma, senderPlatformOf(config)),
      formatTrackedDestination,
    );
  }

  async check(mailing: PreSendMailing): Promise<PreSendFinding[]> {
    if (mailing.channel !== 'EMAIL') return [];
    const { accountId } = mailing;
    const fieldNames = (owner: { databaseId: number } | { collectionId: number }) =>
      this.prisma.field.findMany({ where: owner, select: { name: true } }).then((rows) => rows.map((r) => r.name));
    const [version, profile, subprofile] = await Promise.all([
      this.prisma.documentVersion.findFirst({
        where: { documentId: mailing.documentId, accountId },
        orderBy: { version: 'desc' },
        select: { fromName: true, fromAddress: true, replyTo: true, subject: true, html: true, text: true },
      }),
      fieldNames({ databaseId: mailing.databaseId }),
      mailing.collectionId ? fieldNames({ collectionId: mailing.collectionId }) : null,
    ]);
    if (!version) return [];
    const document = toEmailDocument(version);
    const sample = spamSampleMessage(document);
    const [sentLastDay, spamRating, sender] = await Promise.all([
      // The account's other e-mail messages queued in the past 24 hours: its day as Gmail counts it.
      this.prisma.destination.count({
        where: {
          accountId,
          mailing: { channel: 'EMAIL', id: { not: mailing.id }, queuedAt: { gte: new Date(Date.now() - DAY_MS) } },
        },
      }),
      sample ? this.spamAssassin.rate(sample) : null,
      this.senderFindings(mailing, version),
    ]);
    const findings = [
      ...checkDocument({
        document,
        audienceSize: mailing.audienceSize,
        sentLastDay,
        fields: !mailing.toSubprofiles || subprofile !== null ? { profile, subprofile } : null,
      }),
      ...(spamRating ? spamRatingFindings(spamRating) : []),
      ...sender,
    ];
    return blockingFindings(findings).map((finding) => ({ blocking: true, message: finding.message }));
  }

  private async senderFindings(
    mailing: PreSendMailing,
    version: {
      fromName: string | null;
      fromAddress: string | null;
      replyTo: string | null;
      subject: string | null;
      html: string | null;
      text: string | null;
    },
  ) {
    const row = await this.prisma.mailing.findUnique({ where: { id: mailing.id }, select: { settings: true } });
    return checkMailingSender(
      {
        mailingId: mailing.id,
        accountId: mailing.accountId,
        content: { ...version, body: null },
        trackingEnabled: mailingSettingsSchema.parse(row?.settings ?? {}).trackingEnabled,
      },
      this.sender,
    );
  }
}
