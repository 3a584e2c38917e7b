import type { BounceReason, ReasonDecision } from './bounce-reason';
import { PROVIDERS, type Provider } from './provider-phrases';

// Phrases this long name their provider's meaning wherever they appear (a relay may hide the provider's host).
const DISTINCTIVE = 28;
const HARD_REASONS = new Set<BounceReason>(['userunknown', 'hostunknown', 'hasmoved', 'notaccept']);

function knownProvider(host: string | undefined, domain: string | undefined): Provider | undefined {
  const lowerHost = host?.toLowerCase() ?? '';
  const lowerDomain = domain?.toLowerCase() ?? '';
  return PROVIDERS.find(
    (provider) =>
      (lowerHost && provider.hosts.some((suffix) => lowerHost.endsWith(suffix) || lowerHost === suffix.slice(1))) ||
      (lowerDomain && provider.domains.includes(lowerDomain)),
  );
}

function phraseIn(provider: Provider, text: string, minLength: number): BounceReason | undefined {
  for (const [reason, phrases] of Object.entries(provider.phrases) as [BounceReason, readonly string[]][]) {
    if (phrases.some((phrase) => phrase.length >= minLength && text.includes(phrase))) return reason;
  }
  return undefined;
}

/** The reason a provider's own words give, for the provider that received (or reported) the message. */
export function providerReason(
  host: string | undefined,
  domain: string | undefined,
  lowerText: string,
): ReasonDecision | undefined {
  if (!lowerText) return undefined;
  const provider = knownProvider(host, domain);
  const own = provider ? phraseIn(provider, lowerText, 1) : undefined;
  if (provider && own) return { reason: own, decidedBy: `${provider.name}'s reply (${own})` };
  // Elsewhere a provider's phrase may only spare an address, never condemn one: its hard reasons need the provider.
  for (const other of PROVIDERS) {
    const reason = phraseIn(other, lowerText, DISTINCTIVE);
    if (reason && !HARD_REASONS.has(reason)) return { reason, decidedBy: `${other.name}'s reply (${reason})` };
  }
  return undefined;
}

// Exchange 2003's own error numbers, "MSEXCH:IMS:...:(000C05A6)" (sisimai's Lhost::Exchange2003).
const EXCHANGE_2003_CODES: Readonly<Record<string, BounceReason>> = {
  '000c05a6': 'userunknown',
  '000c0595': 'filtered',
  '00010256': 'systemerror',
  '000d06b5': 'systemerror',
  '00120270': 'networkerror',
  '00050311': 'contenterror',
  '000502cc': 'contenterror',
  '000b0981': 'securityerror',
};
// PowerMTA's X-PowerMTA-BounceCategory field (sisimai's Lhost::PowerMTA).
const POWERMTA_CATEGORIES: Readonly<Record<string, BounceReason>> = {
  'bad-domain': 'hostunknown',
  'bad-mailbox': 'userunknown',
  'inactive-mailbox': 'suspend',
  'message-expired': 'expired',
  'no-answer-from-host': 'networkerror',
  'policy-related': 'policyviolation',
  'quota-issues': 'mailboxfull',
  'routing-errors': 'systemerror',
  'spam-related': 'spamdetected',
};

/** The reason a sending MTA's own classification states: an Exchange 2003 error number, PowerMTA's bounce category. */
export function mtaReason(lowerText: string, category: string | undefined): ReasonDecision | undefined {
  const fromCategory = category ? POWERMTA_CATEGORIES[category.trim().toLowerCase()] : undefined;
  if (fromCategory) return { reason: fromCategory, decidedBy: `PowerMTA's bounce category ${category?.trim()}` };
  const exchange = /msexch:[^\s]{0,200}[^(]{0,100}\((0[0-9a-f]{7})\)/.exec(lowerText);
  const fromExchange = exchange?.[1] ? EXCHANGE_2003_CODES[exchange[1]] : undefined;
  if (fromExchange) return { reason: fromExchange, decidedBy: `Exchange's error ${exchange?.[1] ?? ''}` };
  return undefined;
}
