import { createZodDto } from 'nestjs-zod';
import {
  chooseWinnerSchema,
  createSplitRunSchema,
  planDraftSchema,
  planQuerySchema,
  SplitRunApprovalResponse,
  SplitRunPlanResponse,
  SplitRunReportResponse,
  SplitRunResponse,
  startSplitRunQuerySchema,
} from '@herald/contracts';

export class CreateSplitRunDto extends createZodDto(createSplitRunSchema) {}
export class ChooseWinnerDto extends createZodDto(chooseWinnerSchema) {}
export class PlanQueryDto extends createZodDto(planQuerySchema) {}
export class PlanDraftRequestDto extends createZodDto(planDraftSchema) {}
export class StartSplitRunQueryDto extends createZodDto(startSplitRunQuerySchema) {}

// Responses, for OpenAPI.
export class SplitRunResponseDto extends createZodDto(SplitRunResponse) {}
export class SplitRunPlanResponseDto extends createZodDto(SplitRunPlanResponse) {}
export class SplitRunReportResponseDto extends createZodDto(SplitRunReportResponse) {}
export class SplitRunApprovalResponseDto extends createZodDto(SplitRunApprovalResponse) {}
