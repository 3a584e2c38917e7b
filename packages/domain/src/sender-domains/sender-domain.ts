import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { domainToASCII, domainToUnicode } from 'node:url';
import { promisify } from 'node:util';
import { isIP } from 'node:net';
import { DomainError } from '../domain-error';

const generateKeyPairAsync = promisify(generateKeyPair);

/** A sender domain as DNS and the DKIM `d=` tag know it (ASCII, punycode for IDN) and as people read it. */
export interface SenderDomainName {
  /** Lower case ASCII; an internationalised name in punycode (`xn--…`). */
  domain: string;
  /** The same name in Unicode, for display. */
  unicode: string;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * The domain an account sends from, as typed (`Example.COM.`, `bücher.de`, `xn--bcher-kva.de`),
 * normalised; a DomainError on `domain` saying what is wrong when it is no domain one can send from.
 */
export function normalizeSenderDomain(input: string): SenderDomainName {
  const problem = (message: string) =>
    DomainError.validation(`Invalid sender domain: ${message}`, [{ path: 'domain', message }]);
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '') throw problem('a domain name is required');
  if (isIP(trimmed.replace(/^\[|\]$/g, ''))) throw problem('an IP address is not a domain');
  if (/[@/:\s\\?#]/.test(trimmed))
    throw problem(`"${trimmed}" is not a bare domain name (no address, URL, port or spaces)`);
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === '') throw problem(`"${trimmed}" is not a valid domain name`);
  if (ascii.length > 253) throw problem('a domain name has at most 253 characters');
  const labels = ascii.split('.');
  if (labels.length < 2) throw problem(`"${trimmed}" has no top-level domain (e.g. example.com)`);
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined)
    throw problem(`"${bad || '(empty)'}" is not a valid label: letters, digits and inner hyphens, 1-63 characters`);
  return { domain: ascii, unicode: domainToUnicode(ascii) };
}

/** A DKIM key pair: the private key as PKCS#8 PEM (to be sealed), the public key as DKIM's `p=` value. */
export interface DkimKeyPair {
  selector: string;
  privateKeyPem: string;
  /** Base64: RSA's SubjectPublicKeyInfo, Ed25519's raw 32 bytes (RFC 8463). */
  publicKey: string;
}

export interface SenderDomainKeys {
  rsa: DkimKeyPair;
  ed25519: DkimKeyPair | null;
}

