import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from './client';
import { mailingKeys } from './mailings';
import type {
  AdminJobsResponse,
  ApprovalSettingResponse,
  AuditAction,
  AuditLogPageResponse,
  MailingApprovalResponse,
  PendingApprovalsResponse,
} from '@herald/contracts';

const POLL_MS = 3000;

const adminKeys = {
  jobs: ['admin', 'jobs'] as const,
  audit: (page: number, action: AuditAction | undefined) => ['admin', 'audit', page, action ?? 'all'] as const,
  approvalSetting: ['admin', 'approval-setting'] as const,
  pending: ['admin', 'approvals', 'pending'] as const,
};

/** Mailings whose author asked for approval, waiting for an ADMIN other than the author. */
export function usePendingApprovals() {
  return useQuery({
    queryKey: adminKeys.pending,
    queryFn: () => api.get<PendingApprovalsResponse>('/approvals/pending'),
    refetchInterval: POLL_MS,
  });
}

/** The account's jobs, polled: progress moves while they run. */
export function useAdminJobs() {
  return useQuery({
    queryKey: adminKeys.jobs,
    queryFn: () => api.get<AdminJobsResponse>('/jobs'),
    refetchInterval: POLL_MS,
  });
}

export function useAuditLog(page: number, action: AuditAction | undefined) {
  return useQuery({
    queryKey: adminKeys.audit(page, action),
    queryFn: () => api.get<AuditLogPageResponse>('/audit-log', { query: { page, pageSize: 20, action } }),
    refetchInterval: POLL_MS,
  });
}

export function useApprovalSetting() {
  return useQuery({
    queryKey: adminKeys.approvalSetting,
    queryFn: () => api.get<ApprovalSettingResponse>('/settings/approval'),
  });
}

export function useChangeApprovalSetting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (approvalRequired: boolean) =>
      api.put<ApprovalSettingResponse>('/settings/approval', { approvalRequired }),
    onSuccess: (setting) => {
      queryClient.setQueryData(adminKeys.approvalSetting, setting);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
    },
  });
}

/** An admin's actions on the mailing of a job: cancel, stop, approve, reject. Each refreshes the page's lists. */
export function useJobAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: {
      mailingId: number;
      kind: 'cancel' | 'stop' | 'APPROVED' | 'REJECTED';
      comment?: string;
    }): Promise<unknown> =>
      action.kind === 'cancel' || action.kind === 'stop'
        ? api.post(`/mailings/${action.mailingId}/${action.kind}`)
        : api.post<MailingApprovalResponse>(`/mailings/${action.mailingId}/approval/decision`, {
            decision: action.kind,
            comment: action.comment,
          }),
    onSuccess: (_result, action) => {
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
      void queryClient.invalidateQueries({ queryKey: mailingKeys.detail(action.mailingId) });
    },
  });
}

/** Whether this user may open the queue dashboard: the platform's operators only (403 for everyone else). */
export function useQueueDashboardAccess() {
  return useQuery({
    queryKey: ['admin', 'queue-dashboard-access'],
    queryFn: () =>
      api.get<void>('/jobs/dashboard-access').then(
        () => true,
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 403) return false;
          throw error;
        },
      ),
    staleTime: Infinity,
  });
}

/** Sets the cookie that lets this browser open the queue dashboard, then opens it. */
export async function openQueueDashboard(): Promise<void> {
  await api.post('/jobs/dashboard-session');
  window.open('/queues', '_blank', 'noopener');
}
