import { Module } from '@nestjs/common';
import { EventIngestionHandler } from './event-ingestion.handler';
import { TrackingStreamConsumer } from './tracking-stream.consumer';

@Module({ providers: [EventIngestionHandler, TrackingStreamConsumer], exports: [EventIngestionHandler] })
export class EventsModule {}
