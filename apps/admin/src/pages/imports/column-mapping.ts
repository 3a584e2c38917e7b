import type { FieldResponse as Field } from '@herald/contracts';
import type { ImportTarget } from '../../api/imports';

type AddressTarget = 'email' | 'mobile' | 'fax';

const ADDRESS_ALIASES: Record<string, AddressTarget> = {
  email: 'email',
  emailaddress: 'email',
  mail: 'email',
  mobile: 'mobile',
  mobilenumber: 'mobile',
  mobilephone: 'mobile',
  cell: 'mobile',
  gsm: 'mobile',
  fax: 'fax',
  faxnumber: 'fax',
};

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A first guess at where each column goes, by name, so a file with matching headers imports without any clicks. */
export function suggestMapping(headers: string[], fields: Field[]): Record<string, ImportTarget> {
  const byName = new Map(fields.map((field) => [normalise(field.name), field.name]));
  const taken = new Set<string>();
  const columns: Record<string, ImportTarget> = {};
  for (const header of headers) {
    const key = normalise(header);
    const target = byName.get(key) ?? ADDRESS_ALIASES[key] ?? null;
    columns[header] = target && !taken.has(target) ? target : null;
    if (target) taken.add(target);
  }
  return columns;
}

/** Targets chosen for more than one column: the file could not say which value wins. */
export function duplicateTargets(columns: Record<string, ImportTarget>): string[] {
  const seen = new Map<string, number>();
  for (const target of Object.values(columns)) if (target) seen.set(target, (seen.get(target) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([target]) => target);
}
