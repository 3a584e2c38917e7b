import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import type { HeraldConfig } from '@herald/config';
import { AppModule, type ApiAppOptions } from './app.module';
import { bodyParserErrorHandler, bodyTypeGuard } from './common/client-faults';
import { TrackingService } from './modules/tracking/tracking.service';
import { mountTrackingHandler } from './modules/tracking/tracking.http-handler';
import { mountPageViewHandler } from './modules/websites/page-view.http-handler';
import { PageViewsService } from './modules/websites/page-views.service';

const ADMIN_DIST = resolve(__dirname, '../../admin/dist');

/**
 * Security headers for every answer of Express (the tracking endpoints are answered before it).
 * The CSP fits the admin app's Vite build: scripts only from this origin; inline styles, which
 * Mantine injects; images from anywhere over HTTPS, since document previews show the mailing's own.
 */
const SECURITY_HEADERS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/** Builds the API application (without listening), for main.ts and for tests alike. */
export async function createApiApp(config: HeraldConfig, options: ApiAppOptions = {}): Promise<NestExpressApplication> {
  // Our own parsers, with a limit from the configuration: Express's default of 100 KB refused documents the schema allows.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(helmet(SECURITY_HEADERS));
  app.use(bodyTypeGuard);
  app.useBodyParser('json', { limit: config.API_BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { limit: config.API_BODY_LIMIT_BYTES, extended: true });
  app.use(bodyParserErrorHandler);
  app.enableShutdownHooks();
  mountTrackingHandler(app.getHttpServer(), app.get(TrackingService));
  mountPageViewHandler(app.getHttpServer(), app.get(PageViewsService));
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
