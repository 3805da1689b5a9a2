'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { messageOf } from '@/lib/error-message';
import { useTRPC } from '@/trpc/client';

/** The VAPID key as the Push API wants it (bytes, from base64url). */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

const pushSupported = () =>
  typeof window !== 'undefined' &&
  'serviceWorker' in navigator &&
  'PushManager' in window &&
  typeof Notification !== 'undefined';

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Email digest on/off, and Web Push for this browser (service worker /sw.js). */
export function NotificationSettings({ open }: { open: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const prefs = useQuery(trpc.notifications.prefs.queryOptions(undefined, { enabled: open }));
  const vapid = useQuery(trpc.push.vapidPublicKey.queryOptions(undefined, { enabled: open }));
  const setPrefs = useMutation(trpc.notifications.setPrefs.mutationOptions());
  const subscribe = useMutation(trpc.push.subscribe.mutationOptions());
  const unsubscribe = useMutation(trpc.push.unsubscribe.mutationOptions());
  const [pushOn, setPushOn] = useState<boolean | null>(null);
  const [emailOn, setEmailOn] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open || !pushSupported()) return;
    currentSubscription()
      .then((s) => setPushOn(s !== null))
      .catch(() => setPushOn(false));
  }, [open]);

  const refresh = () => qc.invalidateQueries(trpc.notifications.prefs.queryFilter());

  async function enablePush(publicKey: string) {
    if ((await Notification.requestPermission()) !== 'granted')
      throw new Error('Notifications are blocked for this site in your browser settings.');
    const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    const existing = await registration.pushManager.getSubscription();
    const subscription =
      existing ??
      (await registration.pushManager
        .subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) })
        .catch((err: unknown) => {
          throw new Error(
            `This browser could not subscribe to desktop push (${err instanceof Error ? err.message : String(err)}).`,
          );
        }));
    const json = subscription.toJSON();
    if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth)
      throw new Error('This browser returned an incomplete push subscription.');
    await subscribe.mutateAsync({
      endpoint: json.endpoint,
      keys: { p256dh: json.keys.p256dh, auth: json.keys.auth },
    });
  }

  async function disablePush() {
    const subscription = await currentSubscription();
    if (!subscription) return;
    await unsubscribe.mutateAsync({ endpoint: subscription.endpoint });
    await subscription.unsubscribe();
  }

  const run = (fn: () => Promise<void>, next: boolean) => {
    setBusy(true);
    setError(null);
    fn()
      .then(async () => {
        setPushOn(next);
        await refresh();
      })
      .catch((err: unknown) => setError(messageOf(err)))
      .finally(() => setBusy(false));
  };

  const publicKey = vapid.data?.publicKey ?? null;
  return (
    <section aria-label="Notification delivery" className="space-y-2 text-sm">
      {error ? (
        <p role="alert" className="text-red-600">
          {error}
        </p>
      ) : null}
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          data-testid="email-notifications-toggle"
          checked={emailOn ?? prefs.data?.emailNotifications ?? true}
          disabled={!prefs.data}
          onChange={(e) => {
            const next = e.target.checked;
            setEmailOn(next); // shown at once; put back if the server refuses
            setError(null);
            setPrefs
              .mutateAsync({ emailNotifications: next })
              .then(refresh)
              .catch((err: unknown) => {
                setEmailOn(!next);
                setError(messageOf(err));
              });
          }}
        />
        Email me a digest of unread notifications while I’m away
      </label>
      {!pushSupported() ? (
        <p className="text-zinc-500">This browser does not support desktop push.</p>
      ) : publicKey === null ? (
        vapid.isSuccess ? (
          <p className="text-zinc-500">Desktop push is not set up on this server.</p>
        ) : null
      ) : pushOn ? (
        <button
          className="block underline disabled:opacity-50"
          disabled={busy}
          onClick={() => run(disablePush, false)}
        >
          Disable desktop push in this browser
        </button>
      ) : (
        <button
          className="block underline disabled:opacity-50"
          disabled={busy || pushOn === null}
          onClick={() => run(() => enablePush(publicKey), true)}
        >
          Enable desktop push
        </button>
      )}
    </section>
  );
}
