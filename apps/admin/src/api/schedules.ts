import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateScheduleInput, ScheduleResponse as Schedule } from '@herald/contracts';
import { api, ApiError } from './client';
import { mailingKeys } from './mailings';

const scheduleKey = (mailingId: number) => [...mailingKeys.detail(mailingId), 'schedule'] as const;

/** A mailing's schedule; null when it has none. */
export function useSchedule(mailingId: number, enabled: boolean) {
  return useQuery({
    queryKey: scheduleKey(mailingId),
    enabled,
    queryFn: async () => {
      try {
        return await api.get<Schedule>(`/mailings/${mailingId}/schedule`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useCreateSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ mailingId, input }: { mailingId: number; input: CreateScheduleInput }) =>
      api.post<Schedule>(`/mailings/${mailingId}/schedule`, input),
    onSuccess: (schedule) => {
      queryClient.setQueryData(scheduleKey(schedule.mailingId), schedule);
      void queryClient.invalidateQueries({ queryKey: mailingKeys.all });
    },
  });
}

export type ScheduleAction = 'deactivate' | 'activate' | 'delete';

/** Deactivate, reactivate or delete a mailing's schedule (deleting makes the mailing a draft again). */
export function useScheduleAction(mailingId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: ScheduleAction) =>
      action === 'delete'
        ? api.delete<void>(`/mailings/${mailingId}/schedule`).then(() => null)
        : api.post<Schedule>(`/mailings/${mailingId}/schedule/${action}`),
    onSuccess: (schedule) => {
      queryClient.setQueryData(scheduleKey(mailingId), schedule);
      void queryClient.invalidateQueries({ queryKey: mailingKeys.all });
    },
  });
}
