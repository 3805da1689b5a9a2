export { createStorage, type StorageConfig } from './create-storage.ts';
export { createDiskStorageDriver, type DiskStorageDriver } from './disk-storage-driver.ts';
export { createS3StorageDriver, type S3StorageOptions } from './s3-storage-driver.ts';
export { storageConfigFromEnv, storageEnvShape } from './storage-env.ts';
export type { SignedRequest, StorageDriver } from './storage-driver.ts';
