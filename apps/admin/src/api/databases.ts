import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type {
  CreateDatabaseRequest,
  DatabaseDetailResponse as DatabaseDetail,
  DatabaseSummaryResponse as DatabaseSummary,
  FieldDefinition,
  FieldResponse,
  Page,
  ProfileResponse as Profile,
} from '@herald/contracts';
import type { ProfileInput } from './profiles';

export const databaseKeys = {
  all: ['databases'] as const,
  detail: (id: number) => ['databases', id] as const,
  profiles: (id: number) => ['databases', id, 'profiles'] as const,
};

export function useDatabases() {
  return useQuery({ queryKey: databaseKeys.all, queryFn: () => api.get<DatabaseSummary[]>('/databases') });
}

export function useDatabase(id: number) {
  return useQuery({ queryKey: databaseKeys.detail(id), queryFn: () => api.get<DatabaseDetail>(`/databases/${id}`) });
}

export function useCreateDatabase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateDatabaseRequest) => api.post<DatabaseSummary>('/databases', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: databaseKeys.all }),
  });
}

export function useDeleteDatabase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/databases/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: databaseKeys.all }),
  });
}

export function useAddField(databaseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (field: FieldDefinition) => api.post<FieldResponse>(`/databases/${databaseId}/fields`, field),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: databaseKeys.detail(databaseId) }),
  });
}

export function useProfiles(databaseId: number, page: number, pageSize: number, search: string) {
  return useQuery({
    queryKey: [...databaseKeys.profiles(databaseId), { page, pageSize, search }],
    queryFn: ({ signal }) =>
      api.get<Page<Profile>>(`/databases/${databaseId}/profiles`, { query: { page, pageSize, search }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateProfile(databaseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProfileInput) => api.post<Profile>(`/databases/${databaseId}/profiles`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: databaseKeys.detail(databaseId) }),
  });
}
