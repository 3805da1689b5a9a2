import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { SignedRequest, StorageDriver } from './storage-driver.ts';

export interface DiskStorageOptions {
  root: string;
  /** Secret for the upload/download tokens. */
  signingSecret: string;
  /** Public base URL of the web app, which serves `/api/files/upload/:token` and `/api/files/download/:token`. */
  publicUrl: string;
}

interface Grant {
  op: 'put' | 'get';
  key: string;
  size?: number;
  contentType: string;
  name?: string;
  exp: number;
}

export interface DiskStorageDriver extends StorageDriver {
  /** Checks a signed token; null when forged, expired or for another operation. */
  verify(token: string, op: Grant['op']): Grant | null;
  /** Serves a signed upload: writes at most the granted number of bytes, refusing anything else. */
  acceptUpload(
    token: string,
    body: Buffer,
  ): Promise<{ ok: true } | { ok: false; status: number; message: string }>;
}

/** Local disk (the default). Keys are confined to the root; tokens are HMAC-signed and expire. */
export function createDiskStorageDriver(options: DiskStorageOptions): DiskStorageDriver {
  const root = path.resolve(options.root);
  const fileOf = (key: string) => {
    const full = path.resolve(root, key);
    if (!full.startsWith(`${root}${path.sep}`))
      throw new Error('storage key escapes the storage root');
    return full;
  };
  const sign = (grant: Grant) => {
    const body = Buffer.from(JSON.stringify(grant)).toString('base64url');
    return `${body}.${createHmac('sha256', options.signingSecret).update(body).digest('base64url')}`;
  };
  const verify = (token: string, op: Grant['op']): Grant | null => {
    const [body, mac] = token.split('.');
    if (!body || !mac) return null;
    // Compare the canonical base64url text, so a different spelling of the same MAC is refused too.
    const expected = Buffer.from(
      createHmac('sha256', options.signingSecret).update(body).digest('base64url'),
    );
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const grant = JSON.parse(Buffer.from(body, 'base64url').toString()) as Grant;
    if (grant.op !== op || grant.exp < Date.now()) return null;
    return grant;
  };
  const driver: DiskStorageDriver = {
    name: 'disk',
    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, body);
    },
    get(key): Promise<Readable> {
      return Promise.resolve(createReadStream(fileOf(key)));
    },
    async size(key) {
      try {
        return (await stat(fileOf(key))).size;
      } catch {
        return null;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    signedUpload(key, contentType, size, expiresIn): Promise<SignedRequest> {
      const token = sign({ op: 'put', key, size, contentType, exp: Date.now() + expiresIn * 1000 });
      return Promise.resolve({
        url: `${options.publicUrl}/api/files/upload/${token}`,
        method: 'PUT',
        headers: { 'content-type': contentType },
      });
    },
    signedDownload(key, name, contentType, expiresIn) {
      return Promise.resolve(
        `${options.publicUrl}/api/files/download/${sign({ op: 'get', key, name, contentType, exp: Date.now() + expiresIn * 1000 })}`,
      );
    },
    verify,
    async acceptUpload(token, body) {
      const grant = verify(token, 'put');
      if (!grant)
        return { ok: false, status: 403, message: 'This upload link is invalid or has expired.' };
      if (body.length !== grant.size)
        return {
          ok: false,
          status: 413,
          message: `Expected ${grant.size} bytes, received ${body.length}.`,
        };
      await driver.put(grant.key, body, grant.contentType);
      return { ok: true };
    },
  };
  return driver;
}
