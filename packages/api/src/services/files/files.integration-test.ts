import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDiskStorageDriver,
  type DiskStorageDriver,
} from '../../storage/disk-storage-driver.ts';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-files-'));
let h: ServiceHarness;
let storage: DiskStorageDriver;

beforeAll(async () => {
  h = await createServiceHarness();
  storage = createDiskStorageDriver({
    root: dir,
    signingSecret: 'files-test-secret',
    publicUrl: 'http://127.0.0.1:1',
  });
  h.deps.storage = storage;
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Rewrites a PNG's IHDR to claim other dimensions (with a valid CRC), like a decompression bomb does. */
function pngClaiming(png: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(png);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  let crc = 0xffffffff;
  for (const byte of out.subarray(12, 29)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 29);
  return out;
}

/** Uploads through the signed URL exactly as the web route does for the disk driver. */
async function upload(
  actor: ReturnType<typeof userActor>,
  name: string,
  contentType: string,
  body: Buffer,
) {
  const { file, upload: target } = await h.services.files.requestUpload(actor, {
    name,
    contentType,
    size: body.length,
  });
  const token = target.url.split('/').pop()!;
  expect(await storage.acceptUpload(token, body)).toEqual({ ok: true });
  return h.services.files.completeUpload(actor, { fileId: file.id });
}

async function team() {
  const { workspace, ownerId } = await createWorkspace(h.deps.db);
  const bob = await createMember(h.deps.db, workspace.id);
  const eve = await createMember(h.deps.db, workspace.id);
  const priv = await createChannel(h.deps.db, {
    workspaceId: workspace.id,
    kind: 'private',
    memberIds: [ownerId, bob.id],
  });
  return {
    ws: workspace.id,
    ada: userActor(ownerId, workspace.id),
    bob: userActor(bob.id, workspace.id),
    eve: userActor(eve.id, workspace.id),
    priv: priv.id,
  };
}

describe('files', () => {
  it('enforces the workspace size and type limits before anything is stored', async () => {
    const t = await team();
    await h.deps.db.workspace.update({
      where: { id: t.ws },
      data: { maxUploadBytes: 1024, allowedUploadTypes: ['image/*', 'text/plain'] },
    });
    await expect(
      h.services.files.requestUpload(t.ada, {
        name: 'big.txt',
        contentType: 'text/plain',
        size: 2048,
      }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(
      h.services.files.requestUpload(t.ada, {
        name: 'x.exe',
        contentType: 'application/x-msdownload',
        size: 10,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await h.deps.db.file.count({ where: { workspaceId: t.ws } })).toBe(0);
    const { upload: target, file } = await h.services.files.requestUpload(t.ada, {
      name: 'ok.txt',
      contentType: 'text/plain',
      size: 5,
    });
    expect(
      await storage.acceptUpload(target.url.split('/').pop()!, Buffer.from('too long')),
    ).toMatchObject({ ok: false, status: 413 });
    await expect(h.services.files.completeUpload(t.ada, { fileId: file.id })).rejects.toMatchObject(
      { code: 'BAD_REQUEST' },
    );
  });

  it('lets only members of a channel where the file was shared download it', async () => {
    const t = await team();
    const file = await upload(t.ada, 'notes.txt', 'text/plain', Buffer.from('private notes'));
    expect(file.status).toBe('ready');
    await expect(h.services.files.getDownloadUrl(t.bob, { fileId: file.id })).rejects.toMatchObject(
      { code: 'NOT_FOUND' },
    );
    const { message } = await h.services.messages.sendMessage(t.ada, {
      channelId: t.priv,
      body: 'see attached',
      fileIds: [file.id],
    });
    expect(message.attachments.map((a) => a.id)).toEqual([file.id]);
    const { url } = await h.services.files.getDownloadUrl(t.bob, { fileId: file.id });
    const grant = storage.verify(url.split('/').pop()!, 'get');
    expect(grant?.key).toContain(file.id);
    await expect(h.services.files.getDownloadUrl(t.eve, { fileId: file.id })).rejects.toMatchObject(
      { code: 'NOT_FOUND' },
    );
    await expect(
      h.services.messages.sendMessage(t.bob, {
        channelId: t.priv,
        body: 'reuse',
        fileIds: [file.id],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('makes a thumbnail and strips metadata for real images, and rejects lies and bombs', async () => {
    const t = await team();
    const png = await sharp({
      create: { width: 1200, height: 800, channels: 3, background: '#3366ff' },
    })
      .withMetadata({ exif: { IFD0: { Copyright: 'secret-owner' } } })
      .jpeg()
      .toBuffer();
    const image = await upload(t.ada, 'photo.jpg', 'image/jpeg', png);
    expect(image.status).toBe('processing');
    expect(await h.services.files.processMedia({ fileId: image.id })).toEqual({ status: 'ready' });
    const ready = await h.deps.db.file.findUniqueOrThrow({ where: { id: image.id } });
    expect(ready).toMatchObject({ status: 'ready', width: 1200, height: 800 });
    const thumb = await sharp(
      Buffer.concat(await (await storage.get(ready.thumbnailKey!)).toArray()),
    ).metadata();
    expect(thumb).toMatchObject({ format: 'webp', width: 480, height: 320 });
    expect(thumb.exif).toBeUndefined();

    const liar = await upload(
      t.ada,
      'fake.png',
      'image/png',
      Buffer.from('%PDF-1.7 not an image at all'),
    );
    expect(await h.services.files.processMedia({ fileId: liar.id })).toEqual({
      status: 'rejected',
    });
    const mismatched = await upload(t.ada, 'really-jpeg.png', 'image/png', png);
    expect(await h.services.files.processMedia({ fileId: mismatched.id })).toEqual({
      status: 'rejected',
    });
    // A few hundred bytes on disk claiming 30000 x 30000 pixels: a decompression bomb.
    const bomb = pngClaiming(
      await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
      30_000,
      30_000,
    );
    const bombFile = await upload(t.ada, 'bomb.png', 'image/png', bomb);
    expect(await h.services.files.processMedia({ fileId: bombFile.id })).toEqual({
      status: 'rejected',
    });
    expect((await h.deps.db.file.findUniqueOrThrow({ where: { id: bombFile.id } })).error).toMatch(
      /too large|not an image/,
    );
    expect(
      await h.deps.db.outboxEvent.count({ where: { type: 'file.updated', workspaceId: t.ws } }),
    ).toBeGreaterThanOrEqual(8);
  });
});
