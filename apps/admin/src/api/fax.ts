import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { mailingKeys } from './mailings';
import type { FaxReportResponse as FaxReport } from '@herald/contracts';

/** A fax mailing's results, read again while the page is open as the fax API's callbacks arrive. */
export function useFaxReport(mailingId: number) {
  return useQuery({
    queryKey: [...mailingKeys.detail(mailingId), 'fax-report'] as const,
    queryFn: () => api.get<FaxReport>(`/mailings/${mailingId}/fax-report`),
    refetchInterval: 5000,
  });
}
