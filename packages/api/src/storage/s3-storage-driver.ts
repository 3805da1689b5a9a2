import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { SignedRequest, StorageDriver } from './storage-driver.ts';

export interface S3StorageOptions {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Endpoint browsers use for presigned URLs (e.g. the public MinIO address); defaults to `endpoint`. */
  publicEndpoint?: string;
}

/** S3 / MinIO. Path-style addressing, and checksums only when required (defaults corrupted streamed uploads). */
export function createS3StorageDriver(options: S3StorageOptions): StorageDriver {
  const make = (endpoint?: string) =>
    new S3Client({
      endpoint,
      region: options.region,
      forcePathStyle: true,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  const s3 = make(options.endpoint);
  const signer = options.publicEndpoint ? make(options.publicEndpoint) : s3;
  const Bucket = options.bucket;
  return {
    name: 's3',
    async put(key, body, contentType) {
      await s3.send(
        new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType }),
      );
    },
    async get(key) {
      const out = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
      return out.Body as Readable;
    },
    async size(key) {
      try {
        const out = await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
        return out.ContentLength ?? 0;
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
          ?.httpStatusCode;
        if (status === 404 || (error as { name?: string }).name === 'NotFound') return null;
        throw error;
      }
    },
    async delete(key) {
      await s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async signedUpload(key, contentType, size, expiresIn): Promise<SignedRequest> {
      const url = await getSignedUrl(
        signer,
        new PutObjectCommand({ Bucket, Key: key, ContentType: contentType, ContentLength: size }),
        {
          expiresIn,
          signableHeaders: new Set(['content-type', 'content-length']),
        },
      );
      return { url, method: 'PUT', headers: { 'content-type': contentType } };
    },
    signedDownload(key, fileName, contentType, expiresIn) {
      return getSignedUrl(
        signer,
        new GetObjectCommand({
          Bucket,
          Key: key,
          ResponseContentType: contentType,
          ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        }),
        { expiresIn },
      );
    },
  };
}