/** `herald202612`: a selector per month of creation, so a rotated key can sit beside the old one. */
export function dkimSelector(now: Date): string {
  return `herald${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** RSA-2048 (what every receiver verifies), and Ed25519 beside it when asked (RFC 8463: both, never Ed25519 alone). */
export async function generateSenderDomainKeys(now: Date, withEd25519: boolean): Promise<SenderDomainKeys> {
  const selector = dkimSelector(now);
  const rsa = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const rsaPair: DkimKeyPair = {
    selector,
    privateKeyPem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: rsa.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
  if (!withEd25519) return { rsa: rsaPair, ed25519: null };
  const ed = await generateKeyPairAsync('ed25519');
  // The SPKI of an Ed25519 key is a fixed 12-byte prefix and the raw 32-byte key.
  const raw = ed.publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
  return {
    rsa: rsaPair,
    ed25519: {
      selector: `${selector}e`,
      privateKeyPem: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: raw.toString('base64'),
    },
  };
}

/** The key object of a stored (opened) PEM, parsed once per domain by whoever signs. */
export function dkimPrivateKey(pem: string): KeyObject {
  return createPrivateKey(pem);
}

/** What a sealed DKIM private key is bound to: it opens for this account's domain and selector only. */
export function dkimKeyContext(accountId: number, domain: string, selector: string): string {
  return `dkim-key:account:${accountId}:${domain}:${selector}`;
}

/** Where the platform receives bounces, hosts SPF and serves tracking links (from the configuration). */
export interface SenderPlatform {
  /** The domain a customer's SPF record includes, e.g. `spf.herald.example`. */
  spfInclude: string;
  /** Herald's bounce domain, the target of the return-path CNAME. */
  returnPathHost: string;
  /** The host of tracking links, the target of the tracking CNAME. */
  trackingHost: string;
}

type SenderRecordPurpose = 'dkim' | 'dkim-ed25519' | 'spf' | 'dmarc' | 'return-path' | 'tracking';

/** One DNS record a customer publishes for a sender domain. */
export interface SenderDnsRecord {
  purpose: SenderRecordPurpose;
  type: 'TXT' | 'CNAME';
  /** Fully qualified, ASCII. */
  name: string;
  value: string;
  /** Required for the domain to count as verified; the others are recommended. */
  required: boolean;
}

const RETURN_PATH_LABEL = 'bounces';
const TRACKING_LABEL = 'links';

/** The DKIM TXT value of a public key. */
function dkimRecordValue(algorithm: 'rsa' | 'ed25519', publicKey: string): string {
  return `v=DKIM1; k=${algorithm}; p=${publicKey}`;
}

/**
 * The records to publish: DKIM (the signature's key), SPF (Herald's servers may send for the domain),
 * DMARC (at least p=none, as Gmail and Yahoo require of bulk senders), and CNAMEs for a return path and
 * tracking links on the customer's own domain. DKIM, SPF and DMARC are required; the CNAMEs recommended.
 */
export function senderDnsRecords(
  domain: string,
  keys: {
    rsa: Pick<DkimKeyPair, 'selector' | 'publicKey'>;
    ed25519: Pick<DkimKeyPair, 'selector' | 'publicKey'> | null;
  },
  platform: SenderPlatform,
): SenderDnsRecord[] {
  const records: SenderDnsRecord[] = [
    {
      purpose: 'dkim',
      type: 'TXT',
      name: `${keys.rsa.selector}._domainkey.${domain}`,
      value: dkimRecordValue('rsa', keys.rsa.publicKey),
      required: true,
    },
  ];
  if (keys.ed25519)
    records.push({
      purpose: 'dkim-ed25519',
      type: 'TXT',
      name: `${keys.ed25519.selector}._domainkey.${domain}`,
      value: dkimRecordValue('ed25519', keys.ed25519.publicKey),
      required: false,
    });
  records.push(
    { purpose: 'spf', type: 'TXT', name: domain, value: `v=spf1 include:${platform.spfInclude} ~all`, required: true },
    {
      purpose: 'dmarc',
      type: 'TXT',
      name: `_dmarc.${domain}`,
      value: 'v=DMARC1; p=none; adkim=r; aspf=r',
      required: true,
    },
    {
      purpose: 'return-path',
      type: 'CNAME',
      name: `${RETURN_PATH_LABEL}.${domain}`,
      value: platform.returnPathHost,
      required: false,
    },
    {
      purpose: 'tracking',
      type: 'CNAME',
      name: `${TRACKING_LABEL}.${domain}`,
      value: platform.trackingHost,
      required: false,
    },
  );
  return records;
}

/** A sender domain as stored: its name and the public halves of its keys. */
export interface StoredSenderDomainKeys {
  domain: string;
  dkimSelector: string;
  dkimPublicKey: string;
  ed25519Selector: string | null;
  ed25519PublicKey: string | null;
}

/** The records of a stored sender domain: what its page shows and the sender checks look for. */
export function storedSenderDnsRecords(row: StoredSenderDomainKeys, platform: SenderPlatform): SenderDnsRecord[] {
  return senderDnsRecords(
    row.domain,
    {
      rsa: { selector: row.dkimSelector, publicKey: row.dkimPublicKey },
      ed25519:
        row.ed25519Selector && row.ed25519PublicKey
          ? { selector: row.ed25519Selector, publicKey: row.ed25519PublicKey }
          : null,
    },
    platform,
  );
}

/** Where the platform's own records are: the SPF include, the bounce domain, the tracking host. */
export function senderPlatformOf(config: {
  SPF_INCLUDE: string;
  BOUNCE_DOMAIN: string;
  PUBLIC_URL: string;
}): SenderPlatform {
  return {
    spfInclude: config.SPF_INCLUDE,
    returnPathHost: config.BOUNCE_DOMAIN,
    trackingHost: new URL(config.PUBLIC_URL).hostname,
  };
}
