import { storedSenderDnsRecords, type SenderDnsRecord, type SenderPlatform } from '@herald/domain';
import type { PrismaClient } from '../generated/prisma/client';

/** An account's sender domain as the sender checks read it. */
export interface CheckedSenderDomain {
  domain: string;
  verified: boolean;
  records: SenderDnsRecord[];
}

/** Reads of an account's sender domains for sending and checking (the API's page writes them). */
export const senderDomainRepository = {
  /** The sealed private keys of one domain of the account, or null when it has not added the domain. */
  sealedDkimKeys(prisma: PrismaClient, accountId: number, domain: string) {
    return prisma.senderDomain.findUnique({
      where: { accountId_domain: { accountId, domain } },
      select: { dkimSelector: true, dkimPrivateKey: true, ed25519Selector: true, ed25519PrivateKey: true },
    });
  },

  /** Every sender domain of the account with the records it should publish; verified once its check passed. */
  async checkedDomains(
    prisma: PrismaClient,
    accountId: number,
    platform: SenderPlatform,
  ): Promise<CheckedSenderDomain[]> {
    const rows = await prisma.senderDomain.findMany({
      where: { accountId },
      select: {
        domain: true,
        dkimSelector: true,
        dkimPublicKey: true,
        ed25519Selector: true,
        ed25519PublicKey: true,
        verifiedAt: true,
      },
    });
    return rows.map((row) => ({
      domain: row.domain,
      verified: row.verifiedAt !== null,
      records: storedSenderDnsRecords(row, platform),
    }));
  },

  /** What the issue checker's sender checks read, for the API and the worker alike (SenderDomainSource of @herald/channels). */
  checkSource(prisma: PrismaClient, platform: SenderPlatform) {
    return {
      domainsOf: (accountId: number) => senderDomainRepository.checkedDomains(prisma, accountId, platform),
      sealedKeysOf: (accountId: number, domain: string) =>
        senderDomainRepository.sealedDkimKeys(prisma, accountId, domain),
    };
  },
};
