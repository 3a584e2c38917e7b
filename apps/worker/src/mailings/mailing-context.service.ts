import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { PrismaClient } from '@herald/db';
import { workerProcessCount, type HeraldConfig } from '@herald/config';
import { mailingSettingsSchema, type MailingSettings } from '@herald/contracts';
import { accountTransportSettings, connectionsPerProcess, EmailTransport, type SmtpSettings } from '@herald/channels';
import { DomainError, SecretBox } from '@herald/domain';
import { compileEmailDocument, type CompiledEmailDocument } from '@herald/templating';
import { InjectConfig, InjectPrisma } from '../common/config';

/** What every send job of one mailing needs, prepared once per worker process. */
export interface MailingContext {
  mailingId: number;
  accountId: number;
  settings: MailingSettings;
  document: CompiledEmailDocument;
  transport: EmailTransport;
  /** Domains a (personalised) sender address may use; empty means any. */
  senderDomains: string[];
}

const CONTEXT_TTL_MS = 10 * 60_000;

@Injectable()
export class MailingContextService implements OnApplicationShutdown {
  private readonly contexts = new Map<number, { at: number; context: Promise<MailingContext> }>();
  private readonly transports = new Map<string, EmailTransport>();
  private readonly secrets: SecretBox;

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {
    this.secrets = SecretBox.fromSecretsKey(config.SECRETS_KEY);
  }

  get(mailingId: number): Promise<MailingContext> {
    const cached = this.contexts.get(mailingId);
    if (cached && Date.now() - cached.at < CONTEXT_TTL_MS) return cached.context;
    const context = this.load(mailingId);
    this.contexts.set(mailingId, { at: Date.now(), context });
    context.catch(() => this.contexts.delete(mailingId));
    return context;
  }

  private async load(mailingId: number): Promise<MailingContext> {
    const mailing = await this.prisma.mailing.findUnique({
      where: { id: mailingId },
      select: { accountId: true, documentVersionId: true, settings: true },
    });
    if (!mailing?.documentVersionId)
      throw DomainError.invalidState(`Mailing ${mailingId} has no frozen document version`);
    const version = await this.prisma.documentVersion.findUnique({ where: { id: mailing.documentVersionId } });
    if (!version) throw DomainError.notFound('Document version', mailing.documentVersionId);
    const settings = mailingSettingsSchema.parse(mailing.settings);
    const compiled = compileEmailDocument(
      {
        fromName: version.fromName ?? undefined,
        fromAddress: version.fromAddress ?? '',
        replyTo: settings.replyTo ?? version.replyTo ?? undefined,
        subject: version.subject ?? '',
        html: version.html ?? '',
        text: version.text ?? undefined,
      },
      { trackingEnabled: settings.trackingEnabled },
    );
    const smtp = await this.prisma.smtpSettings.findUnique({ where: { accountId: mailing.accountId } });
    // The account's connection limit holds for all worker processes of this host together.
    const processes = workerProcessCount(this.config);
    const transportSettings: SmtpSettings = smtp
      ? // The tenant's own server: password opened only here, addresses checked at each connect.
        accountTransportSettings(
          smtp,
          this.secrets,
          { allowPrivate: this.config.OUTBOUND_ALLOW_PRIVATE },
          connectionsPerProcess(smtp.maxConnections, processes),
        )
      : {
          host: this.config.SMTP_HOST,
          port: this.config.SMTP_PORT,
          secure: this.config.SMTP_SECURE,
          maxConnections: connectionsPerProcess(4, processes),
        };
    const senderDomains = [...(smtp?.senderDomains ?? []), ...(settings.senderDomain ? [settings.senderDomain] : [])];
    return {
      mailingId,
      accountId: mailing.accountId,
      settings,
      document: compiled.compiled,
      transport: this.transportFor(transportSettings),
      senderDomains,
    };
  }

  /** One pool per SMTP server, shared by all mailings that use it. */
  private transportFor(settings: SmtpSettings): EmailTransport {
    const key = JSON.stringify(settings);
    let transport = this.transports.get(key);
    if (!transport) {
      transport = new EmailTransport(settings);
      this.transports.set(key, transport);
    }
    return transport;
  }

  onApplicationShutdown(): void {
    for (const transport of this.transports.values()) transport.close();
  }
}
