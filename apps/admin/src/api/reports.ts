import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, download } from './client';
import { isMailingActive, mailingKeys } from './mailings';
import type {
  AudienceStatisticsResponse as AudienceStatistics,
  CampaignEmailPerformanceResponse as CampaignEmailPerformance,
  CompareResponse as MailingComparison,
  CreatedShareResponse as CreatedShare,
  DominantResult,
  ErrorEventResponse as ReportError,
  ExportFormat as ReportFormat,
  MailingReportResponse as MailingReport,
  Page,
  ProfileHistoryResponse as ProfileHistory,
  RecipientResponse as Recipient,
  SharedReportResponse as SharedReport,
  ShareResponse as Share,
} from '@herald/contracts';

const reportKey = (mailingId: number) => [...mailingKeys.detail(mailingId), 'report'] as const;

export function useMailingReport(mailingId: number) {
  return useQuery({
    queryKey: reportKey(mailingId),
    queryFn: () => api.get<MailingReport>(`/mailings/${mailingId}/report`),
    // While the mailing goes out its figures move by the second.
    refetchInterval: (query) => (query.state.data && isMailingActive(query.state.data.mailing) ? 5000 : false),
  });
}

export function useReportErrors(mailingId: number, page: number) {
  return useQuery({
    queryKey: [...reportKey(mailingId), 'errors', page],
    queryFn: () =>
      api.get<Page<ReportError>>(`/mailings/${mailingId}/report/errors`, { query: { page, pageSize: 25 } }),
    placeholderData: keepPreviousData,
  });
}

export interface RecipientsPage extends Page<Recipient> {
  nextAfter: number | null;
}

/**
 * The report's recipients, polled while the mailing sends and read again when its status changes (the
 * status is in the key), so a mailing that turns sent shows its recipients without a reload.
 */
export function useReportRecipients(
  mailing: { id: number; status: string } | undefined,
  result: DominantResult | undefined,
  page: number,
) {
  const mailingId = mailing?.id ?? 0;
  return useQuery({
    queryKey: [...reportKey(mailingId), 'recipients', { result, page, mailingStatus: mailing?.status }],
    queryFn: () =>
      api.get<RecipientsPage>(`/mailings/${mailingId}/report/recipients`, { query: { result, page, pageSize: 25 } }),
    placeholderData: keepPreviousData,
    enabled: mailing !== undefined,
    refetchInterval: mailing && isMailingActive(mailing) ? 5000 : false,
  });
}

export type ExportKind = 'report' | 'recipients' | 'errors';

const EXPORT_PATHS: Record<ExportKind, (mailingId: number) => string> = {
  report: (id) => `/mailings/${id}/report/export`,
  recipients: (id) => `/mailings/${id}/recipients/export`,
  errors: (id) => `/mailings/${id}/report/errors/export`,
};

export function useExport(mailingId: number) {
  return useMutation({
    mutationFn: ({ kind, format, result }: { kind: ExportKind; format: ReportFormat; result?: DominantResult }) =>
      download(EXPORT_PATHS[kind](mailingId), { format, result }, `mailing-${mailingId}-${kind}.${format}`),
  });
}

export function useCompareMailings(mailingIds: number[]) {
  return useQuery({
    queryKey: ['reports', 'compare', mailingIds],
    queryFn: () => api.get<MailingComparison>('/reports/compare', { query: { mailingIds: mailingIds.join(',') } }),
    enabled: mailingIds.length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function useCampaignEmailPerformance(from: string, to: string) {
  return useQuery({
    queryKey: ['reports', 'campaign-email-performance', { from, to }],
    queryFn: () => api.get<CampaignEmailPerformance>('/reports/campaign-email-performance', { query: { from, to } }),
    placeholderData: keepPreviousData,
  });
}

export function useProfileHistory(profileId: number, page: number) {
  return useQuery({
    queryKey: ['profiles', profileId, 'history', page],
    queryFn: () => api.get<ProfileHistory>(`/profiles/${profileId}/history`, { query: { page, pageSize: 20 } }),
    placeholderData: keepPreviousData,
  });
}

export function useDatabaseStatistics(databaseId: number, from: string, to: string) {
  return useQuery({
    queryKey: ['databases', databaseId, 'statistics', { from, to }],
    queryFn: () => api.get<AudienceStatistics>(`/databases/${databaseId}/statistics`, { query: { from, to } }),
    placeholderData: keepPreviousData,
  });
}

const sharesKey = (mailingId: number) => [...mailingKeys.detail(mailingId), 'shares'] as const;

export function useShares(mailingId: number, enabled: boolean) {
  return useQuery({
    queryKey: sharesKey(mailingId),
    queryFn: () => api.get<Share[]>(`/mailings/${mailingId}/shares`),
    enabled,
  });
}

export function useCreateShare(mailingId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { title: string; expiresAt?: string }) =>
      api.post<CreatedShare>(`/mailings/${mailingId}/shares`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sharesKey(mailingId) }),
  });
}

export function useRevokeShare(mailingId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (shareId: number) => api.delete<void>(`/shares/${shareId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sharesKey(mailingId) }),
  });
}

/** The public view of a shared link: no login. */
export function useSharedReport(token: string) {
  return useQuery({
    queryKey: ['shared', token],
    queryFn: () => api.get<SharedReport>(`/shared/${encodeURIComponent(token)}`),
  });
}
