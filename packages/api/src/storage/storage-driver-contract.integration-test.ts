import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiskStorageDriver, type DiskStorageDriver } from './disk-storage-driver.ts';
import { createS3StorageDriver } from './s3-storage-driver.ts';
import type { StorageDriver } from './storage-driver.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-storage-'));
let s3rver: S3rver;
let web: Server;
let disk: DiskStorageDriver;
let s3: StorageDriver;

/** What apps/web's /api/files routes do for the disk driver. */
function diskRoutes(driver: DiskStorageDriver) {
  return createServer((req, res) => {
    const [, , , op, token] = (req.url ?? '').split('/');
    if (req.method === 'PUT' && op === 'upload') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void driver
          .acceptUpload(token ?? '', Buffer.concat(chunks))
          .then((r) => res.writeHead(r.ok ? 200 : r.status).end(r.ok ? '' : r.message));
      });
      return;
    }
    const grant = driver.verify(token ?? '', 'get');
    if (req.method !== 'GET' || op !== 'download' || !grant) return void res.writeHead(403).end();
    void driver.get(grant.key).then((stream) => {
      res.writeHead(200, { 'content-type': grant.contentType });
      stream.pipe(res);
    });
  });
}

beforeAll(async () => {
  s3rver = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(dir, 's3'),
    configureBuckets: [{ name: 'parley', configs: [] }],
  });
  const { port } = await s3rver.run();
  s3 = createS3StorageDriver({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    bucket: 'parley',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });
  web = diskRoutes(null as unknown as DiskStorageDriver);
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  disk = createDiskStorageDriver({
    root: path.join(dir, 'disk'),
    signingSecret: 'test-signing-secret',
    publicUrl: `http://127.0.0.1:${(web.address() as AddressInfo).port}`,
  });
  web.removeAllListeners('request');
  web.on('request', diskRoutes(disk).listeners('request')[0] as never);
});
afterAll(async () => {
  web.close();
  await s3rver.close();
  rmSync(dir, { recursive: true, force: true });
});

for (const [name, driver] of [
  ['disk', () => disk],
  ['s3 (s3rver)', () => s3],
] as const) {
  describe(`storage driver contract: ${name}`, () => {
    it('stores, measures, streams back and deletes an object', async () => {
      const key = `ws/${randomUUID()}/hello.txt`;
      await driver().put(key, Buffer.from('hello parley'), 'text/plain');
      expect(await driver().size(key)).toBe(12);
      expect(await text(await driver().get(key))).toBe('hello parley');
      await driver().delete(key);
      expect(await driver().size(key)).toBeNull();
    });

    it('accepts an upload through a signed URL and serves it through a signed download URL, byte for byte', async () => {
      const key = `ws/${randomUUID()}/data.bin`;
      const body = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
      const up = await driver().signedUpload(key, 'application/octet-stream', body.length, 60);
      const put = await fetch(up.url, { method: 'PUT', headers: up.headers, body });
      expect(put.status).toBe(200);
      expect(await driver().size(key)).toBe(body.length);
      const down = await fetch(
        await driver().signedDownload(key, 'data.bin', 'application/octet-stream', 60),
      );
      expect(down.status).toBe(200);
      expect(Buffer.from(await down.arrayBuffer()).equals(body)).toBe(true);
    });
  });
}

describe('disk driver limits', () => {
  it('refuses a token whose MAC is spelled differently, even when it decodes to the same bytes', async () => {
    const url = await disk.signedDownload(`ws/${randomUUID()}/x.txt`, 'x.txt', 'text/plain', 60);
    const token = url.split('/').pop()!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = token.at(-1)!;
    const respelled = token.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1]; // only the unused padding bit differs
    expect(disk.verify(token, 'get')).not.toBeNull();
    expect(disk.verify(respelled, 'get')).toBeNull();
    expect(disk.verify(token, 'put')).toBeNull();
  });

  // s3rver does not check presigned signatures, so this is asserted for our own (disk) signing only.
  it('refuses a tampered download URL', async () => {
    const key = `ws/${randomUUID()}/secret.txt`;
    await disk.put(key, Buffer.from('secret'), 'text/plain');
    const url = await disk.signedDownload(key, 'secret.txt', 'text/plain', 60);
    const tampered = url.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    expect((await fetch(tampered)).status).toBe(403);
  });
  it('refuses an upload of another size than granted, and keys outside the root', async () => {
    const key = `ws/${randomUUID()}/big.bin`;
    const up = await disk.signedUpload(key, 'application/octet-stream', 10, 60);
    const res = await fetch(up.url, { method: 'PUT', headers: up.headers, body: Buffer.alloc(11) });
    expect(res.status).toBe(413);
    expect(await disk.size(key)).toBeNull();
    await expect(disk.put('../escape.txt', Buffer.from('x'), 'text/plain')).rejects.toThrow(
      /escapes/,
    );
  });
});
