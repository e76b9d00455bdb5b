import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfigService } from '@app/config';
import { BlobStorage } from './blob-storage.js';
import { LocalDiskStorage } from './local-disk-storage.js';

/** The blob storage of the process: the local disk under STORAGE_DIR. */
@Module({
  providers: [
    {
      provide: BlobStorage,
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => new LocalDiskStorage(config.get('STORAGE_DIR', { infer: true })),
    },
  ],
  exports: [BlobStorage],
})
export class StorageModule {}
