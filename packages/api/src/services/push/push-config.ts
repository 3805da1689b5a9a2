import {
  assertLiteralAddressAllowed,
  UnsafeDestinationError,
} from '../../webhooks/safe-destination.ts';
import { badRequest } from '../errors.ts';

/** Web Push settings a composition root passes in `deps.config.push`. */
export interface PushConfig {
  /** The VAPID public key browsers subscribe with (base64url); push is off without it. */
  vapidPublicKey?: string;
  /**
   * Tests only: accept http:// endpoints and loopback/private addresses. Push endpoints are URLs
   * the user supplies, so production accepts https to public addresses only (the webhooks' SSRF
   * guard, also applied again at connect time when sending).
   */
  allowPrivateEndpoints?: boolean;
}

/** Checks a user-supplied push endpoint: https (http only when allowed), no credentials, no private IP literal. */
export function assertPushEndpoint(endpoint: string, config: PushConfig | undefined): URL {
  const allowPrivate = config?.allowPrivateEndpoints === true;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw badRequest('the push endpoint is not a valid URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:'))
    throw badRequest('push endpoints must use https');
  if (url.username || url.password) throw badRequest('push endpoints must not contain credentials');
  try {
    assertLiteralAddressAllowed(url, allowPrivate);
  } catch (error) {
    if (error instanceof UnsafeDestinationError) throw badRequest(error.message);
    throw error;
  }
  return url;
}
