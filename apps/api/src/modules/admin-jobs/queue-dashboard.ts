import type { NextFunction, Request, Response } from 'express';
import { DomainError, DomainErrorCode, roleAllows } from '@herald/domain';
import type { AuthGuard } from '../../common/auth/auth.guard';

/** Where the BullMQ dashboard (@bull-board) is mounted: outside /admin/, which the admin app's deep links take. */
export const QUEUE_DASHBOARD_ROUTE = '/queues';
export const QUEUE_DASHBOARD_COOKIE = 'herald_queues';

function cookieToken(header: string | undefined): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [name, ...value] = part.trim().split('=');
    if (name === QUEUE_DASHBOARD_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * ADMINs only, authenticated as every route is (bearer token or API key), or by the cookie that
 * POST /jobs/dashboard-session sets. The dashboard shows the queues themselves, so every
 * account's jobs: see docs/rules/scheduling.md (Admin jobs).
 */
export function queueDashboardAuth(guard: AuthGuard) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const cookie = cookieToken(req.headers.cookie);
    const headers =
      cookie && !req.headers.authorization ? { ...req.headers, authorization: `Bearer ${cookie}` } : req.headers;
    try {
      const principal = await guard.principalOf(headers);
      if (!roleAllows(principal.role, 'ADMIN')) {
        res.status(403).json({
          statusCode: 403,
          error: DomainErrorCode.Forbidden,
          message: `The queue dashboard needs the ADMIN role; you have ${principal.role}`,
        });
        return;
      }
      next();
    } catch (error) {
      if (!(error instanceof DomainError)) return next(error);
      res.status(401).json({ statusCode: 401, error: error.code, message: error.message });
    }
  };
}
