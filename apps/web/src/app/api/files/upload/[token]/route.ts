import type { DiskStorageDriver } from '@parley/api/storage';
import { getStorage } from '@/server/services';

/** Direct upload target for the disk driver: the token (signed, expiring) names the file and its exact size. */
export async function PUT(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const storage = getStorage();
  if (storage.name !== 'disk')
    return Response.json(
      { error: { code: 'NOT_FOUND', message: 'Uploads go to object storage.' } },
      { status: 404 },
    );
  const { token } = await params;
  const disk = storage as DiskStorageDriver;
  const grant = disk.verify(token, 'put');
  if (!grant)
    return Response.json(
      { error: { code: 'FORBIDDEN', message: 'This upload link is invalid or has expired.' } },
      { status: 403 },
    );
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared !== grant.size) {
    return Response.json(
      { error: { code: 'PAYLOAD_TOO_LARGE', message: `Expected ${grant.size} bytes.` } },
      { status: 413 },
    );
  }
  // Read at most one byte more than granted, so an oversized body is refused without buffering it all.
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > (grant.size ?? 0)) {
      await reader.cancel();
      return Response.json(
        { error: { code: 'PAYLOAD_TOO_LARGE', message: `Expected ${grant.size} bytes.` } },
        { status: 413 },
      );
    }
    chunks.push(value);
  }
  const result = await disk.acceptUpload(token, Buffer.concat(chunks));
  return result.ok
    ? new Response(null, { status: 200 })
    : Response.json(
        { error: { code: 'BAD_REQUEST', message: result.message } },
        { status: result.status },
      );
}
