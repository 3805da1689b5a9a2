import { z } from 'zod';
import type { StorageConfig } from './create-storage.ts';

/** The storage variables every app that touches files validates (a fragment for each app's env.ts). */
export const storageEnvShape = {
  STORAGE_DRIVER: z.enum(['disk', 's3']).default('disk'),
  STORAGE_DIR: z.string().default('.data/files'),
  STORAGE_SIGNING_SECRET: z
    .string()
    .min(16, 'STORAGE_SIGNING_SECRET must be at least 16 characters'),
  S3_ENDPOINT: z.url().optional(),
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().default('parley'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
};

interface StorageEnv {
  STORAGE_DRIVER: 'disk' | 's3';
  STORAGE_DIR: string;
  STORAGE_SIGNING_SECRET: string;
  S3_ENDPOINT?: string;
  S3_PUBLIC_ENDPOINT?: string;
  S3_REGION: string;
  S3_BUCKET: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
}

export function storageConfigFromEnv(env: StorageEnv, publicUrl: string): StorageConfig {
  if (env.STORAGE_DRIVER === 'disk')
    return {
      driver: 'disk',
      dir: env.STORAGE_DIR,
      signingSecret: env.STORAGE_SIGNING_SECRET,
      publicUrl,
    };
  if (!env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY)
    throw new Error('STORAGE_DRIVER=s3 needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  return {
    driver: 's3',
    endpoint: env.S3_ENDPOINT,
    publicEndpoint: env.S3_PUBLIC_ENDPOINT,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
  };
}
