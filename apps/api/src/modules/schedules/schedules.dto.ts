import { createZodDto } from 'nestjs-zod';
import {
  CreateScheduleRequest,
  ScheduleCalendarQuery,
  ScheduledRunResponse,
  ScheduleOccurrenceRequest,
  ScheduleResponse,
  UpdateScheduleRequest,
} from '@herald/contracts';

export class CreateScheduleDto extends createZodDto(CreateScheduleRequest) {}
export class UpdateScheduleDto extends createZodDto(UpdateScheduleRequest) {}
export class ScheduleCalendarQueryDto extends createZodDto(ScheduleCalendarQuery) {}
export class ScheduleOccurrenceDto extends createZodDto(ScheduleOccurrenceRequest) {}

// Responses, for OpenAPI.
export class ScheduleResponseDto extends createZodDto(ScheduleResponse) {}
export class ScheduledRunResponseDto extends createZodDto(ScheduledRunResponse) {}
