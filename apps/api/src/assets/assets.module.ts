import { Module } from '@nestjs/common';
import { CustomerAssetRepositoryModule, CustomerRepositoryModule } from '@app/persistence';
import { AssetsController } from './assets.controller.js';
import { AssetsService } from './assets.service.js';

/** Customer assets: posted by retail and loyalty integrations, read by agents. */
@Module({
  imports: [CustomerRepositoryModule, CustomerAssetRepositoryModule],
  controllers: [AssetsController],
  providers: [AssetsService],
})
export class AssetsModule {}
