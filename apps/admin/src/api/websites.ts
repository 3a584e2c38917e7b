import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateWebsiteRequest, WebsiteReportResponse, WebsiteResponse as Website } from '@herald/contracts';
import { api } from './client';

export function useWebsites() {
  return useQuery({ queryKey: ['websites', 'list'], queryFn: () => api.get<Website[]>('/websites') });
}

export function useWebsite(id: number) {
  return useQuery({ queryKey: ['websites', id], queryFn: () => api.get<Website>(`/websites/${id}`) });
}

export function useCreateWebsite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateWebsiteRequest) => api.post<Website>('/websites', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['websites'] }),
  });
}

/** Views and visitors of [from, to], inclusive UTC dates. */
export function useWebsiteReport(id: number, from: string, to: string) {
  return useQuery({
    queryKey: ['websites', id, 'report', { from, to }],
    queryFn: () => api.get<WebsiteReportResponse>(`/websites/${id}/report`, { query: { from, to } }),
    placeholderData: keepPreviousData,
  });
}
