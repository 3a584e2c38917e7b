import { z } from 'zod';
import { Timestamp } from './common.schema';
import { Channel } from './documents.schema';
import { DOMINANT_ORDER } from './dominant-order';

const email = z.string().trim().email('must be an email address');

/** Per-mailing sending settings (docs/rules/sending.md, docs/rules/scheduling.md). */
export const mailingSettingsSchema = z.object({
  trackingEnabled: z.boolean().default(true),
  /** Copernica's minimum is 100 a minute; null sends as fast as the server takes them. */
  maxPerMinute: z.number().int().min(100, 'must be at least 100').nullable().default(null),
  /** Duplicate addresses go to the profile with the lowest id. */
  skipDuplicates: z.boolean().default(true),
  replyTo: email.nullable().default(null),
  /** A personalised sender address must be in this domain (or the account's sender domains). */
  senderDomain: z.string().trim().toLowerCase().min(1).nullable().default(null),
  /** After this many minutes, what was not sent yet is not sent. */
  maxDurationMinutes: z.number().int().min(1).nullable().default(null),
});
export type MailingSettings = z.infer<typeof mailingSettingsSchema>;

interface TargetFields {
  targetType: 'DATABASE' | 'COLLECTION' | 'SELECTION';
  databaseId?: number;
  collectionId?: number;
  selectionId?: number;
  toSubprofiles?: boolean;
}

/** What a target of each type must name; checked alike when a mailing is created and when its target is changed. */
function checkTarget(t: TargetFields, ctx: z.RefinementCtx): void {
  if (t.targetType === 'DATABASE' && !t.databaseId)
    ctx.addIssue({ code: 'custom', path: ['databaseId'], message: 'is required for a DATABASE target' });
  if (t.targetType === 'COLLECTION' && !t.collectionId)
    ctx.addIssue({ code: 'custom', path: ['collectionId'], message: 'is required for a COLLECTION target' });
  if (t.targetType === 'SELECTION' && !t.selectionId)
    ctx.addIssue({ code: 'custom', path: ['selectionId'], message: 'is required for a SELECTION target' });
  if (t.targetType === 'COLLECTION' && !t.toSubprofiles)
    ctx.addIssue({
      code: 'custom',
      path: ['toSubprofiles'],
      message: 'must be true: a collection target sends to subprofiles',
    });
}

const targetFields = {
  targetType: z.enum(['DATABASE', 'COLLECTION', 'SELECTION']),
  databaseId: z.number().int().positive().optional(),
  collectionId: z.number().int().positive().optional(),
  selectionId: z.number().int().positive().optional(),
};

export const targetSchema = z
  .object({ ...targetFields, toSubprofiles: z.boolean().default(false) })
  .superRefine(checkTarget);

export const createEmailDocumentSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(255),
  fromName: z.string().max(255).optional(),
  fromAddress: z.string().trim().min(3, 'is required').max(255),
  replyTo: z.string().trim().max(255).optional(),
  subject: z.string().min(1, 'is required').max(255, 'must be at most 255 characters'),
  html: z.string().min(1, 'is required').max(5_000_000),
  text: z.string().max(5_000_000).optional(),
});
export type CreateEmailDocumentRequest = z.infer<typeof createEmailDocumentSchema>;
export const updateEmailDocumentSchema = createEmailDocumentSchema.partial();

/** An SMS or fax document: one Liquid text (the SMS body, the text of the fax's pages). */
export const createTextDocumentSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(255),
  channel: z.enum(['SMS', 'FAX']),
  body: z.string().min(1, 'is required').max(10_000, 'must be at most 10,000 characters'),
});
export type CreateTextDocumentRequest = z.infer<typeof createTextDocumentSchema>;
export const updateTextDocumentSchema = createTextDocumentSchema.omit({ channel: true }).partial();

export const createMailingSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(255),
    documentId: z.number().int().positive(),
    settings: mailingSettingsSchema.partial().default({}),
  })
  .and(targetSchema);
export type CreateMailingRequest = z.infer<typeof createMailingSchema>;

/** A draft's (or scheduled mailing's) changes; a target, when given, replaces the whole target. */
export const updateMailingSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(255).optional(),
    documentId: z.number().int().positive().optional(),
    settings: mailingSettingsSchema.partial().optional(),
    ...targetFields,
    targetType: targetFields.targetType.optional(),
    toSubprofiles: z.boolean().optional(),
  })
  .superRefine((t, ctx) => {
    if (t.targetType) checkTarget({ ...t, targetType: t.targetType }, ctx);
  });
export type UpdateMailingRequest = z.infer<typeof updateMailingSchema>;

export const testMailSchema = z.object({
  profileIds: z.array(z.number().int().positive()).min(1, 'name at least one profile').max(20),
  subprofileId: z.number().int().positive().optional(),
  to: z.array(email).min(1, 'name at least one test address').max(20),
});

export const previewQuerySchema = z.object({
  profileId: z.coerce.number().int().positive(),
  subprofileId: z.coerce.number().int().positive().optional(),
});

