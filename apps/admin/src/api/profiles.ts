import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { databaseKeys } from './databases';
import type { CreateProfileRequest, FieldValue as StoredValue, ProfileResponse as Profile } from '@herald/contracts';

/** A stored value, or null while editing to clear it. */
export type FieldValue = StoredValue | null;
/** What the profile form sends: values may be null, which the API takes as clearing them. */
export type ProfileInput = Omit<CreateProfileRequest, 'values'> & { values: Record<string, FieldValue> };

const profileKeys = { detail: (id: number) => ['profiles', id] as const };

export function useProfile(id: number) {
  return useQuery({ queryKey: profileKeys.detail(id), queryFn: () => api.get<Profile>(`/profiles/${id}`) });
}

function useProfileMutation<TInput>(id: number, send: (input: TInput) => Promise<Profile>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (profile) => {
      // The API answers with the changed profile; should it answer with nothing, ask for it again.
      if (profile && typeof profile === 'object' && 'id' in profile)
        queryClient.setQueryData(profileKeys.detail(id), profile);
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
  return useProfileMutation(id, (reason: string | undefined) =>
    api.post<Profile>(`/profiles/${id}/unsubscribe`, reason ? { reason } : {}),
  );
}

export function useResubscribeProfile(id: number) {
  return useProfileMutation(id, () => api.post<Profile>(`/profiles/${id}/resubscribe`));
}

/** Sends to a profile again that was disabled, e.g. after a hard bounce the marketer knows is fixed. */
export function useEnableProfile(id: number) {
  return useProfileMutation(id, () => api.post<Profile>(`/profiles/${id}/enable`));
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
