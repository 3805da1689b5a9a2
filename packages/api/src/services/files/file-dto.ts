import type { File } from '@parley/db';

export function toFileDto(f: File) {
  return {
    id: f.id,
    name: f.name,
    contentType: f.contentType,
    size: f.size,
    status: f.status,
    width: f.width,
    height: f.height,
    error: f.error,
  };
}
