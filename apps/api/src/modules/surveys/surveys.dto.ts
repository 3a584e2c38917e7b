import { createZodDto } from 'nestjs-zod';
import {
  CreateSurveyRequest,
  DeleteSurveyResultsRequest,
  DeleteSurveyResultsResponse,
  SurveyAnswersQuery,
  SurveyExportQuery,
  SurveyRespondentPageResponse,
  SurveyResponse,
  SurveyResultsQuery,
  SurveyResultsResponse,
  UpdateSurveyRequest,
} from '@herald/contracts';

export class CreateSurveyDto extends createZodDto(CreateSurveyRequest) {}
export class UpdateSurveyDto extends createZodDto(UpdateSurveyRequest) {}
export class SurveyResultsQueryDto extends createZodDto(SurveyResultsQuery) {}
export class SurveyAnswersQueryDto extends createZodDto(SurveyAnswersQuery) {}
export class SurveyExportQueryDto extends createZodDto(SurveyExportQuery) {}
export class DeleteSurveyResultsDto extends createZodDto(DeleteSurveyResultsRequest) {}

// Responses, for OpenAPI.
export class SurveyResponseDto extends createZodDto(SurveyResponse) {}
export class SurveyResultsResponseDto extends createZodDto(SurveyResultsResponse) {}
export class SurveyRespondentPageResponseDto extends createZodDto(SurveyRespondentPageResponse) {}
export class DeleteSurveyResultsResponseDto extends createZodDto(DeleteSurveyResultsResponse) {}
