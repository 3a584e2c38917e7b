import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { databaseKeys } from './databases';
import type { Profile, ProfileInput } from './types';

export const profileKeys = { detail: (id: number) => ['profiles', id] as const };

export function useProfile(id: number) {
  return useQuery({ queryKey: profileKeys.detail(id), queryFn: () => api.get<Profile>(`/profiles/${id}`) });
}

function useProfileMutation<TInput>(id: number, send: (input: TInput) => Promise<Profile | void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (profile) => {
      if (profile) queryClient.setQueryData(profileKeys.detail(id), profile);
      void queryClient.invalidateQueries({ queryKey: profileKeys.detail(id) });
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
  return useProfileMutation(id, () => api.delete<void>(`/profiles/${id}`));
}
