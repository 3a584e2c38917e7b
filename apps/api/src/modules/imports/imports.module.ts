import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { extname, resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import type { HeraldConfig } from '@herald/config';
import { HERALD_CONFIG } from '../../common/config';
import { DatabasesModule } from '../databases/databases.module';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** Uploads stream to disk under UPLOAD_DIR (never into memory), where the worker reads them. */
@Module({
  imports: [
    DatabasesModule,
    MulterModule.registerAsync({
      inject: [HERALD_CONFIG],
      useFactory: (config: HeraldConfig) => {
        const directory = resolve(config.UPLOAD_DIR);
        mkdirSync(directory, { recursive: true });
        return {
          storage: diskStorage({
            destination: directory,
            filename: (_req, file, callback) =>
              callback(null, `${randomUUID()}${extname(file.originalname).toLowerCase().slice(0, 10)}`),
          }),
          limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 },
        };
      },
    }),
  ],
  controllers: [ImportsController],
  providers: [ImportsService],
})
export class ImportsModule {}
