import { Module } from '@nestjs/common';
import { DatabasesModule } from '../databases/databases.module';
import { ProfilesController } from './profiles.controller';
import { ProfilesService } from './profiles.service';

@Module({ imports: [DatabasesModule], controllers: [ProfilesController], providers: [ProfilesService] })
export class ProfilesModule {}
