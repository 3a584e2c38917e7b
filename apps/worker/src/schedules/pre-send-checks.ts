import { Injectable } from '@nestjs/common';
import { blockingFindings, checkDocument } from '@herald/checks';
import type { PrismaClient } from '@herald/db';
import { toEmailDocument } from '@herald/templating';
import { InjectPrisma } from '../common/config';

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

/** The issue checker's document checks (packages/checks) on the newest version of the mailing's document. */
@Injectable()
export class DocumentPreSendChecks extends PreSendChecks {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {
    super();
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
    const findings = checkDocument({
      document: toEmailDocument(version),
      audienceSize: mailing.audienceSize,
      fields: !mailing.toSubprofiles || subprofile !== null ? { profile, subprofile } : null,
    });
    return blockingFindings(findings).map((finding) => ({ blocking: true, message: finding.message }));
  }
}
