import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, download } from './client';
import type {
  DynamicReportResponse as DynamicReport,
  ExportFormat,
  PivotRequest,
  PivotResponse,
  SaveDynamicReportRequest,
} from '@herald/contracts';

const dynamicReportKeys = {
  all: ['dynamic-reports'] as const,
  detail: (id: number) => ['dynamic-reports', id] as const,
};

/** The ready-made reports first (no id, a templateKey), then the saved ones the user may read. */
export function useDynamicReports() {
  return useQuery({ queryKey: dynamicReportKeys.all, queryFn: () => api.get<DynamicReport[]>('/dynamic-reports') });
}

export function useDynamicReport(id: number) {
  return useQuery({
    queryKey: dynamicReportKeys.detail(id),
    queryFn: () => api.get<DynamicReport>(`/dynamic-reports/${id}`),
  });
}

/** The pivot of a layout over a scope; null asks nothing (no metric yet, or no scope). */
export function usePivot(request: PivotRequest | null) {
  return useQuery({
    queryKey: ['dynamic-reports', 'query', request],
    queryFn: () => api.post<PivotResponse>('/dynamic-reports/query', request),
    enabled: request !== null,
    placeholderData: keepPreviousData,
  });
}

export function useExportPivot() {
  return useMutation({
    mutationFn: ({ request, format }: { request: PivotRequest; format: ExportFormat }) =>
      download('/dynamic-reports/query/export', { format }, `dynamic-report.${format}`, request),
  });
}

export function useSaveDynamicReport(id: number | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveDynamicReportRequest) =>
      id === null
        ? api.post<DynamicReport>('/dynamic-reports', input)
        : api.put<DynamicReport>(`/dynamic-reports/${id}`, input),
    onSuccess: (report) => {
      if (report.id !== null) queryClient.setQueryData(dynamicReportKeys.detail(report.id), report);
      return queryClient.invalidateQueries({ queryKey: dynamicReportKeys.all, exact: true });
    },
  });
}

/** "Save as": a copy, owned by the user, of a saved report (by id) or of a ready-made one (by its key). */
export function useSaveDynamicReportAs() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ from, name, shared }: { from: number | string; name: string; shared: boolean }) =>
      api.post<DynamicReport>(
        typeof from === 'number'
          ? `/dynamic-reports/${from}/save-as`
          : `/dynamic-reports/templates/${encodeURIComponent(from)}/save-as`,
        { name, shared },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dynamicReportKeys.all, exact: true }),
  });
}

export function useDeleteDynamicReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/dynamic-reports/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dynamicReportKeys.all, exact: true }),
  });
}
