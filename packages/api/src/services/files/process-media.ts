import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import { z } from 'zod';
import { id } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';
import { setFileStatus } from './set-file-status.ts';
import { storageOf } from './storage-of.ts';

/** Images larger than this many pixels are refused (decompression bombs). */
export const MAX_IMAGE_PIXELS = 40_000_000;
const THUMBNAIL_SIZE = 480;
const FORMAT_TO_MIME: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heif: 'image/heic',
  tiff: 'image/tiff',
};

/**
 * Processes an uploaded image: the bytes must really be the declared image type, within the pixel
 * limit; a WebP thumbnail without metadata is stored and the dimensions recorded. Only then is the
 * file ready; anything else leaves it rejected with the reason. Running it again is harmless.
 */
export async function processMedia(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<{ status: string }> {
  const input = parseInput(z.object({ fileId: id }), rawInput);
  const file = await deps.db.file.findUnique({ where: { id: input.fileId } });
  if (!file || file.status !== 'processing') return { status: file?.status ?? 'missing' };
  const storage = storageOf(deps);
  const bytes = await buffer(await storage.get(file.storageKey));
  const reject = async (reason: string) => {
    await setFileStatus(deps, file.id, { status: 'rejected', error: reason });
    return { status: 'rejected' };
  };
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
  } catch {
    return reject('this is not an image we can read');
  }
  const actual = meta.format ? FORMAT_TO_MIME[meta.format] : undefined;
  const declared = file.contentType === 'image/jpg' ? 'image/jpeg' : file.contentType;
  if (!actual || actual !== declared)
    return reject(`the file is ${actual ?? 'not an image'}, not ${file.contentType}`);
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_IMAGE_PIXELS)
    return reject('the image is too large to process');
  let thumbnail: Buffer;
  try {
    // sharp drops EXIF/GPS and other metadata unless asked to keep it; rotate() applies the orientation first.
    thumbnail = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  } catch {
    return reject('the image could not be processed');
  }
  const thumbnailKey = `${file.storageKey}.thumb.webp`;
  await storage.put(thumbnailKey, thumbnail, 'image/webp');
  await setFileStatus(deps, file.id, {
    status: 'ready',
    width: meta.width ?? null,
    height: meta.height ?? null,
    thumbnailKey,
    error: null,
  });
  return { status: 'ready' };
}
