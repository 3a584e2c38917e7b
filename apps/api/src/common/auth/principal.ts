import type { Role } from '@herald/domain';

/** Who is calling: a logged-in user or an API key, always inside one account. */
export interface Principal {
  accountId: number;
  role: Role;
  userId: number | null;
  apiKeyId: number | null;
}
