import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@herald/db';
import type { HeraldConfig } from '@herald/config';
import type { SenderDomainCreateRequest, SenderDomainResponse } from '@herald/contracts';
import {
  senderDomainVerified,
  verifySenderDnsRecords,
  type DnsResolver,
  type RecordVerification,
} from '@herald/checks';
import {
  DomainError,
  SecretBox,
  dkimKeyContext,
  generateSenderDomainKeys,
  normalizeSenderDomain,
  senderPlatformOf,
  storedSenderDnsRecords,
  type SenderPlatform,
} from '@herald/domain';
import { domainToUnicode } from 'node:url';
import { InjectConfig } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { DNS_RESOLVER } from './dns-resolver';

const SELECT = {
  id: true,
  domain: true,
  dkimSelector: true,
  dkimPublicKey: true,
  ed25519Selector: true,
  ed25519PublicKey: true,
  verifiedAt: true,
  checkedAt: true,
  verification: true,
  createdAt: true,
} as const;

type SenderDomainRow = Prisma.SenderDomainGetPayload<{ select: typeof SELECT }>;

function toResponse(row: SenderDomainRow, platform: SenderPlatform): SenderDomainResponse {
  const verification = (row.verification ?? []) as unknown as RecordVerification[];
  return {
    id: row.id,
    domain: row.domain,
    displayName: domainToUnicode(row.domain),
    dkimSelector: row.dkimSelector,
    ed25519Selector: row.ed25519Selector,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    checkedAt: row.checkedAt?.toISOString() ?? null,
    records: storedSenderDnsRecords(row, platform).map((record) => {
      const found = verification.find((v) => v.purpose === record.purpose);
      return { ...record, state: found?.state ?? 'unchecked', detail: found?.detail ?? null };
    }),
    createdAt: row.createdAt.toISOString(),
  };
}

@Injectable()
export class SenderDomainsService {
  private readonly secrets: SecretBox;
  readonly platform: SenderPlatform;

  constructor(
    private readonly prisma: PrismaService,
    @InjectConfig() config: HeraldConfig,
    @Inject(DNS_RESOLVER) private readonly resolve: DnsResolver,
  ) {
    this.secrets = SecretBox.fromSecretsKey(config.SECRETS_KEY);
    this.platform = senderPlatformOf(config);
  }

  async list(principal: Principal): Promise<SenderDomainResponse[]> {
    const rows = await this.prisma.client.senderDomain.findMany({
      where: { accountId: principal.accountId },
      select: SELECT,
      orderBy: { domain: 'asc' },
    });
    return rows.map((row) => toResponse(row, this.platform));
  }

  async get(principal: Principal, id: number): Promise<SenderDomainResponse> {
    return toResponse(await this.find(principal, id), this.platform);
  }

  /** A new domain gets its keys at once; the records to publish come back with it. */
  async create(principal: Principal, input: SenderDomainCreateRequest): Promise<SenderDomainResponse> {
    const { domain } = normalizeSenderDomain(input.domain);
    const keys = await generateSenderDomainKeys(new Date(), input.ed25519);
    const seal = (pem: string, selector: string) =>
      this.secrets.seal(pem, dkimKeyContext(principal.accountId, domain, selector));
    try {
      const row = await this.prisma.client.senderDomain.create({
        data: {
          accountId: principal.accountId,
          domain,
          dkimSelector: keys.rsa.selector,
          dkimPublicKey: keys.rsa.publicKey,
          dkimPrivateKey: seal(keys.rsa.privateKeyPem, keys.rsa.selector),
          ed25519Selector: keys.ed25519?.selector ?? null,
          ed25519PublicKey: keys.ed25519?.publicKey ?? null,
          ed25519PrivateKey: keys.ed25519 ? seal(keys.ed25519.privateKeyPem, keys.ed25519.selector) : null,
        },
        select: SELECT,
      });
      return toResponse(row, this.platform);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
        throw DomainError.conflict(`The sender domain ${domain} has already been added`);
      throw error;
    }
  }

  /** Looks every record up now and stores what was found; verified while the required ones are there. */
  async verify(principal: Principal, id: number): Promise<SenderDomainResponse> {
    const row = await this.find(principal, id);
    const records = storedSenderDnsRecords(row, this.platform);
    const verification = await verifySenderDnsRecords(records, this.resolve);
    const now = new Date();
    const verified = senderDomainVerified(records, verification);
    const updated = await this.prisma.client.senderDomain.update({
      where: { id: row.id },
      data: {
        checkedAt: now,
        verification: verification as unknown as Prisma.InputJsonValue,
        verifiedAt: verified ? (row.verifiedAt ?? now) : null,
      },
      select: SELECT,
    });
    return toResponse(updated, this.platform);
  }

  async remove(principal: Principal, id: number): Promise<void> {
    const { count } = await this.prisma.client.senderDomain.deleteMany({
      where: { id, accountId: principal.accountId },
    });
    if (count === 0) throw DomainError.notFound('Sender domain', id);
  }

  private async find(principal: Principal, id: number): Promise<SenderDomainRow> {
    const row = await this.prisma.client.senderDomain.findFirst({
      where: { id, accountId: principal.accountId },
      select: SELECT,
    });
    if (!row) throw DomainError.notFound('Sender domain', id);
    return row;
  }
}
