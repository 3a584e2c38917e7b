import type { DateFormat, FieldResponse as Field, ImportPreviewResponse as ImportPreview } from '@herald/contracts';
import type { ImportTarget } from '../../api/imports';

type AddressTarget = 'email' | 'mobile' | 'fax';

const ADDRESS_ALIASES: Record<string, AddressTarget> = {
  email: 'email',
  emailaddress: 'email',
  emailadres: 'email',
  mobiel: 'mobile',
  mobielnummer: 'mobile',
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

/**
 * A first guess at where each column goes, by key or label ("First name" fills first_name), so a
 * file with matching headers imports without any clicks.
 */
export function suggestMapping(headers: string[], fields: Field[]): Record<string, ImportTarget> {
  const byName = new Map([
    ...fields.map((field): [string, string] => [normalise(field.label), field.name]),
    ...fields.map((field): [string, string] => [normalise(field.name), field.name]),
  ]);
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

/** Whether any column goes into a date field: only then does the import need to know how dates are written. */
export function mapsDates(columns: Record<string, ImportTarget>, fields: Field[]): boolean {
  const dates = new Set(fields.filter((field) => field.type === 'DATE').map((field) => field.name));
  return Object.values(columns).some((target) => target !== null && dates.has(target));
}

/**
 * The date format to propose: the one the API found in the preview for the columns going into
 * date fields, when they agree; null (let the API detect it from more rows) otherwise.
 */
export function suggestDateFormat(
  preview: ImportPreview,
  columns: Record<string, ImportTarget>,
  fields: Field[],
): DateFormat | null {
  const dates = new Set(fields.filter((field) => field.type === 'DATE').map((field) => field.name));
  const found = new Set<DateFormat>();
  preview.headers.forEach((header, index) => {
    const target = columns[header];
    const format = preview.dateFormats[index];
    if (target && dates.has(target) && format) found.add(format);
  });
  return found.size === 1 ? ([...found][0] ?? null) : null;
}
