import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import type { SmtpSettingsRequest } from '@herald/contracts';
import { DomainError, SecretBox, type DomainErrorIssue } from '@herald/domain';
import {
  accountTransportSettings,
  EmailTransport,
  resolveOutbound,
  smtpPasswordContext,
  smtpPortRefusal,
  type HostLookup,
  type OutboundPolicy,
  type SmtpOutcome,
} from '@herald/channels';
import { InjectConfig } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';

export interface SmtpSettingsResponse {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  /** Never the password itself; only whether one is set. */
  hasPassword: boolean;
  senderDomains: string[];
  maxConnections: number;
}

export interface SmtpTestResponse {
  ok: boolean;
  /** The server's reply, or one message for every failure to connect (no port scan through this route). */
  message: string;
}

const SELECT = {
  accountId: true,
  host: true,
  port: true,
  secure: true,
  username: true,
  password: true,
  senderDomains: true,
  maxConnections: true,
} as const;

/**
 * Which problems make a tenant's SMTP server unacceptable: the port, and every address the host
 * resolves to (see outbound-address.ts). One rule for save time; connect time checks the same.
 */
async function smtpServerIssues(
  input: { host: string; port: number },
  policy: OutboundPolicy,
  lookup?: HostLookup,
): Promise<DomainErrorIssue[]> {
  const issues: DomainErrorIssue[] = [];
  const resolved = await resolveOutbound(input.host, policy, lookup);
  if (!resolved.ok) issues.push({ path: 'host', message: resolved.refusal });
  const port = smtpPortRefusal(input.port, policy);
  if (port) issues.push({ path: 'port', message: port });
  return issues;
}

@Injectable()
export class SmtpSettingsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SmtpSettingsService.name);
  private readonly secrets: SecretBox;
  private readonly policy: OutboundPolicy;
  private readonly ehloName: string | undefined;

  constructor(
    private readonly prisma: PrismaService,
    @InjectConfig() config: HeraldConfig,
  ) {
    this.secrets = SecretBox.fromSecretsKey(config.SECRETS_KEY);
    this.policy = { allowPrivate: config.OUTBOUND_ALLOW_PRIVATE };
    this.ehloName = config.SMTP_EHLO_NAME;
  }

  async get(principal: Principal): Promise<SmtpSettingsResponse | null> {
    const row = await this.prisma.client.smtpSettings.findUnique({
      where: { accountId: principal.accountId },
      select: SELECT,
    });
    return (
      row && {
        host: row.host,
        port: row.port,
        secure: row.secure,
        username: row.username,
        hasPassword: row.password !== null,
        senderDomains: row.senderDomains,
        maxConnections: row.maxConnections,
      }
    );
  }

  /** A password left out keeps the stored one (the API never shows it back); null removes it. */
  async put(principal: Principal, input: SmtpSettingsRequest): Promise<SmtpSettingsResponse | null> {
    const issues = await smtpServerIssues(input, this.policy);
    if (issues.length)
      throw DomainError.validation(
        `Invalid SMTP settings: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      );
    const password =
      input.password === undefined
        ? undefined
        : input.password === null
          ? null
          : this.secrets.seal(input.password, smtpPasswordContext(principal.accountId));
    const data = {
      host: input.host,
      port: input.port,
      secure: input.secure,
      username: input.username ?? null,
      senderDomains: input.senderDomains,
      maxConnections: input.maxConnections,
    };
    await this.prisma.client.smtpSettings.upsert({
      where: { accountId: principal.accountId },
      create: { accountId: principal.accountId, ...data, password: password ?? null },
      update: { ...data, ...(password === undefined ? {} : { password }) },
    });
    return this.get(principal);
  }

  /** "Test connection": connects to the stored server and logs in, as a send would. */
  async test(principal: Principal): Promise<SmtpTestResponse> {
    const row = await this.prisma.client.smtpSettings.findUnique({
      where: { accountId: principal.accountId },
      select: SELECT,
    });
    if (!row) throw DomainError.notFound('SMTP settings of account', principal.accountId);
    const transport = new EmailTransport(accountTransportSettings(row, this.secrets, this.policy, 1, this.ehloName));
    let outcome: SmtpOutcome;
    try {
      outcome = await transport.check();
    } finally {
      transport.close();
    }
    return { ok: outcome.ok, message: outcome.response };
  }

  /**
   * Passwords stored in clear text before they were encrypted are sealed once, at start-up; the
   * update is conditional on the old value, so API processes starting together do not clash.
   */
  async onApplicationBootstrap(): Promise<void> {
    // The API must start while PostgreSQL is down (GET /health answers 503 naming it): the next start seals them.
    try {
      await this.sealClearPasswords();
    } catch (error) {
      this.logger.warn(
        `SMTP passwords in clear text not sealed at start-up: ${(error as Error).message.split('\n').at(-1)}`,
      );
    }
  }

  private async sealClearPasswords(): Promise<void> {
    const rows = await this.prisma.client.smtpSettings.findMany({
      where: { password: { not: null }, NOT: { password: { startsWith: 'v1:' } } },
      select: { id: true, accountId: true, password: true },
    });
    let sealed = 0;
    for (const row of rows) {
      const clear = row.password!;
      const done = await this.prisma.client.smtpSettings.updateMany({
        where: { id: row.id, password: clear },
        data: { password: this.secrets.seal(clear, smtpPasswordContext(row.accountId)) },
      });
      sealed += done.count;
    }
    if (sealed) this.logger.log(`Encrypted ${sealed} SMTP password(s) stored in clear text`);
  }
}
