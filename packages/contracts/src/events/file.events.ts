import { z } from 'zod';
import { id } from '../common.ts';
import { attachmentDto } from '../entities.ts';
import { eventSchema } from './envelope.ts';

/** A file's status changed (uploaded → processing → ready/rejected); goes to the uploader's devices. */
export const fileUpdatedEvent = eventSchema(
  'file.updated',
  z.object({ file: attachmentDto, uploaderId: id }),
);
