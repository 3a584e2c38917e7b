import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import type { HeraldConfig } from '@herald/config';
import { AppModule } from './app.module';
import { TrackingService } from './modules/tracking/tracking.service';
import { mountTrackingHandler } from './modules/tracking/tracking.http-handler';

export const ADMIN_DIST = resolve(__dirname, '../../admin/dist');

/** Builds the API application (without listening), for main.ts and for tests alike. */
export async function createApiApp(config: HeraldConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.enableShutdownHooks();
  mountTrackingHandler(app.getHttpServer(), app.get(TrackingService));
  app.enableCors({ origin: [config.ADMIN_URL], credentials: false });

  const openApi = new DocumentBuilder()
    .setTitle('Herald API')
    .setDescription('Multi-channel marketing: databases, mailings, results and reports')
    .setVersion('0.1.0')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .build();
  SwaggerModule.setup('docs', app, cleanupOpenApiDoc(SwaggerModule.createDocument(app, openApi)));

  // The admin app, built by Vite, is served under /admin/ with deep links falling back to index.html.
  if (existsSync(join(ADMIN_DIST, 'index.html'))) {
    app.useStaticAssets(ADMIN_DIST, { prefix: '/admin/', index: 'index.html' });
    app.use('/admin', (req: { method: string }, res: { sendFile(path: string): void }, next: () => void) => {
      if (req.method === 'GET') res.sendFile(join(ADMIN_DIST, 'index.html'));
      else next();
    });
  }
  return app;
}
