'use client';

import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@parley/contracts';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useTRPCClient } from '@/trpc/client';

export type RealtimeStatus = 'connecting' | 'connected' | 'offline' | 'unavailable';
export type ParleyClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One realtime connection per open workspace. The handshake ticket is fetched fresh for every
 * (re)connect. `onConnect` runs after each (re)connection, so the caller can `sync` what it missed.
 */
export function useRealtime(
  workspaceId: string,
  url: string | null,
  bind: (socket: ParleyClientSocket) => void,
  onConnect: (socket: ParleyClientSocket, reconnected: boolean) => void,
) {
  const client = useTRPCClient();
  const [status, setStatus] = useState<RealtimeStatus>(url ? 'connecting' : 'unavailable');
  const socketRef = useRef<ParleyClientSocket | null>(null);
  const latest = useRef({ bind, onConnect });
  latest.current = { bind, onConnect };

  useEffect(() => {
    if (!url) return;
    let connectedBefore = false;
    const socket: ParleyClientSocket = io(url, {
      transports: ['websocket'],
      auth: (cb) => {
        client.realtime.ticket
          .mutate({ workspaceId })
          .then(({ ticket }) => cb({ ticket, deviceId: deviceId() }))
          .catch(() => cb({}));
      },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    socketRef.current = socket;
    latest.current.bind(socket);
    socket.on('connect', () => {
      setStatus('connected');
      latest.current.onConnect(socket, connectedBefore);
      connectedBefore = true;
    });
    socket.on('disconnect', () => setStatus('offline'));
    socket.on('connect_error', () => setStatus('offline'));
    socket.on('server:reconnect', () => {
      // The node is going away: reconnect (the load balancer picks a live node).
      socket.disconnect().connect();
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [client, url, workspaceId]);

  return { status, socketRef };
}

function deviceId(): string {
  try {
    const existing = sessionStorage.getItem('parley:device');
    if (existing) return existing;
    const id = crypto.randomUUID();
    sessionStorage.setItem('parley:device', id);
    return id;
  } catch {
    return 'browser';
  }
}

/** Emits a command and resolves with the data of its ack, or rejects with the ack's error message. */
export function request<T>(
  socket: ParleyClientSocket,
  event: keyof ClientToServerEvents,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    (
      socket.timeout(timeoutMs).emit as (
        e: string,
        p: unknown,
        cb: (err: Error | null, ack: Ack<T>) => void,
      ) => void
    )(event, payload, (err, ack) => {
      if (err) return reject(new Error('The server did not answer in time.'));
      if ('ok' in ack && ack.ok) return resolve(ack.data);
      reject(
        Object.assign(new Error('error' in ack ? ack.error.message : 'Request failed'), {
          code: 'error' in ack ? ack.error.code : 'INTERNAL',
        }),
      );
    });
  });
}
