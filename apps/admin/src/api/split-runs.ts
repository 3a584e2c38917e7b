import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type {
  CreateSplitRunRequest,
  PlanDraftRequest,
  SplitRunApprovalResponse as SplitRunApproval,
  SplitRunPlanResponse as SplitRunPlan,
  SplitRunReportResponse as SplitRunReport,
  SplitRunResponse as SplitRun,
} from '@herald/contracts';

/** The request as the form sends it: what is left out takes the API's defaults. */
export type SplitRunInput = Omit<
  CreateSplitRunRequest,
  'settings' | 'withWinner' | 'criterion' | 'waitMinutes' | 'significanceLevel' | 'fallback' | 'target' | 'variants'
> & {
  variants: Array<Omit<CreateSplitRunRequest['variants'][number], 'sendAfterMinutes'> & { sendAfterMinutes?: number }>;
} & Partial<
    Pick<CreateSplitRunRequest, 'withWinner' | 'criterion' | 'waitMinutes' | 'significanceLevel' | 'fallback'>
  > &
  Partial<Pick<CreateSplitRunRequest, 'settings'>> & {
    target: Pick<CreateSplitRunRequest['target'], 'targetType'> & Partial<CreateSplitRunRequest['target']>;
  };

const POLL_MS = 2000;

const splitRunKeys = {
  detail: (id: number) => ['split-runs', id] as const,
  plan: (id: number) => ['split-runs', id, 'plan'] as const,
  report: (id: number) => ['split-runs', id, 'report'] as const,
};

export function useSplitRuns() {
  return useQuery({ queryKey: ['split-runs', 'list'], queryFn: () => api.get<SplitRun[]>('/split-runs') });
}

export function useSplitRun(id: number) {
  return useQuery({
    queryKey: splitRunKeys.detail(id),
    queryFn: () => api.get<SplitRun>(`/split-runs/${id}`),
    refetchInterval: (query) =>
      query.state.data?.status === 'WAITING' || query.state.data?.status === 'TESTING' ? POLL_MS : false,
  });
}

/** The group sizes now and the smallest difference they can detect (the live count). */
export function useSplitRunPlan(id: number, enabled: boolean) {
  return useQuery({
    queryKey: splitRunKeys.plan(id),
    queryFn: () => api.get<SplitRunPlan>(`/split-runs/${id}/plan`, { query: { expectedRate: 0.2 } }),
    enabled,
  });
}

/** The groups of a split-run being written in the mailing form, counted over its target now. */
export function useSplitRunDraftPlan(request: PlanDraftRequest | null) {
  return useQuery({
    queryKey: ['split-runs', 'draft-plan', request],
    queryFn: () => api.post<SplitRunPlan>('/split-runs/plan', request),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useSplitRunReport(id: number, enabled: boolean) {
  return useQuery({
    queryKey: splitRunKeys.report(id),
    queryFn: () => api.get<SplitRunReport>(`/split-runs/${id}/report`),
    enabled,
    refetchInterval: POLL_MS,
  });
}

export function useCreateSplitRun() {
  return useMutation({ mutationFn: (input: SplitRunInput) => api.post<SplitRun>('/split-runs', input) });
}

/**
 * Creates the split-run and starts it, now or at `at` (ISO 8601): the mailing form's last step. A
 * start refused (an approval missing) leaves the split-run saved: the error comes with it.
 */
export function useCreateAndStartSplitRun() {
  return useMutation({
    mutationFn: async ({ input, at }: { input: SplitRunInput; at: string | null }) => {
      const run = await api.post<SplitRun>('/split-runs', input);
      const query = at ? `?at=${encodeURIComponent(at)}` : '';
      try {
        return { run: await api.post<SplitRun>(`/split-runs/${run.id}/start${query}`), startError: null };
      } catch (startError) {
        return { run, startError };
      }
    },
  });
}

/** Start, stop or choose: each answers the split-run as it now is. */
export function useSplitRunAction(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: { kind: 'start' | 'stop' } | { kind: 'winner'; variantId: number }) =>
      action.kind === 'winner'
        ? api.post<SplitRun>(`/split-runs/${id}/winner`, { variantId: action.variantId })
        : api.post<SplitRun>(`/split-runs/${id}/${action.kind}`),
    onSuccess: (run) => {
      client.setQueryData(splitRunKeys.detail(id), run);
      void client.invalidateQueries({ queryKey: ['split-runs', id] });
    },
  });
}

export function useSplitRunApproval(id: number) {
  return useQuery({
    queryKey: ['split-runs', id, 'approval'],
    queryFn: () => api.get<SplitRunApproval>(`/split-runs/${id}/approval`),
  });
}

/** One request, or one decision, for every variant of the split-run. */
export function useSplitRunApprovalAction(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      action: { kind: 'request' } | { kind: 'decision'; decision: 'APPROVED' | 'REJECTED'; comment?: string },
    ) =>
      action.kind === 'request'
        ? api.post<SplitRunApproval>(`/split-runs/${id}/approval/request`)
        : api.post<SplitRunApproval>(`/split-runs/${id}/approval/decision`, {
            decision: action.decision,
            comment: action.comment,
          }),
    onSuccess: (approval) => client.setQueryData(['split-runs', id, 'approval'], approval),
  });
}
