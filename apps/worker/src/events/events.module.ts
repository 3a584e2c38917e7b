import { Module } from '@nestjs/common';
import { EventIngestionHandler } from './event-ingestion.handler';
import { PageViewIngestionHandler } from './page-view-ingestion.handler';
import { PageViewStreamConsumer } from './page-view-stream.consumer';
import { TrackingStreamConsumer } from './tracking-stream.consumer';

@Module({
  providers: [EventIngestionHandler, TrackingStreamConsumer, PageViewIngestionHandler, PageViewStreamConsumer],
  exports: [EventIngestionHandler],
})
export class EventsModule {}
