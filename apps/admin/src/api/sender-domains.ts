import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SenderDomainResponse } from '@herald/contracts';
import { api } from './client';

const senderDomainKeys = { all: ['sender-domains'] as const };

export function useSenderDomains() {
  return useQuery({
    queryKey: senderDomainKeys.all,
    queryFn: () => api.get<SenderDomainResponse[]>('/sender-domains'),
  });
}

/** Adds, verifies or deletes a sender domain (ADMINs); each refreshes the list. */
export function useSenderDomainAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      action: { kind: 'add'; domain: string; ed25519: boolean } | { kind: 'verify' | 'delete'; id: number },
    ): Promise<unknown> =>
      action.kind === 'add'
        ? api.post<SenderDomainResponse>('/sender-domains', { domain: action.domain, ed25519: action.ed25519 })
        : action.kind === 'verify'
          ? api.post<SenderDomainResponse>(`/sender-domains/${action.id}/verify`)
          : api.delete(`/sender-domains/${action.id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: senderDomainKeys.all }),
  });
}
