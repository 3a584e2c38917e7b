import { senderSideCode } from '@herald/contracts';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Redis } from 'ioredis';
import { profileSuppressionRepository, prismaRunner, providerDestinations, type PrismaClient } from '@herald/db';
import type { HeraldConfig } from '@herald/config';
import {
  attributeReport,
  decodeHeraldAddress,
  parseFaxGatewayReport,
  parseInboundMessage,
  type FaxGatewayReport,
  type InboundMessage,
  type SignedDestination,
} from '@herald/bounces';
import {
  encodeStreamEntry,
  recordFaxStatus,
  trackingStreamKey,
  type FaxStatusStore,
  type TrackingStreamEntry,
} from '@herald/queue';
import { InjectConfig, InjectPrisma, InjectRedis } from '../common/config';

/** Larger messages are refused at DATA: a DSN or ARF report is small, and its attachment is capped. */
const MAX_INBOUND_BYTES = 2 * 1024 * 1024;
/** A bounce goes to the one return path of the message that bounced; more recipients get 452. */
export const MAX_INBOUND_RECIPIENTS = 10;
/** Concurrent SMTP sessions; each may hold up to MAX_INBOUND_BYTES while its message is read. */
const MAX_INBOUND_CLIENTS = 100;

type Recipient = { kind: 'bounce' | 'unsubscribe'; destinationId: bigint };
/** A destination a signed return path names, with its mailing's channel: a fax's return path gets the gateway's status mail. */
type SignedRecipient = SignedDestination & { channel: string };

interface InboundSession extends SMTPServerSession {
  heraldRecipients?: Recipient[];
}

/**
 * Herald's inbound SMTP server: accepts mail only for signed VERP return paths (bounces and
 * complaints) and the mailto one-click unsubscribe address, parses it, and hands what it finds to
 * the same event stream as the tracking endpoints. Anything else is refused or ignored with a log
 * line; nothing a sender writes can crash it or record an event for a destination it did not name.
 */
