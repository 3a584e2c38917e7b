import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from './client';
import type {
  CreateMailingRequest,
  DestinationResponse as Destination,
  DestinationStatus,
  MailingResponse as Mailing,
  MailingSettings,
  MailingStatus,
  Page,
} from '@herald/contracts';

/** The request as the form sends it: settings may be left out, the API fills in the defaults. */
export type MailingInput = Omit<CreateMailingRequest, 'settings' | 'toSubprofiles'> & {
  toSubprofiles?: boolean;
  settings?: Partial<MailingSettings>;
};

export const mailingKeys = {
  all: ['mailings'] as const,
  detail: (id: number) => ['mailings', id] as const,
};

/** Statuses in which the figures still change by themselves: these are polled. */
const ACTIVE_STATUSES: readonly string[] = ['QUEUED', 'SENDING'] satisfies MailingStatus[];
const POLL_MS = 2000;

export function isMailingActive(mailing: { status: string }): boolean {
  return ACTIVE_STATUSES.includes(mailing.status);
}

export function useMailings() {
  return useQuery({
    queryKey: mailingKeys.all,
    queryFn: () => api.get<Mailing[]>('/mailings'),
    refetchInterval: (query) => (query.state.data?.some(isMailingActive) ? POLL_MS : false),
  });
}

export function useMailing(id: number) {
  return useQuery({
    queryKey: mailingKeys.detail(id),
    queryFn: () => api.get<Mailing>(`/mailings/${id}`),
    refetchInterval: (query) => {
      const { data, error } = query.state;
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
      return data && isMailingActive(data) ? POLL_MS : false;
    },
  });
}

export function useCreateMailing() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MailingInput) => api.post<Mailing>('/mailings', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailingKeys.all }),
  });
}

/** send, cancel or (admin) stop: each answers with the changed mailing. */
export function useMailingAction(id: number, action: 'send' | 'cancel' | 'stop') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Mailing>(`/mailings/${id}/${action}`),
    onSuccess: (mailing) => {
      queryClient.setQueryData(mailingKeys.detail(id), mailing);
      void queryClient.invalidateQueries({ queryKey: mailingKeys.all, exact: true });
    },
  });
}

export function useMailingDestinations(id: number, status: DestinationStatus | undefined, page: number, live: boolean) {
  return useQuery({
    queryKey: [...mailingKeys.detail(id), 'destinations', { status, page }],
    queryFn: () =>
      api.get<Page<Destination>>(`/mailings/${id}/destinations`, { query: { status, page, pageSize: 25 } }),
    placeholderData: keepPreviousData,
    refetchInterval: live ? POLL_MS : false,
  });
}
