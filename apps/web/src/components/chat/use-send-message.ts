'use client';

import type { MessageDto } from '@parley/contracts';
import { useCallback, type MutableRefObject } from 'react';
import { messageOf } from '@/lib/error-message';
import type { DisplayMessage } from '@/lib/group-messages';
import type { MessageAction } from '@/lib/message-store';
import { request, type ParleyClientSocket } from '@/lib/use-realtime';
import { useTRPCClient } from '@/trpc/client';

const SEND_RETRIES = 3;

/**
 * Sending from the composer: an optimistic message keyed by clientMsgId, sent over the socket when
 * live (ack after commit) or over HTTP otherwise, retried automatically with the same clientMsgId,
 * then marked failed for a manual retry. `attach` uploads a file and posts it.
 */
export function useSendMessage({
  workspaceId,
  channelId,
  meId,
  names,
  socketRef,
  dispatch,
  onSent,
  onError,
}: {
  workspaceId: string;
  channelId: string;
  meId: string;
  names: Record<string, string>;
  socketRef: MutableRefObject<ParleyClientSocket | null>;
  dispatch: (channelId: string, action: MessageAction) => void;
  /** After a send committed (the socket that sent it gets no message:created of its own). */
  onSent: () => void;
  onError: (message: string) => void;
}) {
  const client = useTRPCClient();
  const me = { id: meId };
  const send = useCallback(
    (
      targetChannel: string,
      body: string,
      threadRoot: string | null,
      clientMsgId = crypto.randomUUID(),
    ) => {
      const optimistic: DisplayMessage = {
        id: `pending:${clientMsgId}`,
        workspaceId,
        channelId: targetChannel,
        seq: Number.MAX_SAFE_INTEGER,
        author: { kind: 'user', id: me.id, displayName: names[me.id] ?? 'You', avatarUrl: null },
        body,
        clientMsgId,
        threadRootId: threadRoot,
        replyCount: 0,
        lastReplyAt: null,
        editedAt: null,
        deletedAt: null,
        createdAt: new Date().toISOString(),
        reactions: [],
        attachments: [],
        pinned: false,
        pending: 'sending',
      };
      dispatch(targetChannel, { type: 'send', pending: optimistic });
      const input = {
        channelId: targetChannel,
        body,
        clientMsgId,
        ...(threadRoot ? { threadRootId: threadRoot } : {}),
      };
      const attempt = async (n: number): Promise<void> => {
        try {
          const socket = socketRef.current;
          const message = socket?.connected
            ? await request<MessageDto>(socket, 'message:send', input)
            : await client.messages.send.mutate({ workspaceId, ...input });
          dispatch(targetChannel, { type: 'sent', clientMsgId, message });
          onSent();
        } catch (err) {
          const code =
            (err as { code?: string; data?: { code?: string } }).code ??
            (err as { data?: { code?: string } }).data?.code;
          const retryable =
            !code ||
            ['INTERNAL', 'INTERNAL_SERVER_ERROR', 'RATE_LIMITED', 'TOO_MANY_REQUESTS'].includes(
              code,
            );
          if (retryable && n < SEND_RETRIES) {
            await new Promise((r) => setTimeout(r, 500 * 2 ** n));
            return attempt(n + 1);
          }
          dispatch(targetChannel, { type: 'failed', clientMsgId });
          onError(messageOf(err));
        }
      };
      void attempt(0);
    },
    [client, workspaceId, me.id, names, socketRef],
  );

  const attach = useCallback(
    async (file: File) => {
      try {
        const { file: stored, upload } = await client.files.requestUpload.mutate({
          workspaceId,
          name: file.name,
          contentType: file.type || 'application/octet-stream',
          size: file.size,
        });
        const res = await fetch(upload.url, {
          method: upload.method,
          headers: upload.headers,
          body: file,
        });
        if (!res.ok) throw new Error('The upload did not go through. Please try again.');
        await client.files.complete.mutate({ workspaceId, fileId: stored.id });
        const message = await client.messages.send.mutate({
          workspaceId,
          channelId,
          body: `📎 ${file.name}`,
          fileIds: [stored.id],
          clientMsgId: crypto.randomUUID(),
        });
        dispatch(channelId, { type: 'upsert', message });
      } catch (err) {
        onError(messageOf(err));
      }
    },
    [client, workspaceId, channelId], // dispatch is stable
  );

  return { send, attach };
}
