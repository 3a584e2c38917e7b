import { Global, Module, type DynamicModule } from '@nestjs/common';
import { faxApiSettings, platformSmtpServer, twilioSettings, type HeraldConfig } from '@herald/config';
import {
  dkimKeyLookup,
  EmailChannel,
  FAX_STATUS_PATH,
  FaxApiChannel,
  FaxChannel,
  SMS_STATUS_PATH,
  SmsChannel,
  type ChannelAdapter,
} from '@herald/channels';
import { senderDomainRepository, type PrismaClient } from '@herald/db';
import { HERALD_CONFIG, PRISMA } from '../common/config';
import { ChannelAdapters } from './channel-adapters';
import { emailRouteLookup } from './email-route';

/** SMS through Twilio (or the local simulator outside production); none in production without credentials. */
function smsChannel(config: HeraldConfig, prisma: PrismaClient): ChannelAdapter[] {
  const twilio = twilioSettings(config);
  if (!twilio) return [];
  const base = config.PUBLIC_URL.replace(/\/+$/, '');
  return [
    new SmsChannel({
      ...twilio,
      statusCallbackUrl: (trackingId) => `${base}${SMS_STATUS_PATH}?d=${trackingId}`,
      senderFor: async (accountId) =>
        (await prisma.account.findUnique({ where: { id: accountId }, select: { smsSender: true } }))?.smsSender ?? null,
      publicUrl: config.PUBLIC_URL,
      trackingSecret: config.TRACKING_SECRET,
      concurrency: config.SMS_CONCURRENCY,
    }),
  ];
}

/** Fax through the HTTP fax API when it is configured, else through the email-to-fax gateway over the platform's SMTP server. */
function faxChannel(config: HeraldConfig): ChannelAdapter {
  const api = faxApiSettings(config);
  if (api) {
    const base = config.PUBLIC_URL.replace(/\/+$/, '');
    return new FaxApiChannel({
      apiUrl: api.apiUrl,
      apiKey: api.apiKey,
      apiSecret: api.apiSecret,
      callbackUrl: (trackingId) => `${base}${FAX_STATUS_PATH}?d=${trackingId}`,
      publicUrl: config.PUBLIC_URL,
      trackingSecret: config.TRACKING_SECRET,
      concurrency: 4,
    });
  }
  return new FaxChannel({
    smtp: platformSmtpServer(config),
    gatewayDomain: config.FAX_GATEWAY_DOMAIN,
    from: config.FAX_FROM,
    bounceDomain: config.BOUNCE_DOMAIN,
    publicUrl: config.PUBLIC_URL,
    trackingSecret: config.TRACKING_SECRET,
    concurrency: 4,
  });
}

/** The channel adapters of this worker: email and fax always, SMS when Twilio is configured, plus any given (a test's). */
@Global()
@Module({})
export class ChannelsModule {
  static forRoot(extra: readonly ChannelAdapter[] = []): DynamicModule {
    return {
      module: ChannelsModule,
      providers: [
        {
          provide: ChannelAdapters,
          useFactory: (config: HeraldConfig, prisma: PrismaClient): ChannelAdapters =>
            new ChannelAdapters([
              new EmailChannel({
                publicUrl: config.PUBLIC_URL,
                trackingSecret: config.TRACKING_SECRET,
                bounceDomain: config.BOUNCE_DOMAIN,
                routeFor: emailRouteLookup(prisma, config),
                dkimKeysFor: dkimKeyLookup(
                  (accountId, domain) => senderDomainRepository.sealedDkimKeys(prisma, accountId, domain),
                  config.SECRETS_KEY,
                ),
              }),
              ...smsChannel(config, prisma),
              faxChannel(config),
              ...extra,
            ]),
          inject: [HERALD_CONFIG, PRISMA],
        },
      ],
      exports: [ChannelAdapters],
    };
  }
}
