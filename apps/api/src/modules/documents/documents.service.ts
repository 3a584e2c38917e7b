import { Injectable } from '@nestjs/common';
import { DomainError, SecretBox } from '@herald/domain';
import { platformSmtpServer, type HeraldConfig } from '@herald/config';
import { accountTransportSettings, EmailTransport, type ChannelKind } from '@herald/channels';
import { countSmsSegments } from '@herald/contracts';
import {
  previewEmailDocument,
  renderEmailMessage,
  compileEmailDocument,
  compileTextDocument,
  toEmailDocument,
  type EmailDocument,
} from '@herald/templating';
import { TEST_MESSAGE_DESTINATION } from '@herald/queue';
import { InjectConfig } from '../../common/config';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import type {
  CreateEmailDocumentDto,
  CreateTextDocumentDto,
  DocumentResponse,
  DocumentVersionResponse,
  TestMailDto,
  UpdateEmailDocumentDto,
  UpdateTextDocumentDto,
} from './documents.dto';

const VERSION_SELECT = {
  id: true,
  version: true,
  fromName: true,
  fromAddress: true,
  replyTo: true,
  subject: true,
  html: true,
  text: true,
  body: true,
  createdAt: true,
} as const;
type VersionRow = {
  id: number;
  version: number;
  fromName: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  subject: string | null;
  html: string | null;
  text: string | null;
  body: string | null;
  createdAt: Date;
};

function toVersion(row: VersionRow, channel: ChannelKind): DocumentVersionResponse {
  const segments = channel === 'SMS' && row.body !== null ? countSmsSegments(row.body) : null;
  return {
    ...row,
    smsSegments: segments
      ? { encoding: segments.encoding, characters: segments.characters, segments: segments.segments }
      : null,
    createdAt: iso(row.createdAt),
  };
}

/** Which request edits a document of this channel: email parts, or the one text of SMS and fax. */
function assertEditedAs(channel: ChannelKind, as: 'email' | 'text', id: number): void {
  if ((channel === 'EMAIL') !== (as === 'email')) {
    const path = channel === 'EMAIL' ? `PATCH /documents/${id}` : `PATCH /documents/${id}/text`;
    throw DomainError.validation(`Document ${id} is an ${channel} document: edit it with ${path}`, [
      { path: 'channel', message: `is ${channel}` },
    ]);
  }
}

@Injectable()
export class DocumentsService {
  private readonly secrets: SecretBox;

