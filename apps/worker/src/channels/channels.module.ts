import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { EmailChannel, type ChannelAdapter } from '@herald/channels';
import type { PrismaClient } from '@herald/db';
import { HERALD_CONFIG, PRISMA } from '../common/config';
import { ChannelAdapters } from './channel-adapters';
import { emailRouteLookup } from './email-route';

/** The channel adapters of this worker: email always, plus any given (a test's, a later channel's). */
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
              }),
              ...extra,
            ]),
          inject: [HERALD_CONFIG, PRISMA],
        },
      ],
      exports: [ChannelAdapters],
    };
  }
}
