import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateScheduleInput,
  ScheduledRunResponse as ScheduledRun,
  ScheduleResponse as Schedule,
} from '@herald/contracts';
import { api, ApiError } from './client';
import { mailingKeys } from './mailings';

const scheduleKey = (mailingId: number) => [...mailingKeys.detail(mailingId), 'schedule'] as const;
/** The account's schedules and their calendar: what every change of a schedule makes stale. */
const schedulesKey = ['schedules'] as const;

/** Every schedule of the account, next run first (deactivated ones too). */
export function useSchedules() {
  return useQuery({ queryKey: [...schedulesKey, 'list'], queryFn: () => api.get<Schedule[]>('/schedules') });
}

/** The runs to come of the active schedules in [from, to), soonest first. */
export function useScheduleCalendar(from: Date, to: Date) {
  const window = { from: from.toISOString(), to: to.toISOString() };
  return useQuery({
    queryKey: [...schedulesKey, 'calendar', window],
    queryFn: () => api.get<ScheduledRun[]>('/schedules/calendar', { query: window }),
  });
}

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
      void queryClient.invalidateQueries({ queryKey: schedulesKey });
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
      void queryClient.invalidateQueries({ queryKey: schedulesKey });
      // The admin page's jobs (a deactivated schedule's job is gone) and its audit log.
      void queryClient.invalidateQueries({ queryKey: ['admin', 'jobs'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
    },
  });
}

/** Skip one run to come of a mailing's schedule (it does not go), or let a skipped one go again. */
export function useScheduleRunChange(mailingId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ occurrenceAt, change }: { occurrenceAt: string; change: 'skip' | 'restore' }) =>
      api.post<Schedule>(`/mailings/${mailingId}/schedule/${change}`, { occurrenceAt }),
    onSuccess: (schedule) => {
      queryClient.setQueryData(scheduleKey(mailingId), schedule);
      void queryClient.invalidateQueries({ queryKey: schedulesKey });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'jobs'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
    },
  });
}
