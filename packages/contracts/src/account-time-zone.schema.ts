import { z } from 'zod';

/** `PUT /settings/timezone`: the account's IANA time zone, which its schedules use unless they name one. */
export const AccountTimeZoneRequest = z.object({
  timezone: z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters'),
});
export type AccountTimeZoneRequest = z.infer<typeof AccountTimeZoneRequest>;

export const AccountTimeZoneResponse = z.object({ timezone: z.string() });
export type AccountTimeZoneResponse = z.infer<typeof AccountTimeZoneResponse>;
