import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { MailingApprovalResponse } from '@herald/contracts';

const approvalKey = (mailingId: number) => ['mailings', mailingId, 'approval'] as const;

/** Whether the mailing needs approval, where it stands, and what was decided before. */
export function useMailingApproval(mailingId: number) {
  return useQuery({
    queryKey: approvalKey(mailingId),
    queryFn: () => api.get<MailingApprovalResponse>(`/mailings/${mailingId}/approval`),
  });
}

export function useRequestApproval(mailingId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<MailingApprovalResponse>(`/mailings/${mailingId}/approval/request`),
    onSuccess: (approval) => queryClient.setQueryData(approvalKey(mailingId), approval),
  });
}
