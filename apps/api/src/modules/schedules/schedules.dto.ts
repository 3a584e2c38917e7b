import { createZodDto } from 'nestjs-zod';
import { CreateScheduleRequest, ScheduleResponse, UpdateScheduleRequest } from '@herald/contracts';

export class CreateScheduleDto extends createZodDto(CreateScheduleRequest) {}
export class UpdateScheduleDto extends createZodDto(UpdateScheduleRequest) {}

// Responses, for OpenAPI.
export class ScheduleResponseDto extends createZodDto(ScheduleResponse) {}
