import { Injectable } from '@nestjs/common';
import type { PrismaClient } from '@herald/db';
import { mailingSettingsSchema, type MailingSettings } from '@herald/contracts';
import type { ChannelKind, PreparedChannelMailing } from '@herald/channels';
import { DomainError } from '@herald/domain';
import { ChannelAdapters } from '../channels/channel-adapters';
import { InjectPrisma } from '../common/config';

/** What every send job of one mailing needs, prepared once per worker process. */
export interface MailingContext {
  mailingId: number;
  accountId: number;
  channel: ChannelKind;
  settings: MailingSettings;
  /** The mailing as its channel prepared it: compiled content and an open provider connection. */
  channelMailing: PreparedChannelMailing;
}

const CONTEXT_TTL_MS = 10 * 60_000;

@Injectable()
export class MailingContextService {
  private readonly contexts = new Map<number, { at: number; context: Promise<MailingContext> }>();

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly channels: ChannelAdapters,
  ) {}

  /** The mailing of the job's account; another account's mailing is not found. */
  get(mailingId: number, accountId: number): Promise<MailingContext> {
    const cached = this.contexts.get(mailingId);
    if (cached && Date.now() - cached.at < CONTEXT_TTL_MS) {
      return cached.context.then((context) => {
        if (context.accountId !== accountId) throw DomainError.notFound('Mailing', mailingId);
        return context;
      });
    }
    const context = this.load(mailingId, accountId);
    this.contexts.set(mailingId, { at: Date.now(), context });
    context.catch(() => this.contexts.delete(mailingId));
    return context;
  }

  private async load(mailingId: number, accountId: number): Promise<MailingContext> {
    const mailing = await this.prisma.mailing.findFirst({
      where: { id: mailingId, accountId },
      select: { channel: true, documentVersionId: true, settings: true, splitRunVariantId: true },
    });
    if (!mailing) throw DomainError.notFound('Mailing', mailingId);
    if (!mailing.documentVersionId)
      throw DomainError.invalidState(`Mailing ${mailingId} has no frozen document version`);
    const version = await this.prisma.documentVersion.findFirst({
      where: { id: mailing.documentVersionId, accountId },
    });
    if (!version) throw DomainError.notFound('Document version', mailing.documentVersionId);
    const settings = mailingSettingsSchema.parse(mailing.settings);
    // A split-run variant may differ from its document in subject and sender name only.
    const variant = mailing.splitRunVariantId
      ? await this.prisma.splitRunVariant.findFirst({
          where: { id: mailing.splitRunVariantId, accountId },
          select: { subject: true, fromName: true },
        })
      : null;
    const channelMailing = await this.channels.for(mailing.channel).prepare({
      mailingId,
      accountId,
      content: {
        fromName: variant?.fromName ?? version.fromName,
        fromAddress: version.fromAddress,
        replyTo: settings.replyTo ?? version.replyTo,
        subject: variant?.subject ?? version.subject,
        html: version.html,
        text: version.text,
        body: version.body,
      },
      trackingEnabled: settings.trackingEnabled,
      senderDomain: settings.senderDomain ?? null,
    });
    return { mailingId, accountId, channel: mailing.channel, settings, channelMailing };
  }
}
