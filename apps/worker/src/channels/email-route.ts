import { platformSmtpServer, workerProcessCount, type HeraldConfig } from '@herald/config';
import { accountTransportSettings, connectionsPerProcess, type AccountEmailRoute } from '@herald/channels';
import type { PrismaClient } from '@herald/db';
import { SecretBox } from '@herald/domain';

/** The platform's server takes this many connections from all worker processes of a host together. */
const PLATFORM_SMTP_CONNECTIONS = 4;

/**
 * Looks up the SMTP server an account sends through: its own (password opened only here, addresses
 * checked at each connect) or the platform's. The connection limit holds for all worker processes.
 */
export function emailRouteLookup(
  prisma: PrismaClient,
  config: HeraldConfig,
): (accountId: number) => Promise<AccountEmailRoute> {
  const secrets = SecretBox.fromSecretsKey(config.SECRETS_KEY);
  const processes = workerProcessCount(config);
  return async (accountId) => {
    const smtp = await prisma.smtpSettings.findUnique({ where: { accountId } });
    if (!smtp) {
      return {
        settings: {
          ...platformSmtpServer(config),
          maxConnections: connectionsPerProcess(PLATFORM_SMTP_CONNECTIONS, processes),
        },
        senderDomains: [],
      };
    }
    return {
      settings: accountTransportSettings(
        smtp,
        secrets,
        { allowPrivate: config.OUTBOUND_ALLOW_PRIVATE },
        connectionsPerProcess(smtp.maxConnections, processes),
        config.SMTP_EHLO_NAME,
      ),
      senderDomains: smtp.senderDomains,
    };
  };
}
