export { createDiskStorageDriver, type DiskStorageDriver } from './disk-storage-driver.ts';
export { createS3StorageDriver, type S3StorageOptions } from './s3-storage-driver.ts';
export type { SignedRequest, StorageDriver } from './storage-driver.ts';
