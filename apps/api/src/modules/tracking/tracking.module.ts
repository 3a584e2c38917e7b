import { Module } from '@nestjs/common';
import { LinkCacheService } from './link-cache.service';
import { TrackingService } from './tracking.service';

@Module({ providers: [LinkCacheService, TrackingService], exports: [TrackingService] })
export class TrackingModule {}
