import { IANAZone } from 'luxon';
import { DomainError } from '../domain-error';

/**
 * An account's or a schedule's time zone: an IANA name that luxon (and so every schedule) can place
 * times in, spelled as the time zone database spells it ("europe/amsterdam" is Europe/Amsterdam);
 * anything else ("Mars/Olympus", an offset such as "+01:00") is a 400 naming `field` of `subject`.
 */
export function assertTimeZone(zone: string, field: string, subject: string): string {
  if (!IANAZone.isValidZone(zone)) {
    const message = `"${zone}" is not an IANA time zone such as Europe/Amsterdam`;
    throw DomainError.validation(`${subject} ${field} ${message}`, [{ path: field, message }]);
  }
  // The database's spelling when it differs only in case; ICU's own name for some zones is an older
  // alias (America/Buenos_Aires for America/Argentina/Buenos_Aires), which is not taken.
  const spelled = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  return spelled.toLowerCase() === zone.toLowerCase() ? spelled : zone;
}