@Injectable()
export class InboundSmtpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboundSmtpServer.name);
  private server: SMTPServer | null = null;
  private listeningPort = 0;
  private readonly faxStatuses: FaxStatusStore;

  constructor(
    @InjectConfig() private readonly config: HeraldConfig,
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectRedis() private readonly redis: Redis,
  ) {
    // The same recording as the HTTP fax API's signed callbacks (the API's FaxWebhooksService).
    this.faxStatuses = {
      redis,
      prefix: config.REDIS_PREFIX,
      destinations: providerDestinations(prismaRunner(prisma)),
    };
  }

  get port(): number {
    return this.listeningPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = new SMTPServer({
      name: this.config.BOUNCE_DOMAIN,
      banner: 'Herald inbound',
      disabledCommands: ['AUTH', 'STARTTLS'],
      authOptional: true,
      size: MAX_INBOUND_BYTES,
      maxRecipients: MAX_INBOUND_RECIPIENTS,
      maxClients: MAX_INBOUND_CLIENTS,
      logger: false,
      onRcptTo: (address, session, callback) => this.onRcptTo(address, session as InboundSession, callback),
      onData: (stream, session, callback) => this.onData(stream, session as InboundSession, callback),
    });
    this.server.on('error', (error) => this.logger.warn({ err: error }, 'inbound SMTP error'));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.config.INBOUND_SMTP_PORT, this.config.INBOUND_SMTP_HOST, () => resolve());
    });
    const address = this.server.server.address();
    this.listeningPort = typeof address === 'object' && address ? address.port : this.config.INBOUND_SMTP_PORT;
    this.logger.log({ port: this.listeningPort }, 'inbound SMTP listening');
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private onRcptTo(
    address: SMTPServerAddress,
    session: InboundSession,
    callback: (error?: Error | null) => void,
  ): void {
    const recipient = this.recipientOf(address.address);
    if (!recipient) {
      // Not a signed address of ours: nothing sent to it is ever applied.
      this.logger.warn({ address: address.address.slice(0, 320) }, 'inbound mail to an unsigned address refused');
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: no such mailbox here`), { responseCode: 550 });
      callback(error);
      return;
    }
    (session.heraldRecipients ??= []).push(recipient);
    callback();
  }

  private recipientOf(address: string): Recipient | null {
    // Each kind carries its own signature: a return path with its prefix changed is no unsubscribe address.
    const decoded = decodeHeraldAddress(address, {
      secret: this.config.TRACKING_SECRET,
      domain: this.config.BOUNCE_DOMAIN,
    });
    return decoded
      ? {
          kind: decoded.kind === 'UNSUBSCRIBE' ? 'unsubscribe' : 'bounce',
          destinationId: BigInt(decoded.destinationId),
        }
      : null;
  }

  private onData(
    stream: SMTPServerDataStream,
    session: InboundSession,
    callback: (error?: Error | null) => void,
  ): void {
    const chunks: Buffer[] = [];
    let kept = 0;
    stream.on('data', (chunk: Buffer) => {
      // Past the limit the rest is read and thrown away, so an endless DATA costs no memory.
      if (kept > MAX_INBOUND_BYTES) return;
      chunks.push(chunk);
      kept += chunk.length;
    });
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        this.logger.warn({ bytes: stream.byteLength }, 'oversized inbound message refused');
        callback(Object.assign(new Error('5.3.4 Message too big'), { responseCode: 552 }));
        return;
      }
      this.handle(Buffer.concat(chunks), session.heraldRecipients ?? []).then(
        () => callback(),
        (error: unknown) => {
          this.logger.error({ err: error }, 'inbound message could not be recorded');
          callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
        },
      );
    });
  }

  async handle(raw: Buffer, recipients: Recipient[]): Promise<void> {
    const entries: TrackingStreamEntry[] = [];
    for (const recipient of recipients.filter((r) => r.kind === 'unsubscribe')) {
      const mailingId = await this.mailingOf(recipient.destinationId);
      if (mailingId === null) continue;
      await this.unsubscribeProfile(recipient.destinationId);
      entries.push({
        kind: 'one-click-unsubscribe',
        mailingId,
        destinationId: recipient.destinationId,
        at: new Date(),
        method: 'MAILTO',
      });
    }
    const bounceRecipients = recipients.filter((r) => r.kind === 'bounce');
    if (bounceRecipients.length > 0) {
      const signed = await this.signedDestinations(bounceRecipients);
      const faxes = signed.filter((s) => s.channel === 'FAX');
      // A fax's return path is the gateway's envelope sender: its status mail comes back here.
      const report = faxes.length > 0 ? parseFaxGatewayReport(raw) : null;
      if (report) await this.recordFaxReport(report, faxes);
      else {
        const message = parseInboundMessage(raw, { maxBytes: MAX_INBOUND_BYTES });
        entries.push(...(await this.entriesFor(message, signed)));
      }
    }
    if (entries.length) {
      const key = trackingStreamKey(this.config.REDIS_PREFIX);
      const pipeline = this.redis.pipeline();
      for (const entry of entries) pipeline.xadd(key, '*', ...encodeStreamEntry(entry));
      await pipeline.exec();
    }
  }

  /** The destinations the envelope's signed return paths name, as they exist. */
  private async signedDestinations(recipients: Recipient[]): Promise<SignedRecipient[]> {
    const ids = [...new Set(recipients.map((r) => r.destinationId))];
    const rows = await this.prisma.destination.findMany({
      where: { id: { in: ids } },
      select: { id: true, mailingId: true, mailing: { select: { channel: true } } },
    });
    if (rows.length < ids.length)
      this.logger.warn({ destinationIds: ids.map(String) }, 'inbound mail for an unknown destination');
    return rows.map((row) => ({
      destinationId: row.id.toString(),
      mailingId: row.mailingId,
      channel: row.mailing.channel,
    }));
  }

  /**
   * A gateway's status mail, recorded as the HTTP fax API's callbacks are. One report is about one
   * fax: sent to several fax return paths at once, it says nothing certain about any of them.
   */
  private async recordFaxReport(report: FaxGatewayReport, faxes: SignedRecipient[]): Promise<void> {
    const [fax] = faxes;
    if (!fax || faxes.length > 1) {
      this.logger.warn({ destinationIds: faxes.map((f) => f.destinationId) }, 'fax report to several faxes dropped');
      return;
    }
    const target = { mailingId: fax.mailingId, destinationId: BigInt(fax.destinationId) };
    const recorded = await recordFaxStatus(this.faxStatuses, target, {
      faxId: null,
      outcome: report.status,
      pages: report.pages,
      errorKind: report.errorKind,
      errorCode: report.status === 'delivered' ? null : report.status,
      errorText: report.reason,
    });
    this.logger.log(
      { mailingId: fax.mailingId, destinationId: fax.destinationId, status: report.status, recorded },
      'fax gateway report',
    );
  }

  private async entriesFor(message: InboundMessage, signed: SignedDestination[]): Promise<TrackingStreamEntry[]> {
    if (message.kind === 'AUTO_REPLY' || message.kind === 'OTHER') {
      this.logger.log({ kind: message.kind, reason: message.reason }, 'inbound message is no bounce; ignored');
      return [];
    }
    if (message.kind === 'COMPLAINT' && message.feedbackType === 'not-spam') return [];
    // Only the signed return path says whose the report is; what the message says is checked against it.
    const attribution = attributeReport(message, signed, {
      secret: this.config.TRACKING_SECRET,
      domain: this.config.BOUNCE_DOMAIN,
    });
    if (attribution.kind === 'DROP') {
      this.logger.warn(
        {
          kind: message.kind,
          signed: signed.map((s) => s.destinationId),
          originalMessageId: message.originalMessageId,
          reason: attribution.reason,
        },
        'inbound report dropped',
      );
      return [];
    }
    const destinationId = BigInt(attribution.destination.destinationId);
    const { mailingId } = attribution.destination;
    if (message.kind === 'COMPLAINT')
      return [{ kind: 'complaint', mailingId, destinationId, at: new Date(), userAgent: message.userAgent }];

    const failed = message.reports.filter((r) => r.action === 'failed' && r.classification);
    // One message went to one recipient: one bounce, the worst the report gives, however many it lists.
    const report =
      failed.find((r) => r.classification === 'HARD') ?? failed.find((r) => r.classification === 'SOFT') ?? failed[0];
    if (!report) {
      this.logger.log(
        { destinationId: String(destinationId), actions: message.reports.map((r) => r.action) },
        'DSN without a failure ignored',
      );
      return [];
    }
    if (report.classification === 'SENDER') {
      // About us, not the recipient: nothing is held against the address, and whoever runs the
      // sending domain must hear of it (docs/rules/bounces.md, "Sender-side").
      this.logger.warn(
        {
          mailingId,
          destinationId: String(destinationId),
          reason: report.bounceReason,
          status: report.status,
          remoteMta: report.remoteMta,
        },
        'sender-side bounce: the receiving server objects to our sending, not to the recipient',
      );
    }
    return [
      {
        kind: 'bounce',
        mailingId,
        destinationId,
        at: new Date(),
        // A rejection about the sender (authentication, reputation) says nothing of the recipient.
        errorKind: report.classification === 'HARD' ? 'HARD' : 'SOFT',
        errorCode: report.classification === 'SENDER' ? senderSideCode(report.status) : report.status,
        errorText: report.diagnosticCode ?? report.reason,
        errorReason: report.bounceReason,
      },
    ];
  }

  private async mailingOf(destinationId: bigint): Promise<number | null> {
    const destination = await this.prisma.destination.findUnique({
      where: { id: destinationId },
      select: { mailingId: true },
    });
    if (!destination)
      this.logger.warn({ destinationId: String(destinationId) }, 'inbound mail for an unknown destination ignored');
    return destination?.mailingId ?? null;
  }

  private async unsubscribeProfile(destinationId: bigint): Promise<void> {
    await profileSuppressionRepository.unsubscribeThroughDestination(
      prismaRunner(this.prisma),
      { destinationId },
      'one-click unsubscribe by mail (List-Unsubscribe mailto)',
    );
  }
}
