import type { Prisma } from '@parley/db';
import type { ServiceDeps } from '../deps.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { toFileDto } from './file-dto.ts';

/** Updates a file and publishes `file.updated` (the uploader's UI and the media queue follow it). */
export async function setFileStatus(
  deps: ServiceDeps,
  fileId: string,
  data: Prisma.FileUpdateInput,
) {
  const file = await deps.db.$transaction(async (tx) => {
    const updated = await tx.file.update({ where: { id: fileId }, data });
    const dto = toFileDto(updated);
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'file.updated',
        workspaceId: updated.workspaceId,
        channelId: null,
        payload: {
          uploaderId: updated.uploaderId,
          file: {
            id: dto.id,
            name: dto.name,
            contentType: dto.contentType,
            size: dto.size,
            status: dto.status,
            width: dto.width,
            height: dto.height,
          },
        },
      },
    ]);
    return dto;
  });
  deps.events.committed();
  return file;
}