  constructor(
    private readonly prisma: PrismaService,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {
    this.secrets = SecretBox.fromSecretsKey(config.SECRETS_KEY);
  }

  async list(principal: Principal): Promise<Array<{ id: number; name: string; channel: string; updatedAt: string }>> {
    const rows = await this.prisma.client.document.findMany({
      where: { accountId: principal.accountId },
      select: { id: true, name: true, channel: true, updatedAt: true },
      orderBy: { id: 'desc' },
    });
    return rows.map((r) => ({ id: r.id, name: r.name, channel: r.channel, updatedAt: iso(r.updatedAt) }));
  }

  async create(principal: Principal, input: CreateEmailDocumentDto): Promise<DocumentResponse> {
    // Template errors are the author's to fix now, not the sender's to meet later.
    this.assertCompiles(input);
    const document = await this.prisma.client.document.create({
      data: {
        accountId: principal.accountId,
        name: input.name,
        channel: 'EMAIL',
        versions: {
          create: {
            accountId: principal.accountId,
            version: 1,
            fromName: input.fromName ?? null,
            fromAddress: input.fromAddress,
            replyTo: input.replyTo ?? null,
            subject: input.subject,
            html: input.html,
            text: input.text ?? null,
          },
        },
      },
      select: { id: true },
    });
    return this.get(principal, document.id);
  }

  /** An SMS or fax document: its Liquid must compile now, not fail every message later. */
  async createText(principal: Principal, input: CreateTextDocumentDto): Promise<DocumentResponse> {
    compileTextDocument(input.body);
    const document = await this.prisma.client.document.create({
      data: {
        accountId: principal.accountId,
        name: input.name,
        channel: input.channel,
        versions: { create: { accountId: principal.accountId, version: 1, body: input.body } },
      },
      select: { id: true },
    });
    return this.get(principal, document.id);
  }

  async updateText(principal: Principal, id: number, input: UpdateTextDocumentDto): Promise<DocumentResponse> {
    assertEditedAs((await this.channelOf(principal, id)).channel, 'text', id);
    const latest = await this.latestVersion(principal, id);
    const body = input.body ?? latest.body ?? '';
    compileTextDocument(body);
    await this.prisma.client.$transaction([
      this.prisma.client.documentVersion.create({
        data: { accountId: principal.accountId, documentId: id, version: latest.version + 1, body },
      }),
      this.prisma.client.document.update({
        where: { id },
        data: { ...(input.name ? { name: input.name } : {}), updatedAt: new Date() },
      }),
    ]);
    return this.get(principal, id);
  }

  /** Every edit is a new version; mailings keep the version they froze. */
  async update(principal: Principal, id: number, input: UpdateEmailDocumentDto): Promise<DocumentResponse> {
    assertEditedAs((await this.channelOf(principal, id)).channel, 'email', id);
    const latest = await this.latestVersion(principal, id);
    const next = {
      fromName: input.fromName ?? latest.fromName,
      fromAddress: input.fromAddress ?? latest.fromAddress,
      replyTo: input.replyTo ?? latest.replyTo,
      subject: input.subject ?? latest.subject,
      html: input.html ?? latest.html,
      text: input.text ?? latest.text,
    };
    this.assertCompiles(toEmailDocument({ ...latest, ...next }));
    await this.prisma.client.$transaction([
      this.prisma.client.documentVersion.create({
        data: { accountId: principal.accountId, documentId: id, version: latest.version + 1, ...next },
      }),
      this.prisma.client.document.update({
        where: { id },
        data: { ...(input.name ? { name: input.name } : {}), updatedAt: new Date() },
      }),
    ]);
    return this.get(principal, id);
  }

  async get(principal: Principal, id: number): Promise<DocumentResponse> {
    const document = await this.prisma.client.document.findFirst({
      where: { id, accountId: principal.accountId },
      select: {
        id: true,
        name: true,
        channel: true,
        createdAt: true,
        updatedAt: true,
        versions: { select: VERSION_SELECT, orderBy: { version: 'desc' } },
      },
    });
    if (!document || document.versions.length === 0) throw DomainError.notFound('Document', id);
    return {
      id: document.id,
      name: document.name,
      channel: document.channel,
      createdAt: iso(document.createdAt),
      updatedAt: iso(document.updatedAt),
      latest: toVersion(document.versions[0]!, document.channel),
      versions: document.versions.map((v) => ({ id: v.id, version: v.version, createdAt: iso(v.createdAt) })),
    };
  }

  /** The channel of one of the account's documents. */
  async channelOf(principal: Principal, documentId: number): Promise<{ channel: ChannelKind }> {
    const document = await this.prisma.client.document.findFirst({
      where: { id: documentId, accountId: principal.accountId },
      select: { channel: true },
    });
    if (!document) throw DomainError.notFound('Document', documentId);
    return document;
  }

  async latestVersion(principal: Principal, documentId: number): Promise<VersionRow> {
    const version = await this.prisma.client.documentVersion.findFirst({
      where: { documentId, accountId: principal.accountId },
      orderBy: { version: 'desc' },
      select: VERSION_SELECT,
    });
    if (!version) throw DomainError.notFound('Document', documentId);
    return version;
  }

  async preview(principal: Principal, id: number, profileId: number, subprofileId?: number) {
    const version = await this.latestVersion(principal, id);
    const { profile, subprofile } = await this.recipient(principal, profileId, subprofileId);
    return previewEmailDocument(toEmailDocument(version), {
      profile,
      subprofile,
      destinationId: TEST_MESSAGE_DESTINATION,
      tracking: { baseUrl: this.config.PUBLIC_URL, secret: this.config.TRACKING_SECRET },
    });
  }

  /** Test mail: rendered for real profiles, sent to test addresses, marked as a test, never counted. */
  async testMail(
    principal: Principal,
    id: number,
    input: TestMailDto,
  ): Promise<{ sent: number; failures: Array<{ to: string; profileId: number; error: string }> }> {
    const version = await this.latestVersion(principal, id);
    const { compiled } = compileEmailDocument(toEmailDocument(version), { trackingEnabled: false });
    const smtp = await this.prisma.client.smtpSettings.findUnique({ where: { accountId: principal.accountId } });
    const transport = new EmailTransport(
      smtp
        ? accountTransportSettings(
            smtp,
            this.secrets,
            { allowPrivate: this.config.OUTBOUND_ALLOW_PRIVATE },
            1,
            this.config.SMTP_EHLO_NAME,
          )
        : { ...platformSmtpServer(this.config), maxConnections: 1 },
    );
    const failures: Array<{ to: string; profileId: number; error: string }> = [];
    let sent = 0;
    try {
      for (const profileId of input.profileIds) {
        const { profile, subprofile } = await this.recipient(principal, profileId, input.subprofileId);
        const message = renderEmailMessage(compiled, {
          profile,
          subprofile,
          destinationId: TEST_MESSAGE_DESTINATION,
          tracking: { baseUrl: this.config.PUBLIC_URL, secret: this.config.TRACKING_SECRET },
          trackingEnabled: false,
        });
        for (const to of input.to) {
          const outcome = await transport.send({
            envelopeFrom: message.fromAddress,
            to,
            from: { name: message.fromName, address: message.fromAddress },
            replyTo: message.replyTo,
            subject: `[Test] ${message.subject}`,
            html: message.html,
            text: message.text,
            messageId: `<test.${id}.${profileId}.${Date.now()}@${this.config.BOUNCE_DOMAIN}>`,
            headers: { 'X-Herald-Test': 'true', 'X-Herald-Document': String(id) },
          });
          if (outcome.ok) sent++;
          else failures.push({ to, profileId, error: outcome.response });
        }
      }
    } finally {
      transport.close();
    }
    return { sent, failures };
  }

  private assertCompiles(document: EmailDocument): void {
    compileEmailDocument(document, { trackingEnabled: true });
  }

  private async recipient(principal: Principal, profileId: number, subprofileId?: number) {
    const profile = await this.prisma.client.profile.findFirst({
      where: { id: profileId, accountId: principal.accountId, deletedAt: null },
      select: { id: true, email: true, values: true },
    });
    if (!profile) throw DomainError.notFound('Profile', profileId);
    let subprofile: Record<string, unknown> | null = null;
    if (subprofileId !== undefined) {
      const row = await this.prisma.client.subprofile.findFirst({
        where: { id: subprofileId, profileId, accountId: principal.accountId, deletedAt: null },
        select: { values: true },
      });
      if (!row) throw DomainError.notFound('Subprofile', subprofileId);
      subprofile = row.values as Record<string, unknown>;
    }
    return {
      profile: { ...(profile.values as Record<string, unknown>), id: profile.id, email: profile.email },
      subprofile,
    };
  }
}
