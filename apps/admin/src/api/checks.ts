import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MailingCheckResponse } from '@herald/contracts';
import { api } from './client';

const checkKey = (mailingId: number) => ['mailings', mailingId, 'check'] as const;

/** The issue checker on a saved mailing as it would go now; run again each time the step opens. */
export function useMailingCheck(mailingId: number | undefined) {
  return useQuery({
    queryKey: checkKey(mailingId ?? 0),
    queryFn: () => api.post<MailingCheckResponse>(`/mailings/${mailingId}/check`),
    enabled: mailingId !== undefined,
    staleTime: 0,
  });
}

/** Acknowledges warnings by key; the answer is the check again, with who acknowledged what. */
export function useAcknowledgeFindings(mailingId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keys: string[]) =>
      api.post<MailingCheckResponse>(`/mailings/${mailingId}/check/acknowledgements`, { keys }),
    onSuccess: (result) => queryClient.setQueryData(checkKey(mailingId), result),
  });
}
