import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { databaseKeys } from './databases';
import type { Profile, ProfileInput } from './types';

export const profileKeys = { detail: (id: number) => ['profiles', id] as const };

export function useProfile(id: number) {
  return useQuery({ queryKey: profileKeys.detail(id), queryFn: () => api.get<Profile>(`/profiles/${id}`) });
}

function useProfileMutation<TInput>(id: number, send: (input: TInput) => Promise<Profile>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (profile) => {
      // The API answers with the changed profile; should it answer with nothing, ask for it again.
      if (profile && typeof profile === 'object' && 'id' in profile) queryClient.setQueryData(profileKeys.detail(id), profile);
      else void queryClient.invalidateQueries({ queryKey: profileKeys.detail(id) });
      // Lists and counts of the database change with its profiles.
      void queryClient.invalidateQueries({ queryKey: databaseKeys.all });
    },
  });
}

export function useUpdateProfile(id: number) {
  return useProfileMutation(id, (input: Partial<ProfileInput>) => api.patch<Profile>(`/profiles/${id}`, input));
}

export function useUnsubscribeProfile(id: number) {
  return useProfileMutation(id, () => api.post<Profile>(`/profiles/${id}/unsubscribe`));
}

export function useDeleteProfile(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<void>(`/profiles/${id}`),
    onSuccess: () => {
      // Not invalidated: asking for a deleted profile again would only show a 404.
      queryClient.removeQueries({ queryKey: profileKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: databaseKeys.all });
    },
  });
}
