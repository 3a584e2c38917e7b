import { z } from 'zod';
import { Timestamp } from './common.schema';
import { DominantResult } from './mailings';
import { ProfileValues } from './profiles.schema';

const ChangeValue = z.unknown();

const ErrorDetail = z.object({
  kind: z.enum(['SOFT', 'HARD', 'COMPOSE']).nullable(),
  code: z.string().nullable(),
  text: z.string().nullable(),
});

export const ProfileExportEvent = z.object({
  type: z.enum(['DELIVERED', 'ERROR', 'IMPRESSION', 'CLICK', 'UNSUBSCRIBE', 'COMPLAINT', 'PROVIDER_STATUS']),
  occurredAt: Timestamp,
  /** The link clicked, as written in the document. */
  link: z.string().nullable(),
  /** Likely a machine (a mail privacy proxy's open, a link scanner's click). */
  machine: z.boolean(),
  userAgent: z.string().nullable(),
  /** A keyed hash of the IP address; the address itself is never stored. */
  ipHash: z.string().nullable(),
  error: ErrorDetail.nullable(),
  providerStatus: z.string().nullable(),
});
export type ProfileExportEvent = z.infer<typeof ProfileExportEvent>;

export const ProfileExportMailing = z.object({
  mailing: z.object({ id: z.number().int(), name: z.string(), channel: z.enum(['EMAIL', 'SMS', 'FAX']) }),
  destination: z.object({
    subprofileId: z.number().int().nullable(),
    /** The address or number the mailing was sent to. */
    address: z.string(),
    status: z.enum(['PENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'CANCELLED']),
    suppressionReason: z.string().nullable(),
    sentAt: Timestamp.nullable(),
    dominantResult: DominantResult,
    lastError: ErrorDetail.nullable(),
  }),
  events: z.array(ProfileExportEvent),
});
export type ProfileExportMailing = z.infer<typeof ProfileExportMailing>;

/** Everything Herald holds about one profile (GDPR articles 15 and 20), as one JSON document. */
export const ProfileExportResponse = z.object({
  exportedAt: Timestamp,
  profile: z.object({
    id: z.number().int(),
    database: z.object({ id: z.number().int(), name: z.string() }),
    email: z.string().nullable(),
    mobile: z.string().nullable(),
    fax: z.string().nullable(),
    values: ProfileValues,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
  subscription: z.object({
    unsubscribedAt: Timestamp.nullable(),
    unsubscribeReason: z.string().nullable(),
    disabledAt: Timestamp.nullable(),
    disabledReason: z.string().nullable(),
  }),
  subprofiles: z.array(
    z.object({
      id: z.number().int(),
      collection: z.object({ id: z.number().int(), name: z.string() }),
      values: ProfileValues,
      createdAt: Timestamp,
      updatedAt: Timestamp,
    }),
  ),
  /** Newest first. */
  mailings: z.array(ProfileExportMailing),
  /** The profile's history: every change, who made it and when. */
  changes: z.array(z.object({ source: z.string(), change: ChangeValue, createdAt: Timestamp })),
});
export type ProfileExportResponse = z.infer<typeof ProfileExportResponse>;
