import http from 'node:http';
import https from 'node:https';
import {
  assertLiteralAddressAllowed,
  safeLookup,
  UnsafeDestinationError,
} from '@parley/api/webhooks/safe-destination';
import webpush from 'web-push';

export interface VapidDetails {
  subject: string;
  publicKey: string;
  privateKey: string;
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushResult {
  status: number | null;
  /** The push service says the subscription no longer exists (404/410): delete it. */
  gone: boolean;
  ok: boolean;
  error: string | null;
}

/**
 * Sends one Web Push message: web-push builds the request (aes128gcm-encrypted payload, VAPID JWT
 * in `Authorization: vapid t=…, k=…`), and it is sent here through the webhooks' SSRF guard —
 * endpoints are user-supplied URLs, so only https to public addresses (checked at connect time)
 * unless `allowPrivate` (tests). Redirects are not followed.
 */
export function sendWebPush(options: {
  target: PushTarget;
  payload: string;
  vapid: VapidDetails;
  allowPrivate: boolean;
  ttlSeconds?: number;
  timeoutMs?: number;
}): Promise<PushResult> {
  let url: URL;
  let details: ReturnType<typeof webpush.generateRequestDetails>;
  try {
    url = new URL(options.target.endpoint);
    if (url.protocol !== 'https:' && !(options.allowPrivate && url.protocol === 'http:'))
      throw new UnsafeDestinationError('push endpoints must use https');
    assertLiteralAddressAllowed(url, options.allowPrivate);
    details = webpush.generateRequestDetails(
      {
        endpoint: options.target.endpoint,
        keys: { p256dh: options.target.p256dh, auth: options.target.auth },
      },
      options.payload,
      {
        vapidDetails: options.vapid,
        TTL: options.ttlSeconds ?? 3600,
        contentEncoding: 'aes128gcm',
        urgency: 'high',
      },
    );
  } catch (error) {
    return Promise.resolve({
      status: null,
      gone: false,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      url,
      {
        method: details.method,
        headers: details.headers,
        lookup: safeLookup(options.allowPrivate),
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve({
            status,
            gone: status === 404 || status === 410,
            ok: status >= 200 && status < 300,
            error: status >= 200 && status < 300 ? null : `push service answered ${status}`,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('the push service did not answer in time')));
    req.on('error', (error) =>
      resolve({ status: null, gone: false, ok: false, error: error.message }),
    );
    req.end(details.body ?? undefined);
  });
}