export const smtpSettingsSchema = z.object({
  host: z.string().trim().min(1, 'is required'),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().default(false),
  username: z.string().nullable().optional(),
  password: z.string().nullable().optional(),
  senderDomains: z.array(z.string().trim().toLowerCase().min(1)).default([]),
  maxConnections: z.number().int().min(1).max(20).default(2),
});
export type SmtpSettingsRequest = z.infer<typeof smtpSettingsSchema>;

export const SmtpSettingsResponse = z.object({
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  username: z.string().nullable(),
  /** Never the password itself; only whether one is set. */
  hasPassword: z.boolean(),
  senderDomains: z.array(z.string()),
  maxConnections: z.number().int(),
});
export type SmtpSettingsResponse = z.infer<typeof SmtpSettingsResponse>;

export const SmtpTestResponse = z.object({
  ok: z.boolean(),
  /** The server's reply, or one message for every failure to connect. */
  message: z.string(),
});
export type SmtpTestResponse = z.infer<typeof SmtpTestResponse>;

export const MailingStatus = z.enum(['DRAFT', 'SCHEDULED', 'QUEUED', 'SENDING', 'SENT', 'CANCELLED', 'FAILED']);
export type MailingStatus = z.infer<typeof MailingStatus>;
export const TargetType = z.enum(['DATABASE', 'COLLECTION', 'SELECTION']);
export type TargetType = z.infer<typeof TargetType>;
export const DestinationStatus = z.enum(['PENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'CANCELLED']);
export type DestinationStatus = z.infer<typeof DestinationStatus>;

/** Destinations by send status; pending = not yet handed to the provider. */
export const MailingProgress = z.object({
  destinations: z.number().int().min(0),
  pending: z.number().int().min(0),
  sent: z.number().int().min(0),
  failed: z.number().int().min(0),
  suppressed: z.number().int().min(0),
  /** Not handed over: an admin stopped the mailing. */
  cancelled: z.number().int().min(0),
});
export type MailingProgress = z.infer<typeof MailingProgress>;

export const MailingResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  channel: Channel,
  status: MailingStatus,
  documentId: z.number().int(),
  /** The version frozen when the mailing was sent; null before. */
  documentVersionId: z.number().int().nullable(),
  targetType: TargetType,
  databaseId: z.number().int(),
  collectionId: z.number().int().nullable(),
  selectionId: z.number().int().nullable(),
  toSubprofiles: z.boolean(),
  settings: z.object({
    trackingEnabled: z.boolean(),
    maxPerMinute: z.number().int().nullable(),
    skipDuplicates: z.boolean(),
    replyTo: z.string().nullable(),
    senderDomain: z.string().nullable(),
    maxDurationMinutes: z.number().int().nullable(),
  }),
  createdAt: Timestamp,
  queuedAt: Timestamp.nullable(),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  cancelledAt: Timestamp.nullable(),
  failureReason: z.string().nullable(),
  progress: MailingProgress,
});
export type MailingResponse = z.infer<typeof MailingResponse>;

/** Least to most dominant, in DOMINANT_ORDER. */
export const DominantResult = z.enum(DOMINANT_ORDER);
export type DominantResult = z.infer<typeof DominantResult>;
export const ErrorKind = z.enum(['SOFT', 'HARD', 'COMPOSE']);
export type ErrorKind = z.infer<typeof ErrorKind>;

export const DestinationResponse = z.object({
  id: z.string(),
  profileId: z.number().int(),
  subprofileId: z.number().int().nullable(),
  address: z.string(),
  status: DestinationStatus,
  suppressionReason: z.string().nullable(),
  dominantResult: DominantResult,
  attempts: z.number().int().min(0),
  lastErrorKind: ErrorKind.nullable(),
  lastErrorCode: z.string().nullable(),
  lastErrorText: z.string().nullable(),
  sentAt: Timestamp.nullable(),
});
export type DestinationResponse = z.infer<typeof DestinationResponse>;

const count = z.number().int().min(0);

/**
 * Who a mailing would reach if it were sent now, counted the way dispatch suppresses: the send step
 * says how many get it and who is left out, and why.
 */
export const MailingAudienceResponse = z.object({
  /** Destinations that would be sent to. */
  recipients: count,
  suppressed: z.object({
    unsubscribed: count,
    disabled: count,
    /** No address in the channel's field (email, mobile or fax). */
    noAddress: count,
    invalidAddress: count,
    /** Addresses that occur more than once, when the mailing sends once to each address. */
    duplicates: count,
  }),
});
export type MailingAudienceResponse = z.infer<typeof MailingAudienceResponse>;

/** The audience of a mailing not yet saved: the form's live count while a target is chosen. */
export const mailingAudienceRequestSchema = z
  .object({
    /** The document's channel: it picks the address that must be there. */
    channel: Channel.default('EMAIL'),
    skipDuplicates: z.boolean().default(true),
  })
  .and(targetSchema);
export type MailingAudienceRequest = z.input<typeof mailingAudienceRequestSchema>;
