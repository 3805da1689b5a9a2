import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { DomainError, badRequest, forbidden } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { toFileDto } from './file-dto.ts';
import { storageOf } from './storage-of.ts';

export const requestUploadInput = z.object({
  name: z.string().trim().min(1).max(255),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type like image/png'),
  size: z.number().int().min(1, 'the file is empty'),
});

const UPLOAD_URL_TTL_SECONDS = 15 * 60;

/**
 * Starts an upload: checks size and type against the workspace's limits, records a pending file and
 * returns a short-lived signed URL the client PUTs the bytes to.
 */
export async function requestUpload(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  const input = parseInput(requestUploadInput, rawInput);
  const member = await requireMember(deps.db, actor);
  if (member.kind !== 'user') throw forbidden('only people upload files');
  const ws = await deps.db.workspace.findUniqueOrThrow({ where: { id: actor.workspaceId } });
  if (input.size > ws.maxUploadBytes) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `files can be at most ${Math.floor(ws.maxUploadBytes / 1_048_576)} MB in this workspace`,
    );
  }
  const allowed = ws.allowedUploadTypes;
  if (
    allowed.length > 0 &&
    !allowed.some(
      (t) =>
        t === input.contentType ||
        (t.endsWith('/*') && input.contentType.startsWith(t.slice(0, -1))),
    )
  ) {
    throw badRequest(`files of type ${input.contentType} are not allowed in this workspace`);
  }
  const id = randomUUID();
  const safeName = input.name.replace(/[^\w.-]+/g, '_').slice(-100) || 'file';
  const file = await deps.db.file.create({
    data: {
      id,
      workspaceId: actor.workspaceId,
      uploaderId: member.id,
      name: input.name,
      contentType: input.contentType,
      size: input.size,
      storageKey: `${actor.workspaceId}/${id}/${safeName}`,
    },
  });
  const upload = await storageOf(deps).signedUpload(
    file.storageKey,
    file.contentType,
    file.size,
    UPLOAD_URL_TTL_SECONDS,
  );
  return { file: toFileDto(file), upload };
}
