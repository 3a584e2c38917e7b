import { authenticate } from 'mailauth';
import { DomainError, normalizeSenderDomain, type SenderDnsRecord } from '@herald/domain';
import { lookUp, type DnsResolver } from './dns';
import type { Finding } from './finding';
import { verifySenderDnsRecords } from './sender-domain-records';

/** A sender domain of the account, with the records it should publish (senderDnsRecords). */
export interface AccountSenderDomain {
  domain: string;
  verified: boolean;
  records: readonly SenderDnsRecord[];
}

export interface SenderCheckInput {
  /** The From address of a sample message, as rendered. */
  fromAddress: string;
  replyTo: string | null;
  senderDomains: readonly AccountSenderDomain[];
  /** A sample message exactly as Herald sends it (signed), for the authentication and header checks. */
  message: Buffer;
  /** The envelope sender (return path), the sending IP and the name it greets with (EHLO). */
  envelopeFrom: string;
  /** Null when the platform does not know its sending address (SENDING_IP unset): SPF and blocklists are skipped. */
  sendingIp: string | null;
  helo: string;
}

/** Common DNS blocklists of sending IPs; each answers 127.0.0.x for a listed address. */
const IP_BLOCKLISTS = ['zen.spamhaus.org', 'bl.spamcop.net', 'b.barracudacentral.org'] as const;

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** The ASCII domain of a valid address, or null. */
function addressDomain(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at > 64 || !LOCAL_PART.test(address.slice(0, at))) return null;
  try {
    return normalizeSenderDomain(address.slice(at + 1)).domain;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/** The header block of a message, unfolded, as lower-case name and value. */
function headerFields(message: Buffer): { name: string; value: string }[] {
  const text = message.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  return (end === -1 ? text : text.slice(0, end))
    .replace(/\r\n(?=[ \t])/g, '')
    .split('\r\n')
    .map((line) => {
      const colon = line.indexOf(':');
      return { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() };
    });
}

const PURPOSE_NAMES: Record<SenderDnsRecord['purpose'], string> = {
  dkim: 'DKIM',
  'dkim-ed25519': 'DKIM (Ed25519)',
  spf: 'SPF',
  dmarc: 'DMARC',
  'return-path': 'return-path',
  tracking: 'tracking',
};

function fromFindings(input: SenderCheckInput, domain: string | null): Finding[] {
  const where = { part: 'fromAddress' as const, field: input.fromAddress };
  if (domain === null)
    return [
      {
        severity: 'error',
        code: 'invalid-from-address',
        message: `The sender address "${input.fromAddress}" is not a valid email address`,
        where,
        fix: 'Enter a sender address such as news@yourdomain.com',
      },
    ];
  const senderDomain = input.senderDomains.find((d) => d.domain === domain);
  if (!senderDomain)
    return [
      {
        severity: 'warning',
        code: 'sender-domain-unknown',
        message: `${domain} is not one of the account's sender domains, so messages from it are not signed (DKIM) and may be rejected as unauthenticated`,
        where,
        fix: `Add ${domain} under Sender domains and publish its DNS records, or send from a domain that is set up`,
      },
    ];
  if (!senderDomain.verified)
    return [
      {
        severity: 'warning',
        code: 'sender-domain-unverified',
        message: `The sender domain ${domain} is not verified: its DNS records were not all found at the last check`,
        where,
        fix: `Publish the records shown under Sender domains for ${domain}, then verify it`,
      },
    ];
  return [];
}

async function recordFindings(senderDomain: AccountSenderDomain, resolve: DnsResolver): Promise<Finding[]> {
  const records = senderDomain.records.filter((record) => record.required);
  const verification = await verifySenderDnsRecords(records, resolve);
  return verification.flatMap((found, i): Finding[] => {
    const record = records[i]!;
    if (found.state === 'found') return [];
    const name = PURPOSE_NAMES[found.purpose];
    const what =
      found.state === 'missing'
        ? `No ${name} record is published at ${record.name}`
        : found.state === 'different'
          ? `The ${name} record at ${record.name} is not the one Herald needs: ${found.detail}`
          : `The ${name} record at ${record.name} could not be checked: ${found.detail}`;
    return [
      {
        severity: 'warning',
        code: `${found.purpose}-record-${found.state}`,
        message: what,
        where: { part: 'fromAddress', field: record.name },
        fix: `Publish this ${record.type} record at ${record.name}: ${record.value}`,
      },
    ];
  });
}

async function authenticationFindings(input: SenderCheckInput, resolve: DnsResolver): Promise<Finding[]> {
  const result = await authenticate(input.message, {
    // Without the sending address SPF cannot pass, so DMARC is judged on DKIM alone; SPF is not reported.
    ...(input.sendingIp === null ? {} : { ip: input.sendingIp }),
    helo: input.helo,
    sender: input.envelopeFrom,
    mta: 'herald-checker',
    resolver: resolve,
    disableArc: true,
    disableBimi: true,
  });
  const findings: Finding[] = [];
  const where = { part: 'fromAddress' as const };
  // mailauth reports an unsigned message as one result without a signing domain.
  const dkim = result.dkim.results.filter((signature) => signature.signingDomain);
  if (!dkim.some((signature) => signature.status.result === 'pass' && signature.status.aligned))
    findings.push({
      severity: 'warning',
      code: 'dkim-not-passing',
      message:
        dkim.length === 0
          ? 'Messages of this mailing are not signed with DKIM'
          : dkim.every((signature) => signature.status.result === 'temperror')
            ? 'The DKIM signature could not be checked: DNS did not answer'
            : `The DKIM signature does not pass at receivers: ${dkim.map((s) => `${s.signingDomain} ${s.status.result}${s.status.comment ? ` (${s.status.comment})` : ''}`).join(', ')}`,
      where,
      fix: 'Send from a sender domain whose DKIM record is published as shown under Sender domains',
    });
  const spf = result.spf ? result.spf.status.result : 'none';
  if (input.sendingIp !== null && spf !== 'pass')
    findings.push({
      severity: 'warning',
      code: 'spf-not-passing',
      message: `SPF gives "${spf}" for the return path ${input.envelopeFrom} and the sending address ${input.sendingIp}`,
      where,
      fix: 'The SPF record of the return-path domain must list the sending address (include Herald’s SPF record)',
    });
  const dmarc = result.dmarc ? result.dmarc.status.result : 'none';
  if (dmarc !== 'pass')
    findings.push({
      severity: 'warning',
      code: 'dmarc-not-passing',
      message:
        dmarc === 'none'
          ? 'The sender domain publishes no DMARC policy, which Gmail and Yahoo require of bulk senders'
          : dmarc === 'temperror'
            ? 'The DMARC policy could not be checked: DNS did not answer'
            : `DMARC gives "${dmarc}": neither DKIM nor SPF passes for the From domain (they must be aligned with it)`,
      where,
      fix: 'Publish the DMARC record shown under Sender domains, and the DKIM record that aligns the signature',
    });
  return findings;
}

/** The sending IP against the common blocklists: a listed IP costs every mailing its reputation. */
async function blocklistFindings(ip: string, resolve: DnsResolver): Promise<Finding[]> {
  const octets = ip.split('.');
  if (octets.length !== 4) return [];
  const reversed = octets.reverse().join('.');
  const listed = await Promise.all(
    IP_BLOCKLISTS.map(async (zone) => {
      const answer = await lookUp(resolve, `${reversed}.${zone}`, 'A');
      // 127.255.255.x is a blocklist's error code (e.g. queries through a public resolver), not a listing.
      return answer.kind === 'found' && answer.values.some((v) => v.startsWith('127.') && !v.startsWith('127.255.255.'))
        ? [zone]
        : [];
    }),
  );
  return listed.flat().map((zone) => ({
    severity: 'error' as const,
    code: 'sending-ip-blocklisted',
    message: `The sending address ${ip} is listed on ${zone}: receivers that use it reject or junk this mailing`,
    where: {},
    fix: `Ask the platform's operator to have ${ip} delisted (see ${zone}), or send through another server`,
  }));
}

async function replyToFindings(input: SenderCheckInput, resolve: DnsResolver): Promise<Finding[]> {
  const address = input.replyTo ?? input.fromAddress;
  const part = input.replyTo ? ('replyTo' as const) : ('fromAddress' as const);
  const domain = addressDomain(address);
  if (domain === null)
    return input.replyTo
      ? [
          {
            severity: 'error',
            code: 'invalid-reply-to',
            message: `The reply-to address "${address}" is not a valid email address`,
            where: { part, field: address },
            fix: 'Enter an address replies can reach, or leave reply-to empty to receive replies at the sender address',
          },
        ]
      : [];
  const mx = await lookUp(resolve, domain, 'MX');
  const a = mx.kind === 'found' ? mx : await lookUp(resolve, domain, 'A');
  if (a.kind !== 'none') return [];
  return [
    {
      severity: 'warning',
      code: 'reply-to-unreachable',
      message: `Replies to ${address} cannot be delivered: ${domain} has no mail server (no MX or A record)`,
      where: { part, field: address },
      fix: 'Use a reply-to address at a domain that receives email',
    },
  ];
}

function listUnsubscribeFindings(message: Buffer): Finding[] {
  const fields = headerFields(message);
  const value = (name: string) => fields.find((field) => field.name === name)?.value;
  const findings: Finding[] = [];
  const unsubscribe = value('list-unsubscribe');
  if (!unsubscribe || !/<https:\/\//i.test(unsubscribe))
    findings.push({
      severity: 'warning',
      code: 'list-unsubscribe-missing',
      message: 'Messages lack a List-Unsubscribe header with an https link, which Gmail and Yahoo require of bulk mail',
      where: {},
      fix: 'Keep tracking and the unsubscribe link on: Herald adds the header with the signed unsubscribe link',
    });
  if (!/^List-Unsubscribe=One-Click$/i.test(value('list-unsubscribe-post') ?? ''))
    findings.push({
      severity: 'warning',
      code: 'list-unsubscribe-post-missing',
      message:
        'Messages lack "List-Unsubscribe-Post: List-Unsubscribe=One-Click", so one-click unsubscribe (RFC 8058) is not offered',
      where: {},
      fix: 'Keep tracking and the unsubscribe link on: Herald adds the header',
    });
  const signed = fields
    .filter((field) => field.name === 'dkim-signature')
    .some((field) => {
      const h = /(?:^|;)\s*h=([^;]*)/.exec(field.value)?.[1]?.replace(/\s+/g, '').toLowerCase().split(':') ?? [];
      return h.includes('list-unsubscribe') && h.includes('list-unsubscribe-post');
    });
  if (findings.length === 0 && !signed)
    findings.push({
      severity: 'warning',
      code: 'list-unsubscribe-not-signed',
      message:
        'The List-Unsubscribe headers are not covered by a DKIM signature, so receivers ignore one-click unsubscribe',
      where: {},
      fix: 'Send from a sender domain set up under Sender domains: Herald signs both headers',
    });
  return findings;
}

/** Said once when the platform's sending address is not configured: nothing is guessed in its place. */
const SENDING_IP_UNKNOWN: Finding = {
  severity: 'info',
  code: 'sending-ip-unknown',
  message: 'SPF and the DNS blocklists were not checked: the platform’s sending IP address is not configured',
  where: {},
  fix: 'The platform’s operator sets SENDING_IP to the address Herald sends from',
};

/**
 * The sender checks (issue 17): the From address valid and in a verified sender domain of the account,
 * that domain's DKIM, SPF and DMARC records published, a sample message passing DKIM, SPF and DMARC
 * (mailauth, as a receiver checks it), the sending IP on no common blocklist, a reply address that
 * receives mail, and the List-Unsubscribe headers present and signed. DNS only through `resolve`.
 */
export async function checkSender(input: SenderCheckInput, resolve: DnsResolver): Promise<Finding[]> {
  const domain = addressDomain(input.fromAddress);
  const senderDomain = domain === null ? undefined : input.senderDomains.find((d) => d.domain === domain);
  const [records, authentication, blocklists, replyTo] = await Promise.all([
    senderDomain ? recordFindings(senderDomain, resolve) : [],
    domain === null ? [] : authenticationFindings(input, resolve),
    input.sendingIp === null ? [] : blocklistFindings(input.sendingIp, resolve),
    replyToFindings(input, resolve),
  ]);
  return [
    ...fromFindings(input, domain),
    ...records,
    ...authentication,
    ...blocklists,
    ...replyTo,
    ...listUnsubscribeFindings(input.message),
    ...(input.sendingIp === null ? [SENDING_IP_UNKNOWN] : []),
  ];
}
