import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from './client';
import type {
  CreateMailingRequest,
  DestinationResponse as Destination,
  DestinationStatus,
  MailingAudienceRequest,
  MailingAudienceResponse as MailingAudience,
  MailingResponse as Mailing,
  MailingSettings,
  MailingStatus,
  Page,
  UpdateMailingRequest,
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

/** Statuses in which a mailing can still be edited, cancelled or sent (the domain's isEditable). */
const EDITABLE_STATUSES: readonly string[] = ['DRAFT', 'SCHEDULED'] satisfies MailingStatus[];

export function isMailingEditable(mailing: { status: string }): boolean {
  return EDITABLE_STATUSES.includes(mailing.status);
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

/** A draft's (or scheduled mailing's) changes; the API refuses once it is sent. */
export function useUpdateMailing(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateMailingRequest) => api.patch<Mailing>(`/mailings/${id}`, input),
    onSuccess: (mailing) => {
      queryClient.setQueryData(mailingKeys.detail(id), mailing);
      void queryClient.invalidateQueries({ queryKey: mailingKeys.all, exact: true });
      void queryClient.invalidateQueries({ queryKey: [...mailingKeys.detail(id), 'audience'] });
    },
  });
}

/** Who a saved mailing would reach if sent now; only asked while it can still be sent. */
export function useMailingAudience(mailing: Pick<Mailing, 'id' | 'status'>, enabled: boolean) {
  return useQuery({
    queryKey: [...mailingKeys.detail(mailing.id), 'audience', mailing.status],
    queryFn: () => api.get<MailingAudience>(`/mailings/${mailing.id}/audience`),
    enabled,
  });
}

/** The live count of a target not yet saved; null while the target is incomplete. */
export function useTargetAudience(request: MailingAudienceRequest | null) {
  return useQuery({
    queryKey: ['mailings', 'audience', request],
    queryFn: () => api.post<MailingAudience>('/mailings/audience', request),
    enabled: request !== null,
    placeholderData: keepPreviousData,
  });
}

/** Sends a mailing whose id is known only once it is saved: the form's "save and send". */
export function useSendMailing() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<Mailing>(`/mailings/${id}/send`),
    onSuccess: (mailing) => {
      queryClient.setQueryData(mailingKeys.detail(mailing.id), mailing);
      void queryClient.invalidateQueries({ queryKey: mailingKeys.all, exact: true });
    },
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

/**
 * A mailing's destinations, polled while it sends. The mailing's status is part of the key: a mailing
 * that goes from queued to sent between two polls has its list read again once it is sent, so the
 * list fills in without a reload.
 */
export function useMailingDestinations(
  mailing: Pick<Mailing, 'id' | 'status'>,
  status: DestinationStatus | undefined,
  page: number,
) {
  return useQuery({
    queryKey: [...mailingKeys.detail(mailing.id), 'destinations', { status, page, mailingStatus: mailing.status }],
    queryFn: () =>
      api.get<Page<Destination>>(`/mailings/${mailing.id}/destinations`, { query: { status, page, pageSize: 25 } }),
    placeholderData: keepPreviousData,
    refetchInterval: isMailingActive(mailing) ? POLL_MS : false,
  });
}
