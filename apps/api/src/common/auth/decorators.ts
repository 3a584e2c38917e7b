import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@herald/domain';
import type { Principal } from './principal';

export const PUBLIC_KEY = 'herald:public';
export const ROLE_KEY = 'herald:role';

/** No authentication: login, tracking endpoints, shared reports, health. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/**
 * The least role a route needs. Without it, reads need VIEWER and writes need MARKETER,
 * so a new route is never writable by a viewer by accident.
 */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(ROLE_KEY, role);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a public route');
  return request.principal;
});
