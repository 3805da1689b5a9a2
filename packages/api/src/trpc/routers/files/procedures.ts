import { z } from 'zod';
import { id } from '@parley/contracts';
import { requestUploadInput } from '../../../services/files/request-upload.ts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const requestUpload = workspaceProcedure
  .input(requestUploadInput)
  .mutation(({ ctx, input }) =>
    ctx.services.files.requestUpload(ctx.actor, withoutWorkspace(input)),
  );

export const complete = workspaceProcedure
  .input(z.object({ fileId: id }))
  .mutation(({ ctx, input }) =>
    ctx.services.files.completeUpload(ctx.actor, withoutWorkspace(input)),
  );

export const downloadUrl = workspaceProcedure
  .input(z.object({ fileId: id, thumbnail: z.boolean().optional() }))
  .query(({ ctx, input }) => ctx.services.files.getDownloadUrl(ctx.actor, withoutWorkspace(input)));
