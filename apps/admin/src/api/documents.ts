import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type {
  CreateEmailDocumentRequest as DocumentInput,
  CreateTextDocumentRequest as TextDocumentInput,
  DocumentPreviewResponse as DocumentPreview,
  DocumentResponse as DocumentDetail,
  DocumentSummaryResponse as DocumentSummary,
  TestMailResponse as TestMailResult,
} from '@herald/contracts';

const documentKeys = {
  all: ['documents'] as const,
  detail: (id: number) => ['documents', id] as const,
};

export function useDocuments() {
  return useQuery({ queryKey: documentKeys.all, queryFn: () => api.get<DocumentSummary[]>('/documents') });
}

export function useDocument(id: number, enabled = true) {
  return useQuery({
    queryKey: documentKeys.detail(id),
    queryFn: () => api.get<DocumentDetail>(`/documents/${id}`),
    enabled,
  });
}

export function useCreateDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DocumentInput) => api.post<DocumentDetail>('/documents', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentKeys.all, exact: true }),
  });
}

/** An SMS or fax document. */
export function useCreateTextDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TextDocumentInput) => api.post<DocumentDetail>('/documents/text', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentKeys.all, exact: true }),
  });
}

/** A new version of an SMS or fax document (its channel stays). */
export function useUpdateTextDocument(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, body }: TextDocumentInput) =>
      api.patch<DocumentDetail>(`/documents/${id}/text`, { name, body }),
    onSuccess: (document) => {
      queryClient.setQueryData(documentKeys.detail(id), document);
      void queryClient.invalidateQueries({ queryKey: documentKeys.all, exact: true });
    },
  });
}

/** Every save is a new version; a mailing sends the newest version at the moment it is sent. */
export function useUpdateDocument(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<DocumentInput>) => api.patch<DocumentDetail>(`/documents/${id}`, input),
    onSuccess: (document) => {
      queryClient.setQueryData(documentKeys.detail(id), document);
      // The preview renders the newest version: it changes with every save.
      void queryClient.invalidateQueries({ queryKey: [...documentKeys.detail(id), 'preview'] });
      void queryClient.invalidateQueries({ queryKey: documentKeys.all, exact: true });
    },
  });
}

export function useDocumentPreview(id: number, profileId: number | null) {
  return useQuery({
    queryKey: [...documentKeys.detail(id), 'preview', profileId],
    queryFn: () =>
      api.get<DocumentPreview>(`/documents/${id}/preview`, { query: { profileId: profileId ?? undefined } }),
    enabled: profileId !== null,
  });
}

export function useSendTestMail(id: number) {
  return useMutation({
    mutationFn: (input: { profileIds: number[]; to: string[] }) =>
      api.post<TestMailResult>(`/documents/${id}/test-mail`, input),
  });
}
