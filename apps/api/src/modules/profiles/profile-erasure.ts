/** What an erased destination's address reads in reports, lists and exports. */
export const ERASED_ADDRESS = '(erased)';

export interface ContactColumns {
  email: string | null;
  mobile: string | null;
  fax: string | null;
}

/**
 * Every way a person's address or number may be written in what remote servers and providers sent
 * back (a bounce's "550 <ann@example.com>: unknown user", an SMS error naming the number): the
 * profile's columns and the addresses its mailings went to, phone numbers with and without "+".
 * Longest first, so a longer identifier is replaced before one it contains.
 */
export function personalIdentifiers(contact: ContactColumns, usedAddresses: readonly string[]): string[] {
  const found = new Set<string>();
  for (const value of [contact.email, contact.mobile, contact.fax, ...usedAddresses]) {
    const trimmed = value?.trim();
    if (!trimmed || trimmed === ERASED_ADDRESS) continue;
    found.add(trimmed.toLowerCase());
    if (/^\+\d{6,}$/.test(trimmed)) found.add(trimmed.slice(1));
  }
  return [...found].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/** The text with every identifier replaced by "(erased)", whatever its case; null stays null. */
export function eraseIdentifiers(text: string | null, identifiers: readonly string[]): string | null {
  if (text === null || identifiers.length === 0) return text;
  const pattern = new RegExp(identifiers.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return text.replace(pattern, ERASED_ADDRESS);
}
