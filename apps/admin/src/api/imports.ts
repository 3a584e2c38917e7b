import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, download, request } from './client';
import { databaseKeys } from './databases';
import type {
  DateFormat,
  ImportMapping,
  ImportPreviewResponse as ImportPreview,
  ImportRejectionResponse as ImportRejection,
  ImportResponse as ImportJob,
  Page,
} from '@herald/contracts';

/** Where one column goes: a field, a built-in column, or null to skip it. */
export type ImportTarget = ImportMapping['columns'][string];

export function isImportFinished(job: ImportJob | undefined): boolean {
  return job?.status === 'DONE' || job?.status === 'FAILED';
}

export function usePreviewImport() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return request<ImportPreview>('POST', '/imports/preview', { body: form });
    },
  });
}

export interface StartImportInput {
  file: File;
  mapping: ImportMapping;
  keyField?: string;
  /** How the file writes its dates; without it the API detects it from the first rows. */
  dateFormat?: DateFormat;
}

export function useStartImport(databaseId: number) {
  return useMutation({
    mutationFn: ({ file, mapping, keyField, dateFormat }: StartImportInput) => {
      const form = new FormData();
      form.append('file', file);
      form.append('mapping', JSON.stringify(mapping));
      if (keyField) form.append('keyField', keyField);
      if (dateFormat) form.append('dateFormat', dateFormat);
      return request<ImportJob>('POST', `/databases/${databaseId}/imports`, { body: form });
    },
  });
}

/** Polls the import every second until it is done or failed, then refreshes the database's profiles. */
export function useImportJob(id: number, databaseId: number) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ['imports', id],
    queryFn: async () => {
      const job = await api.get<ImportJob>(`/imports/${id}`);
      if (isImportFinished(job)) void queryClient.invalidateQueries({ queryKey: databaseKeys.detail(databaseId) });
      return job;
    },
    // An unknown import (4xx) will not appear by asking again; a server hiccup might pass.
    refetchInterval: (query) => {
      const { data, error } = query.state;
      const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
      return isImportFinished(data) || refused ? false : 1000;
    },
  });
}

export function useDatabaseImports(databaseId: number) {
  return useQuery({
    queryKey: ['databases', databaseId, 'imports'],
    queryFn: () => api.get<ImportJob[]>(`/databases/${databaseId}/imports`),
  });
}

export function useImportRejections(id: number, page: number, enabled: boolean) {
  return useQuery({
    queryKey: ['imports', id, 'rejections', page],
    queryFn: () => api.get<Page<ImportRejection>>(`/imports/${id}/rejections`, { query: { page } }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Every rejected row of an import as a CSV file: line, column, value as given, reason. */
export function useDownloadRejections(id: number) {
  return useMutation({
    mutationFn: () => download(`/imports/${id}/rejections.csv`, {}, `import-${id}-rejected-rows.csv`),
  });
}
