import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from './client';
import type {
  Page,
  ProfileResponse as Profile,
  SelectionGroup as ConditionGroup,
  SelectionResponse as Selection,
} from '@herald/contracts';

const selectionKeys = {
  ofDatabase: (databaseId: number) => ['databases', databaseId, 'selections'] as const,
};

export function useSelections(databaseId: number) {
  return useQuery({
    queryKey: selectionKeys.ofDatabase(databaseId),
    queryFn: () => api.get<Selection[]>(`/databases/${databaseId}/selections`),
  });
}

export function useSelection(id: number) {
  return useQuery({ queryKey: ['selections', id], queryFn: () => api.get<Selection>(`/selections/${id}`) });
}

export function useUpdateSelection(id: number, databaseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; conditions: ConditionGroup }) =>
      api.patch<Selection>(`/selections/${id}`, input),
    onSuccess: (selection) => {
      queryClient.setQueryData(['selections', id], selection);
      // Its count and preview change with its conditions.
      void queryClient.invalidateQueries({ queryKey: ['selections', id] });
      void queryClient.invalidateQueries({ queryKey: selectionKeys.ofDatabase(databaseId) });
    },
  });
}

export function useDeleteSelection(id: number, databaseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<void>(`/selections/${id}`),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['selections', id] });
      void queryClient.invalidateQueries({ queryKey: selectionKeys.ofDatabase(databaseId) });
    },
  });
}

export function useCreateSelection(databaseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; conditions: ConditionGroup }) =>
      api.post<Selection>(`/databases/${databaseId}/selections`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: selectionKeys.ofDatabase(databaseId) }),
  });
}

/** The count of an unsaved tree; `conditions` should already be debounced by the caller. */
export function useLiveSelectionCount(databaseId: number, conditions: ConditionGroup) {
  return useQuery({
    queryKey: ['databases', databaseId, 'selection-count', conditions],
    queryFn: async ({ signal }) => {
      const body = { conditions };
      const { count } = await request<{ count: number }>('POST', `/databases/${databaseId}/selections/count`, {
        body,
        signal,
      });
      return count;
    },
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useSelectionCount(id: number) {
  return useQuery({
    queryKey: ['selections', id, 'count'],
    queryFn: async () => (await api.get<{ count: number }>(`/selections/${id}/count`)).count,
  });
}

export function useSelectionPreview(id: number, page: number) {
  return useQuery({
    queryKey: ['selections', id, 'preview', page],
    queryFn: () => api.get<Page<Profile>>(`/selections/${id}/preview`, { query: { page } }),
    placeholderData: keepPreviousData,
  });
}
