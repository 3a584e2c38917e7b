import { z } from 'zod';

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

export const targetSchema = z
  .object({
    targetType: z.enum(['DATABASE', 'COLLECTION', 'SELECTION']),
    databaseId: z.number().int().positive().optional(),
    collectionId: z.number().int().positive().optional(),
    selectionId: z.number().int().positive().optional(),
    toSubprofiles: z.boolean().default(false),
  })
  .superRefine((t, ctx) => {
    if (t.targetType === 'DATABASE' && !t.databaseId) ctx.addIssue({ code: 'custom', path: ['databaseId'], message: 'is required for a DATABASE target' });
    if (t.targetType === 'COLLECTION' && !t.collectionId) ctx.addIssue({ code: 'custom', path: ['collectionId'], message: 'is required for a COLLECTION target' });
    if (t.targetType === 'SELECTION' && !t.selectionId) ctx.addIssue({ code: 'custom', path: ['selectionId'], message: 'is required for a SELECTION target' });
    if (t.targetType === 'COLLECTION' && !t.toSubprofiles) ctx.addIssue({ code: 'custom', path: ['toSubprofiles'], message: 'must be true: a collection target sends to subprofiles' });
  });

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

export const createMailingSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(255),
    documentId: z.number().int().positive(),
    settings: mailingSettingsSchema.partial().default({}),
  })
  .and(targetSchema);
export type CreateMailingRequest = z.infer<typeof createMailingSchema>;

export const updateMailingSchema = z.object({
  name: z.string().trim().min(1).max(255).optional(),
  documentId: z.number().int().positive().optional(),
  settings: mailingSettingsSchema.partial().optional(),
});

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

export interface MailingProgress {
  destinations: number;
  pending: number;
  sent: number;
  failed: number;
  suppressed: number;
}

export interface MailingResponse {
  id: number;
  name: string;
  channel: 'EMAIL' | 'SMS' | 'FAX';
  status: 'DRAFT' | 'SCHEDULED' | 'QUEUED' | 'SENDING' | 'SENT' | 'CANCELLED' | 'FAILED';
  documentId: number;
  documentVersionId: number | null;
  targetType: 'DATABASE' | 'COLLECTION' | 'SELECTION';
  databaseId: number;
  collectionId: number | null;
  selectionId: number | null;
  toSubprofiles: boolean;
  settings: MailingSettings;
  createdAt: string;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  cancelledAt: string | null;
  failureReason: string | null;
  progress: MailingProgress;
}
