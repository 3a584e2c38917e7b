import type { SecretBox } from '@herald/domain';
import type { OutboundPolicy } from '../outbound/outbound-address';
import type { SmtpSettings } from './email-transport';

/** An account's own SMTP server as stored: the password sealed (or clear text from before encryption). */
export interface StoredSmtpSettings {
  accountId: number;
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  password: string | null;
}

/** What a sealed SMTP password is bound to: it opens for this account only. */
export function smtpPasswordContext(accountId: number): string {
  return `smtp-password:account:${accountId}`;
}

/**
 * Transport settings for an account's own server: the password opened here, where the connection
 * is made, and the operator's outbound policy applied (a tenant's server, unlike the default one). Herald
 * greets it with the platform's EHLO name: the name belongs to the host that connects, not to the server.
 */
export function accountTransportSettings(
  stored: StoredSmtpSettings,
  secrets: SecretBox,
  outbound: OutboundPolicy,
  maxConnections: number,
  ehloName: string | undefined,
): SmtpSettings {
  return {
    host: stored.host,
    port: stored.port,
    secure: stored.secure,
    username: stored.username,
    password:
      stored.password === null ? null : secrets.openStored(stored.password, smtpPasswordContext(stored.accountId)),
    maxConnections,
    ehloName,
    outbound,
  };
}
