import { z } from 'zod';

export const ServiceHealth = z.object({
  up: z.boolean(),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

/** 200 with `ok` when PostgreSQL and Redis both answer; 503 with `unavailable` naming the one that does not. */
export const HealthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  services: z.object({ postgres: ServiceHealth, redis: ServiceHealth }),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
