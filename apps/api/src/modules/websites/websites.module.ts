import { Module } from '@nestjs/common';
import { PageViewsService } from './page-views.service';
import { WebsitesController } from './websites.controller';
import { WebsitesService } from './websites.service';

@Module({
  controllers: [WebsitesController],
  providers: [WebsitesService, PageViewsService],
  exports: [PageViewsService],
})
export class WebsitesModule {}
