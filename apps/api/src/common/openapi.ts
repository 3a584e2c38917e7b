import { ApiDefaultResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { ErrorResponse } from '@herald/contracts';

export class ErrorResponseDto extends createZodDto(ErrorResponse) {}

/** Every error the API answers has one shape (http-exception.filter.ts); documented once per controller. */
export const ApiErrorResponses = (): ClassDecorator & MethodDecorator =>
  ApiDefaultResponse({
    description: 'An error: { statusCode, error, message, issues? }',
    type: ErrorResponseDto.Output,
  });
