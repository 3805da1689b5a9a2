import { createDiskStorageDriver } from './disk-storage-driver.ts';
import { createS3StorageDriver, type S3StorageOptions } from './s3-storage-driver.ts';
import type { StorageDriver } from './storage-driver.ts';

export type StorageConfig =
  | { driver: 'disk'; dir: string; signingSecret: string; publicUrl: string }
  | ({ driver: 's3' } & S3StorageOptions);

/** Builds the configured storage driver (composition roots read the config from their env). */
export function createStorage(config: StorageConfig): StorageDriver {
  return config.driver === 'disk'
    ? createDiskStorageDriver({
        root: config.dir,
        signingSecret: config.signingSecret,
        publicUrl: config.publicUrl,
      })
    : createS3StorageDriver(config);
}
