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
