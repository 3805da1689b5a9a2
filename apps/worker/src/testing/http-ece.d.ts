declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';

  /** Decrypts an RFC 8188 (aes128gcm) body; for Web Push, `privateKey` is the receiver's ECDH key. */
  export function decrypt(
    buffer: Buffer,
    params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string | Buffer },
  ): Buffer;
}
