import type { NextFunction, Request, Response } from 'express';
import { isPlatformOperator, type HeraldConfig } from '@herald/config';
import { DomainError, DomainErrorCode, roleAllows } from '@herald/domain';
import type { AuthGuard } from '../../common/auth/auth.guard';
import type { Principal } from '../../common/auth/principal';
import { toErrorBody } from '../../common/http-exception.filter';

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
 * Who may open the queue dashboard: platform operators only (PLATFORM_OPERATORS, user ids), not an account's ADMINs.
 *
 * The queues are shared by every account and bull-board shows them whole: each job's payload, its
 * error, and buttons that retry, promote, remove or clean jobs and pause a queue for everyone. It has
 * no per-tenant view, so it cannot be filtered to one account. Redacting the payloads with the
 * adapter's formatter would still leave an account's ADMIN seeing other accounts' job names, counts and
 * failures, and able to pause or clean their sending. So the whole dashboard is the operator's; an
 * account's ADMIN sees and acts on the account's own jobs at GET /jobs, the admin page's job list.
 * An operator is an ADMIN of their own account, signed in as a person: an API key, which acts for its
 * account, is refused.
 */
export function assertPlatformOperator(principal: Principal, config: Pick<HeraldConfig, 'PLATFORM_OPERATORS'>): void {
  if (!roleAllows(principal.role, 'ADMIN'))
    throw new DomainError(
      DomainErrorCode.Forbidden,
      `The queue dashboard needs the ADMIN role and a platform operator; you have ${principal.role}`,
    );
  if (principal.userId !== null && principal.apiKeyId === null && isPlatformOperator(config, principal.userId)) return;
  throw new DomainError(
    DomainErrorCode.Forbidden,
    "The queue dashboard shows every account's jobs, so only the platform's operators (PLATFORM_OPERATORS) " +
      (principal.apiKeyId !== null ? 'may open it, signed in as themselves, not with an API key' : 'may open it') +
      "; your account's jobs are on the admin page (/admin/admin; GET /jobs)",
  );
}

/**
 * Authenticated as every route is (bearer token or API key), or by the cookie that
 * POST /jobs/dashboard-session sets; then a platform operator only (assertPlatformOperator).
 */
export function queueDashboardAuth(guard: AuthGuard, config: Pick<HeraldConfig, 'PLATFORM_OPERATORS'>) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const cookie = cookieToken(req.headers.cookie);
    const headers =
      cookie && !req.headers.authorization ? { ...req.headers, authorization: `Bearer ${cookie}` } : req.headers;
    try {
      assertPlatformOperator(await guard.principalOf(headers), config);
      next();
    } catch (error) {
      if (!(error instanceof DomainError)) return next(error);
      const body = toErrorBody(error);
      res.status(body.statusCode).json(body);
    }
  };
}
