import { createZodDto } from 'nestjs-zod';
import { SmtpSettingsResponse, SmtpTestResponse } from '@herald/contracts';

// Responses, for OpenAPI. The settings are null while the account has none: no class can extend
// a nullable schema, so this is createZodDto's own class, named for OpenAPI.
export const SmtpSettingsResponseDto = createZodDto(SmtpSettingsResponse.nullable());
Object.defineProperty(SmtpSettingsResponseDto, 'name', { value: 'SmtpSettingsResponseDto' });
export class SmtpTestResponseDto extends createZodDto(SmtpTestResponse) {}
