import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import {
  assertLiteralAddressAllowed,
  assertWebhookUrl,
  safeLookup,
  UnsafeDestinationError,
} from './safe-destination.ts';

export interface DeliveryResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** `X-Parley-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`, as receivers verify it. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs one signed event. Redirects are not followed (a 3xx is a failure), responses are not
 * read past a small limit, and the connection may only reach public addresses unless allowed.
 */
export function deliverWebhook(options: {
  url: string;
  secret: string;
  body: string;
  allowPrivate: boolean;
  timeoutMs?: number;
  now?: () => number;
}): Promise<DeliveryResult> {
  let url: URL;
  try {
    url = assertWebhookUrl(options.url);
    assertLiteralAddressAllowed(url, options.allowPrivate);
  } catch (error) {
    if (error instanceof UnsafeDestinationError)
      return Promise.resolve({ ok: false, status: null, error: error.message });
    throw error;
  }
  const timestamp = Math.floor((options.now?.() ?? Date.now()) / 1000);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: safeLookup(options.allowPrivate),
        timeout: options.timeoutMs ?? 10_000,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Parley-Webhooks/1',
          'x-parley-timestamp': String(timestamp),
          'x-parley-signature': signWebhook(options.secret, timestamp, options.body),
        },
      },
      (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > 64 * 1024) res.destroy();
        });
        res.on('close', () => {
          const status = res.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            status,
            error: status >= 200 && status < 300 ? null : `receiver answered ${status}`,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('the receiver did not answer in time')));
    req.on('error', (error) => resolve({ ok: false, status: null, error: error.message }));
    req.end(options.body);
  });
}
