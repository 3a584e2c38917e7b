import { z } from 'zod';

/** POST /sender-domains: the domain as typed (Unicode or punycode); Ed25519 beside RSA when asked. */
export const SenderDomainCreateRequest = z.strictObject({
  domain: z.string().min(1, 'is required').max(253, 'a domain name has at most 253 characters'),
  ed25519: z.boolean().default(false),
});
export type SenderDomainCreateRequest = z.infer<typeof SenderDomainCreateRequest>;

const RecordState = z.enum(['found', 'missing', 'different', 'unchecked']);

const SenderDnsRecord = z.object({
  purpose: z.enum(['dkim', 'dkim-ed25519', 'spf', 'dmarc', 'return-path', 'tracking']),
  type: z.enum(['TXT', 'CNAME']),
  name: z.string(),
  value: z.string(),
  required: z.boolean(),
  /** What the last verification found: `different` when a record is there but not this one. */
  state: RecordState,
  /** What was found instead, or why the record does not count. */
  detail: z.string().nullable(),
});

export const SenderDomainResponse = z.object({
  id: z.number().int(),
  /** ASCII (punycode), as DNS and DKIM's d= tag use it. */
  domain: z.string(),
  /** The same name in Unicode. */
  displayName: z.string(),
  dkimSelector: z.string(),
  ed25519Selector: z.string().nullable(),
  /** When the required records (DKIM, SPF, DMARC) were last all found; null while they are not. */
  verifiedAt: z.string().nullable(),
  checkedAt: z.string().nullable(),
  records: z.array(SenderDnsRecord),
  createdAt: z.string(),
});
export type SenderDomainResponse = z.infer<typeof SenderDomainResponse>;
