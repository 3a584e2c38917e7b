import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateSurveyRequest,
  DeleteSurveyResultsRequest,
  DeleteSurveyResultsResponse,
  SurveyRespondentPageResponse,
  SurveyResponse as Survey,
  SurveyResultsResponse,
} from '@herald/contracts';
import { api, download } from './client';

const surveyKeys = {
  all: ['surveys'] as const,
  detail: (id: number) => ['surveys', id] as const,
  results: (id: number) => ['surveys', id, 'results'] as const,
};

export function useSurveys() {
  return useQuery({ queryKey: [...surveyKeys.all, 'list'], queryFn: () => api.get<Survey[]>('/surveys') });
}

export function useSurvey(id: number, enabled = true) {
  return useQuery({ queryKey: surveyKeys.detail(id), enabled, queryFn: () => api.get<Survey>(`/surveys/${id}`) });
}

/** Creates a survey, or saves an existing one's name, introduction and questions. */
export function useSaveSurvey(id?: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateSurveyRequest) =>
      id === undefined ? api.post<Survey>('/surveys', input) : api.patch<Survey>(`/surveys/${id}`, input),
    onSuccess: (survey) => {
      queryClient.setQueryData(surveyKeys.detail(survey.id), survey);
      void queryClient.invalidateQueries({ queryKey: surveyKeys.all });
    },
  });
}

export function useDeleteSurvey(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<void>(`/surveys/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: surveyKeys.all }),
  });
}

/** Per question, of every respondent or of one mailing's. */
export function useSurveyResults(id: number, mailingId: number | null) {
  return useQuery({
    queryKey: [...surveyKeys.results(id), 'counts', mailingId],
    queryFn: () =>
      api.get<SurveyResultsResponse>(`/surveys/${id}/results`, { query: mailingId ? { mailingId } : undefined }),
    placeholderData: keepPreviousData,
  });
}

export function useSurveyAnswers(id: number, mailingId: number | null, page: number) {
  return useQuery({
    queryKey: [...surveyKeys.results(id), 'answers', mailingId, page],
    queryFn: () =>
      api.get<SurveyRespondentPageResponse>(`/surveys/${id}/results/answers`, {
        query: { page, pageSize: 20, ...(mailingId ? { mailingId } : {}) },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useSurveyExport(id: number) {
  return useMutation({
    mutationFn: ({ format, mailingId }: { format: 'csv' | 'xlsx'; mailingId: number | null }) =>
      download(
        `/surveys/${id}/results/export`,
        { format, ...(mailingId ? { mailingId } : {}) },
        `survey-${id}-results.${format}`,
      ),
  });
}

/** Deletes results for good; counts, answers and the survey's number of respondents are read again at once. */
export function useDeleteSurveyResults(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DeleteSurveyResultsRequest) =>
      api.post<DeleteSurveyResultsResponse>(`/surveys/${id}/results/delete`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: surveyKeys.detail(id) }),
  });
}
