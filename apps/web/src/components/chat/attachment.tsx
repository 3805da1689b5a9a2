'use client';

import type { MessageDto } from '@parley/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';

type AttachmentDto = MessageDto['attachments'][number];

const sizeLabel = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1_048_576
      ? `${(n / 1024).toFixed(0)} KB`
      : `${(n / 1_048_576).toFixed(1)} MB`;

/** A file shared in a message: images as thumbnails, anything else as a download card. Links are short-lived and signed. */
export function Attachment({ workspaceId, file }: { workspaceId: string; file: AttachmentDto }) {
  const trpc = useTRPC();
  const isImage = file.contentType.startsWith('image/') && file.status === 'ready';
  const thumb = useQuery(
    trpc.files.downloadUrl.queryOptions(
      { workspaceId, fileId: file.id, thumbnail: true },
      { enabled: isImage, staleTime: 4 * 60_000 },
    ),
  );
  const download = useQuery(
    trpc.files.downloadUrl.queryOptions(
      { workspaceId, fileId: file.id },
      { enabled: file.status === 'ready', staleTime: 4 * 60_000 },
    ),
  );
  if (file.status === 'rejected')
    return <p className="text-xs text-red-600">{file.name} could not be processed.</p>;
  return (
    <div
      className="mt-1 inline-flex max-w-sm flex-col gap-1 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-700"
      data-testid="attachment"
    >
      {isImage && thumb.data ? (
        <img
          src={thumb.data.url}
          alt={file.name}
          width={file.width ?? undefined}
          height={file.height ?? undefined}
          className="h-auto max-h-60 w-auto rounded"
        />
      ) : null}
      <div className="flex items-center gap-2">
        <span aria-hidden>📎</span>
        {download.data ? (
          <a
            href={download.data.url}
            className="font-medium text-accent underline"
            rel="noopener noreferrer nofollow"
          >
            {file.name}
          </a>
        ) : (
          <span className="font-medium">{file.name}</span>
        )}
        <span className="text-xs text-zinc-500">
          {file.status === 'ready' ? sizeLabel(file.size) : 'processing…'}
        </span>
      </div>
    </div>
  );
}
