import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Redis } from 'ioredis';
import type { PrismaClient } from '@herald/db';
import type { HeraldConfig } from '@herald/config';
import { decodeReturnPath, parseInboundMessage, type InboundMessage } from '@herald/bounces';
import { encodeStreamEntry, trackingStreamKey, type TrackingStreamEntry } from '@herald/queue';
import { InjectConfig, InjectPrisma, InjectRedis } from '../common/config';

/** Larger messages are refused at DATA: a DSN or ARF report is small, and its attachment is capped. */
export const MAX_INBOUND_BYTES = 2 * 1024 * 1024;
const MESSAGE_ID = /<m(\d{1,10})\.d(\d{1,19})@/;

type Recipient = { kind: 'bounce' | 'unsubscribe'; destinationId: bigint };

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

  constructor(
    @InjectConfig() private readonly config: HeraldConfig,
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectRedis() private readonly redis: Redis,
  ) {}

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

  private onRcptTo(address: SMTPServerAddress, session: InboundSession, callback: (error?: Error | null) => void): void {
    const recipient = this.recipientOf(address.address);
    if (!recipient) {
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: no such mailbox here`), { responseCode: 550 });
      callback(error);
      return;
    }
    (session.heraldRecipients ??= []).push(recipient);
    callback();
  }

  private recipientOf(address: string): Recipient | null {
    const options = { secret: this.config.TRACKING_SECRET, domain: this.config.BOUNCE_DOMAIN };
    const lower = address.toLowerCase();
    const unsubscribe = lower.startsWith('u-');
    const decoded = decodeReturnPath(unsubscribe ? `b-${lower.slice(2)}` : lower, options);
    return decoded ? { kind: unsubscribe ? 'unsubscribe' : 'bounce', destinationId: BigInt(decoded.destinationId) } : null;
  }

  private onData(stream: SMTPServerDataStream, session: InboundSession, callback: (error?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
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
      entries.push({ kind: 'one-click-unsubscribe', mailingId, destinationId: recipient.destinationId, at: new Date(), method: 'MAILTO' });
    }
    const bounceRecipients = recipients.filter((r) => r.kind === 'bounce');
    if (bounceRecipients.length > 0) {
      const message = parseInboundMessage(raw, { maxBytes: MAX_INBOUND_BYTES });
      entries.push(...(await this.entriesFor(message, bounceRecipients[0]!.destinationId)));
    }
    if (entries.length) {
      const key = trackingStreamKey(this.config.REDIS_PREFIX);
      const pipeline = this.redis.pipeline();
      for (const entry of entries) pipeline.xadd(key, '*', ...encodeStreamEntry(entry));
      await pipeline.exec();
    }
  }

  private async entriesFor(message: InboundMessage, verpDestination: bigint): Promise<TrackingStreamEntry[]> {
    // The destination named by the signed return path wins; the returned Message-ID is the fallback.
    const fromMessageId = (id?: string): bigint | null => {
      const match = id ? MESSAGE_ID.exec(id) : null;
      return match ? BigInt(match[2]!) : null;
    };
    switch (message.kind) {
      case 'DSN': {
        const destinationId = verpDestination ?? fromMessageId(message.originalMessageId);
        const mailingId = await this.mailingOf(destinationId);
        if (mailingId === null) return [];
        const failed = message.reports.filter((r) => r.action === 'failed' && r.classification);
        if (failed.length === 0) {
          this.logger.log({ destinationId: String(destinationId), actions: message.reports.map((r) => r.action) }, 'DSN without a failure ignored');
          return [];
        }
        return failed.map((report) => ({
          kind: 'bounce' as const,
          mailingId,
          destinationId,
          at: new Date(),
          // A rejection about the sender (authentication, reputation) says nothing of the recipient.
          errorKind: report.classification === 'HARD' ? ('HARD' as const) : ('SOFT' as const),
          errorCode: report.classification === 'SENDER' ? `sender:${report.status}` : report.status,
          errorText: report.diagnosticCode ?? report.reason,
        }));
      }
      case 'COMPLAINT': {
        if (message.feedbackType === 'not-spam') return [];
        const destinationId = fromMessageId(message.originalMessageId) ?? verpDestination;
        const mailingId = await this.mailingOf(destinationId);
        if (mailingId === null) return [];
        return [{ kind: 'complaint', mailingId, destinationId, at: new Date(), userAgent: message.userAgent }];
      }
      case 'AUTO_REPLY':
      case 'OTHER':
        this.logger.log({ kind: message.kind, reason: message.reason }, 'inbound message is no bounce; ignored');
        return [];
    }
  }

  private async mailingOf(destinationId: bigint): Promise<number | null> {
    const destination = await this.prisma.destination.findUnique({ where: { id: destinationId }, select: { mailingId: true } });
    if (!destination) this.logger.warn({ destinationId: String(destinationId) }, 'inbound mail for an unknown destination ignored');
    return destination?.mailingId ?? null;
  }

  private async unsubscribeProfile(destinationId: bigint): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "Profile" p SET "unsubscribedAt" = COALESCE(p."unsubscribedAt", now()),
        "unsubscribeReason" = COALESCE(p."unsubscribeReason", 'one-click unsubscribe by mail (List-Unsubscribe mailto)'), "updatedAt" = now()
      FROM "Destination" d WHERE d.id = ${destinationId} AND p.id = d."profileId"`;
  }
}
