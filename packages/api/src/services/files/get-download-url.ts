import { z } from 'zod';
import { id, type Actor } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { storageOf } from './storage-of.ts';

const DOWNLOAD_URL_TTL_SECONDS = 5 * 60;

/**
 * A five-minute download link, for the uploader or for members of a channel where the file was
 * shared (guests included only where they are members). Anyone else: the file does not exist.
 */
export async function getDownloadUrl(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ url: string; expiresInSeconds: number }> {
  const input = parseInput(
    z.object({ fileId: id, thumbnail: z.boolean().default(false) }),
    rawInput,
  );
  const member = await requireMember(deps.db, actor);
  const file = await deps.db.file.findFirst({
    where: { id: input.fileId, workspaceId: actor.workspaceId },
  });
  if (!file) throw notFound('file');
  const isUploader = member.kind === 'user' && file.uploaderId === member.id;
  if (!isUploader) {
    const [visible] = await deps.db.$queryRaw<{ ok: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM message_attachments a
        JOIN messages m ON m.id = a."messageId" AND m."deletedAt" IS NULL
        JOIN channels c ON c.id = m."channelId"
        WHERE a."fileId" = ${file.id}::uuid
          AND (EXISTS (SELECT 1 FROM channel_members cm WHERE cm."channelId" = c.id AND cm."userId" = ${member.id}::uuid)
               OR (c.kind = 'public' AND ${member.role !== 'guest'}))
      ) AS ok`;
    if (!visible?.ok) throw notFound('file');
  }
  if (file.status === 'rejected') throw notFound('file');
  const key = input.thumbnail && file.thumbnailKey ? file.thumbnailKey : file.storageKey;
  const url = await storageOf(deps).signedDownload(
    key,
    file.name,
    input.thumbnail ? 'image/webp' : file.contentType,
    DOWNLOAD_URL_TTL_SECONDS,
  );
  return { url, expiresInSeconds: DOWNLOAD_URL_TTL_SECONDS };
}
