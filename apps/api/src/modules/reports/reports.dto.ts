import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { DominantResult, ExportFormat } from '@herald/contracts';

const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(50);

const errorsQuerySchema = z.object({ page, pageSize });
export class ErrorsQueryDto extends createZodDto(errorsQuerySchema) {}

const recipientsQuerySchema = z.object({
  result: DominantResult.optional(),
  page,
  pageSize,
  /** Keyset paging: the recipientId of the last row seen; when given, `page` is ignored. */
  after: z.coerce.number().int().min(0).optional(),
});
export class RecipientsQueryDto extends createZodDto(recipientsQuerySchema) {}

/** An ISO 8601 date or date-time, as a Date. A string on the wire, so the OpenAPI schema can say so. */
const instant = z
  .string()
  .refine(
    (value) => /^\d{4}-\d\d-\d\d/.test(value) && !Number.isNaN(Date.parse(value)),
    'not an ISO 8601 date or date-time',
  )
  .transform((value) => new Date(value));

const format = ExportFormat.default('csv');
const exportQuerySchema = z.object({ format });
export class ExportQueryDto extends createZodDto(exportQuerySchema) {}

const recipientsExportQuerySchema = z.object({
  format,
  result: DominantResult.optional(),
  /** Profile (or subprofile) fields to add as columns, comma separated: `firstname,city`. */
  fields: z
    .string()
    .optional()
    .transform((value) => [
      ...new Set(
        (value ?? '')
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(100)).max(50, 'at most 50 fields')),
});
export class RecipientsExportQueryDto extends createZodDto(recipientsExportQuerySchema) {}

/** A time frame; `to` defaults to now and `from` to 30 days before it. */
const periodQuerySchema = z
  .object({ from: instant.optional(), to: instant.optional() })
  .transform(({ from, to }) => {
    const end = to ?? new Date();
    return { from: from ?? new Date(end.getTime() - 30 * 86_400_000), to: end };
  })
  .refine(({ from, to }) => to.getTime() > from.getTime(), { message: 'must be after from', path: ['to'] })
  .refine(({ from, to }) => to.getTime() - from.getTime() <= 3_660 * 86_400_000, {
    message: 'the time frame may span at most ten years',
    path: ['from'],
  });
export class PeriodQueryDto extends createZodDto(periodQuerySchema) {}

const compareQuerySchema = z.object({
  mailingIds: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(/^[1-9]\d{0,9}$/, 'not a mailing id'))
        .min(2, 'compare at least 2 mailings')
        .max(10, 'compare at most 10 mailings')
        .refine((ids) => new Set(ids).size === ids.length, 'each mailing once'),
    )
    .transform((ids) => ids.map(Number)),
});
export class CompareQueryDto extends createZodDto(compareQuerySchema) {}

const historyQuerySchema = z.object({ page, pageSize: z.coerce.number().int().min(1).max(500).default(100) });
export class HistoryQueryDto extends createZodDto(historyQuerySchema) {}

const createShareSchema = z.object({
  title: z.string().trim().min(1).max(200),
  expiresAt: instant.refine((d) => d.getTime() > Date.now(), 'must be in the future').optional(),
});
export class CreateShareDto extends createZodDto(createShareSchema) {}

// Responses: the contracts' types (the OpenAPI DTOs are in report-responses.dto.ts).
export type {
  AudienceStatisticsResponse,
  CampaignEmailPerformanceResponse,
  CompareResponse,
  CreatedShareResponse,
  ErrorEventResponse,
  MailingReportResponse,
  ProfileHistoryEvent,
  ProfileHistoryResponse,
  RecipientResponse,
  RecipientsPageResponse,
  SharedReportResponse,
  ShareResponse,
} from '@herald/contracts';
