import { checkSender, resolverWithin, type AccountSenderDomain, type DnsResolver, type Finding } from '@herald/checks';
import { hostname } from 'node:os';
import type { ChannelMailing } from '../channel-port';
import { dnsResolver } from '../dns/dns-resolver';
import { dkimKeyLookup, type SealedDkimKeys } from './dkim-keys';
import type { DkimKey } from './dkim-signature';
import { composeSampleEmail, type EmailMessageOptions } from './email-message';

/** Where the sender checks read an account's sender domains (packages/db's senderDomainRepository.checkSource). */
export interface SenderDomainSource {
  /** The account's sender domains, each with the records it should publish and whether it is verified. */
  domainsOf(accountId: number): Promise<readonly AccountSenderDomain[]>;
  /** One domain's sealed DKIM keys, or null when the account has not added it. */
  sealedKeysOf(accountId: number, domain: string): Promise<SealedDkimKeys | null>;
}

/** What the sender checks need to know of the platform: where it sends from, and how it looks names up. */
export interface SenderCheckEnvironment extends EmailMessageOptions {
  senderDomainsOf(accountId: number): Promise<readonly AccountSenderDomain[]>;
  dkimKeysFor(accountId: number, domain: string): Promise<readonly DkimKey[]>;
  /** The tracking id a message to the destination carries, formatted as the send formats it. */
  trackingIdOf(mailingId: number, destinationId: bigint): string;
  resolve: DnsResolver;
  /** The platform's sending address (SENDING_IP); null skips SPF and the blocklists. */
  sendingIp: string | null;
  /** The name the worker greets SMTP servers with. */
  helo: string;
  /** All DNS lookups of one check together (default 2 s): a silent DNS server gives "could not be checked". */
  dnsBudgetMs?: number;
}

/** The configuration the sender checks read (HeraldConfig's variables of the same names). */
export interface SenderCheckConfig {
  PUBLIC_URL: string;
  TRACKING_SECRET: string;
  BOUNCE_DOMAIN: string;
  SECRETS_KEY: string;
  SENDING_IP?: string;
  DNS_SERVERS?: string;
}

/**
 * The environment of the sender checks as the platform is configured, for the API's check and the
 * worker's scheduled runs alike; `resolve` replaces the DNS_SERVERS resolver (the API injects its own).
 */
export function senderCheckEnvironment(
  config: SenderCheckConfig,
  source: SenderDomainSource,
  trackingIdOf: SenderCheckEnvironment['trackingIdOf'],
  resolve: DnsResolver = dnsResolver(config.DNS_SERVERS),
): SenderCheckEnvironment {
  return {
    publicUrl: config.PUBLIC_URL,
    trackingSecret: config.TRACKING_SECRET,
    bounceDomain: config.BOUNCE_DOMAIN,
    senderDomainsOf: (accountId) => source.domainsOf(accountId),
    dkimKeysFor: dkimKeyLookup((accountId, domain) => source.sealedKeysOf(accountId, domain), config.SECRETS_KEY),
    trackingIdOf,
    resolve,
    sendingIp: config.SENDING_IP ?? null,
    // The worker greets SMTP servers with nodemailer's default name, the host's.
    helo: hostname(),
  };
}

/** The sample recipient: no profile fields, the address the spam rating uses too. */
const SAMPLE_ADDRESS = 'reader@example.com';
/** Return paths and Message-IDs take positive ids only; the sample is never sent, so any one does. */
export const SAMPLE_DESTINATION_ID = 1n;

/**
 * The sender checks of an e-mail mailing (issue 17) on one of its messages composed and signed exactly
 * as the worker sends it: the API's check, send and schedule, and the worker's scheduled runs, call this.
 * No findings when the document does not render (the document checks report that).
 */
export async function checkMailingSender(
  mailing: Pick<ChannelMailing, 'mailingId' | 'accountId' | 'content' | 'trackingEnabled'>,
  environment: SenderCheckEnvironment,
): Promise<Finding[]> {
  const [sample, senderDomains] = await Promise.all([
    composeSampleEmail(
      mailing,
      {
        destinationId: SAMPLE_DESTINATION_ID,
        address: SAMPLE_ADDRESS,
        trackingId: environment.trackingIdOf(mailing.mailingId, SAMPLE_DESTINATION_ID),
        profile: { id: 0, email: SAMPLE_ADDRESS },
        subprofile: null,
      },
      environment,
    ),
    environment.senderDomainsOf(mailing.accountId),
  ]);
  if (!sample) return [];
  return checkSender(
    {
      fromAddress: sample.fromAddress,
      replyTo: sample.replyTo,
      senderDomains,
      message: sample.source,
      envelopeFrom: sample.envelopeFrom,
      sendingIp: environment.sendingIp,
      helo: environment.helo,
    },
    resolverWithin(environment.resolve, environment.dnsBudgetMs ?? 2_000),
  );
}
