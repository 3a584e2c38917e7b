import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type {
  CreateSplitRunRequest,
  SplitRunPlanResponse as SplitRunPlan,
  SplitRunReportResponse as SplitRunReport,
  SplitRunResponse as SplitRun,
} from '@herald/contracts';

/** The request as the form sends it: what is left out takes the API's defaults. */
export type SplitRunInput = Omit<
  CreateSplitRunRequest,
  'settings' | 'withWinner' | 'criterion' | 'waitMinutes' | 'significanceLevel' | 'fallback' | 'target'
> &
  Partial<
    Pick<CreateSplitRunRequest, 'withWinner' | 'criterion' | 'waitMinutes' | 'significanceLevel' | 'fallback'>
  > & {
    target: { targetType: 'DATABASE'; databaseId: number };
  };

const POLL_MS = 2000;

const splitRunKeys = {
  detail: (id: number) => ['split-runs', id] as const,
  plan: (id: number) => ['split-runs', id, 'plan'] as const,
  report: (id: number) => ['split-runs', id, 'report'] as const,
};

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
