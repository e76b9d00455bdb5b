export { BlobNotFoundError, BlobStorage, isStorageKey } from './blob-storage.js';
export { LocalDiskStorage } from './local-disk-storage.js';
export { StorageModule } from './storage.module.js';
