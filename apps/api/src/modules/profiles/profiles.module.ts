import { Module } from '@nestjs/common';
import { DatabasesModule } from '../databases/databases.module';
import { ProfilesController } from './profiles.controller';
import { ProfileErasureService } from './profile-erasure.service';
import { ProfileExportService } from './profile-export.service';
import { ProfilesService } from './profiles.service';

@Module({
  imports: [DatabasesModule],
  controllers: [ProfilesController],
  providers: [ProfilesService, ProfileErasureService, ProfileExportService],
})
export class ProfilesModule {}
