import { z } from 'zod';
import { Timestamp, pageOf } from './common.schema';
import { MailingProgress, MailingStatus } from './mailings';

/** What the audit log records: who scheduled, changed, approved, rejected, cancelled or stopped what. */
export const AUDIT_ACTIONS = [
  'mailing.sent',
  'mailing.changed',
  'mailing.cancelled',
  'mailing.stopped',
  'mailing.checks-acknowledged',
  'approval.requested',
  'approval.approved',
  'approval.rejected',
  'approval.setting-changed',
  'schedule.created',
  'schedule.changed',
  'schedule.deactivated',
  'schedule.reactivated',
  'schedule.run-skipped',
  'schedule.run-restored',
  'schedule.deleted',
  'split-run.started',
  'split-run.winner-chosen',
  'split-run.stopped',
  'survey.results-deleted',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditSubjectType = z.enum(['mailing', 'schedule', 'account', 'split-run', 'survey']);
export type AuditSubjectType = z.infer<typeof AuditSubjectType>;

export const AuditEntryResponse = z.object({
  id: z.number().int(),
  at: Timestamp,
  /** Who did it; null for the system (a schedule's run) or a deleted user. */
  user: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  action: AuditAction,
  subjectType: AuditSubjectType,
  subjectId: z.number().int(),
  /** What else there is to say: a comment, the fields changed. */
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntryResponse = z.infer<typeof AuditEntryResponse>;

export const AuditLogQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  action: AuditAction.optional(),
  subjectType: AuditSubjectType.optional(),
  subjectId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  userId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
});
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;
export const AuditLogPageResponse = pageOf(AuditEntryResponse);
export type AuditLogPageResponse = z.infer<typeof AuditLogPageResponse>;

export const ApprovalState = z.enum(['not-requested', 'requested', 'approved', 'rejected']);
export type ApprovalState = z.infer<typeof ApprovalState>;

export const ApprovalResponse = z.object({
  id: z.number().int(),
  requestedBy: z.number().int(),
  requestedAt: Timestamp,
  decision: z.enum(['APPROVED', 'REJECTED']).nullable(),
  decidedBy: z.number().int().nullable(),
  decidedAt: Timestamp.nullable(),
  comment: z.string().nullable(),
  supersededAt: Timestamp.nullable(),
});
export type ApprovalResponse = z.infer<typeof ApprovalResponse>;

/** A mailing's approval: whether the account requires it, where it stands, and its history, newest first. */
export const MailingApprovalResponse = z.object({
  required: z.boolean(),
  state: ApprovalState,
  history: z.array(ApprovalResponse),
});
export type MailingApprovalResponse = z.infer<typeof MailingApprovalResponse>;

export const DecideApprovalRequest = z.object({
  decision: z.enum(['APPROVED', 'REJECTED']),
  /** Why; required to reject. */
  comment: z.string().trim().max(2_000, 'must be at most 2000 characters').optional(),
});
export type DecideApprovalRequest = z.infer<typeof DecideApprovalRequest>;

/** A mailing waiting for an ADMIN's decision. */
export const PendingApprovalResponse = z.object({
  mailing: z.object({ id: z.number().int(), name: z.string(), status: MailingStatus }),
  /** Who made the mailing: the one ADMIN who may not decide. */
  authorId: z.number().int().nullable(),
  requestedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  requestedAt: Timestamp,
});
export type PendingApprovalResponse = z.infer<typeof PendingApprovalResponse>;
export const PendingApprovalsResponse = z.object({ items: z.array(PendingApprovalResponse) });
export type PendingApprovalsResponse = z.infer<typeof PendingApprovalsResponse>;

export const ApprovalSettingRequest = z.object({ approvalRequired: z.boolean() });
export type ApprovalSettingRequest = z.infer<typeof ApprovalSettingRequest>;
export const ApprovalSettingResponse = z.object({ approvalRequired: z.boolean() });
export type ApprovalSettingResponse = z.infer<typeof ApprovalSettingResponse>;

export const ADMIN_JOB_STATES = ['scheduled', 'waiting', 'running', 'paused', 'failed'] as const;
export const AdminJobState = z.enum(ADMIN_JOB_STATES);
export type AdminJobState = z.infer<typeof AdminJobState>;

/** A job of the account's queues, joined with its mailing. */
export const AdminJobResponse = z.object({
  queue: z.string(),
  id: z.string(),
  name: z.string(),
  state: AdminJobState,
  /** When a scheduled (delayed) job runs; null for others. */
  runAt: Timestamp.nullable(),
  createdAt: Timestamp,
  attempts: z.number().int().min(0),
  failedReason: z.string().nullable(),
  mailing: z
    .object({
      id: z.number().int(),
      name: z.string(),
      status: MailingStatus,
      progress: MailingProgress,
      /** Who created (scheduled) it. */
      createdBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
      approval: ApprovalState,
    })
    .nullable(),
});
export type AdminJobResponse = z.infer<typeof AdminJobResponse>;

export const AdminJobsQuery = z.object({
  state: AdminJobState.optional(),
});
export type AdminJobsQuery = z.infer<typeof AdminJobsQuery>;
export const AdminJobsResponse = z.object({ items: z.array(AdminJobResponse) });
export type AdminJobsResponse = z.infer<typeof AdminJobsResponse>;
