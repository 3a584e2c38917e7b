import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { mailingKeys } from './mailings';
import type { SmsReportResponse as SmsReport, SmsSettingsResponse as SmsSettings } from '@herald/contracts';

export function useSmsSettings() {
  return useQuery({
    queryKey: ['settings', 'sms'] as const,
    queryFn: () => api.get<SmsSettings>('/settings/sms'),
    staleTime: 5 * 60_000,
  });
}

/**
 * An SMS mailing's results. Twilio's status callbacks keep coming after the last message is sent, so
 * the page reads them again every few seconds for as long as it is open.
 */
export function useSmsReport(mailingId: number) {
  return useQuery({
    queryKey: [...mailingKeys.detail(mailingId), 'sms-report'] as const,
    queryFn: () => api.get<SmsReport>(`/mailings/${mailingId}/sms-report`),
    refetchInterval: 5000,
  });
}
