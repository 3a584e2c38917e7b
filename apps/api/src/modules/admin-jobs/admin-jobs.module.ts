import { Module } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { BullBoardModule } from '@bull-board/nestjs';
import { ExpressAdapter } from '@bull-board/express';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { HeraldConfig } from '@herald/config';
import { QueueName } from '@herald/queue';
import { AuthGuard } from '../../common/auth/auth.guard';
import { HERALD_CONFIG } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import { MailingsModule } from '../mailings/mailings.module';
import { AdminJobsController } from './admin-jobs.controller';
import { AdminJobsService } from './admin-jobs.service';
import { QUEUE_DASHBOARD_ROUTE, queueDashboardAuth } from './queue-dashboard';

@Module({
  imports: [
    MailingsModule,
    BullBoardModule.forRootAsync({
      useFactory: (reflector: Reflector, jwt: JwtService, prisma: PrismaService, config: HeraldConfig) => ({
        route: QUEUE_DASHBOARD_ROUTE,
        adapter: ExpressAdapter,
        middleware: queueDashboardAuth(new AuthGuard(reflector, jwt, prisma), config),
      }),
      inject: [Reflector, JwtService, PrismaService, HERALD_CONFIG],
    }),
    BullBoardModule.forFeature(...Object.values(QueueName).map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
  controllers: [AdminJobsController],
  providers: [AdminJobsService],
})
export class AdminJobsModule {}
