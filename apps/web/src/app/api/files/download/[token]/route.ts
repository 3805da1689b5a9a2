import { Readable } from 'node:stream';
import type { DiskStorageDriver } from '@parley/api/storage';
import { getStorage } from '@/server/services';

/** Signed, expiring downloads for the disk driver; always as an attachment, never rendered inline. */
export async function GET(_req: Request, { params }: { params: Promise<{ token: string }> }) {
  const storage = getStorage();
  if (storage.name !== 'disk') return new Response('Not found', { status: 404 });
  const { token } = await params;
  const grant = (storage as DiskStorageDriver).verify(token, 'get');
  if (!grant) return new Response('This download link is invalid or has expired.', { status: 403 });
  const size = await storage.size(grant.key);
  if (size === null) return new Response('Not found', { status: 404 });
  const stream = Readable.toWeb(await storage.get(grant.key)) as ReadableStream;
  return new Response(stream, {
    headers: {
      'content-type': grant.contentType,
      'content-length': String(size),
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(grant.name ?? 'file')}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=300',
    },
  });
}
