import { z } from 'zod';
import { id, type Actor } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { toFileDto } from './file-dto.ts';
import { setFileStatus } from './set-file-status.ts';
import { storageOf } from './storage-of.ts';

/**
 * Finishes an upload once the bytes are stored: the object must exist with the announced size.
 * Images then wait for the media worker (thumbnail, dimensions); other files are ready at once.
 */
export async function completeUpload(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  const input = parseInput(z.object({ fileId: id }), rawInput);
  const member = await requireMember(deps.db, actor);
  const file = await deps.db.file.findFirst({
    where: { id: input.fileId, workspaceId: actor.workspaceId, uploaderId: member.id },
  });
  if (!file) throw notFound('file');
  if (file.status !== 'pending') return toFileDto(file);
  const stored = await storageOf(deps).size(file.storageKey);
  if (stored === null) throw badRequest('the upload has not arrived yet');
  if (stored !== file.size) {
    await storageOf(deps).delete(file.storageKey);
    throw badRequest(`the upload is ${stored} bytes, not the announced ${file.size}`);
  }
  const status = file.contentType.startsWith('image/') ? 'processing' : 'ready';
  return setFileStatus(deps, file.id, { status });
}
