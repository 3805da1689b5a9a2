import type { Readable } from 'node:stream';

export interface SignedRequest {
  url: string;
  method: 'PUT' | 'GET';
  headers: Record<string, string>;
}

/**
 * Where file bytes live. Clients upload and download directly with short-lived signed URLs, so
 * file bodies never pass through the API process unless the driver serves them itself (disk).
 */
export interface StorageDriver {
  readonly name: 'disk' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Readable>;
  /** Size of the stored object, or null when there is none. */
  size(key: string): Promise<number | null>;
  delete(key: string): Promise<void>;
  signedUpload(
    key: string,
    contentType: string,
    size: number,
    expiresInSeconds: number,
  ): Promise<SignedRequest>;
  signedDownload(
    key: string,
    fileName: string,
    contentType: string,
    expiresInSeconds: number,
  ): Promise<string>;
}
