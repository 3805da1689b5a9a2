import { describe, expect, it } from 'vitest';
import {
  assertLiteralAddressAllowed,
  assertWebhookUrl,
  isPublicAddress,
} from './safe-destination.ts';
import { signWebhook } from './deliver-webhook.ts';
import { createHmac } from 'node:crypto';

describe('webhook destinations', () => {
  it('refuses loopback, private, link-local, multicast and mapped addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      'fe80::1',
      'fc00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of [
      '93.184.216.34',
      '2606:2800:220:1:248:1893:25c8:1946',
      '::ffff:93.184.216.34',
    ]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it('refuses IP-literal URLs in private ranges (Node skips DNS lookup for them)', () => {
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://[::1]/x',
      'http://169.254.169.254/latest',
      'http://[::ffff:7f00:1]/x',
    ]) {
      expect(() => assertLiteralAddressAllowed(new URL(url), false), url).toThrow(
        /private or reserved/,
      );
      expect(() => assertLiteralAddressAllowed(new URL(url), true)).not.toThrow();
    }
    expect(() =>
      assertLiteralAddressAllowed(new URL('http://93.184.216.34/x'), false),
    ).not.toThrow();
  });

  it('accepts only http(s) URLs without credentials', () => {
    expect(() => assertWebhookUrl('ftp://example.com/x')).toThrow(/http or https/);
    expect(() => assertWebhookUrl('https://user:pw@example.com/x')).toThrow(/credentials/);
    expect(() => assertWebhookUrl('not a url')).toThrow(/valid URL/);
    expect(assertWebhookUrl('https://example.com/hook').hostname).toBe('example.com');
  });

  it('signs timestamp.body with HMAC-SHA256', () => {
    const expected = createHmac('sha256', 'secret').update('1700000000.{"a":1}').digest('hex');
    expect(signWebhook('secret', 1_700_000_000, '{"a":1}')).toBe(`v1=${expected}`);
  });
});
