/**
 * V8 flags the realtime node runs with (scripts/start.ts and the benchmark pass them; the compose
 * file and the package's start script spell them out in NODE_OPTIONS).
 *
 * A 64 MiB young-generation semi-space (V8's default is 16): a node's garbage is nearly all
 * short-lived (socket frames, events, query rows), and a larger nursery scavenges a quarter as
 * often. The chat benchmark's node: 4.20 – 4.89 CPU-s over eight runs against 4.43 – 5.29 over eight
 * with the default (means 4.53 and 4.82); 32 MiB measured no change, 128 no better than 64. RSS
 * with 10,000 idle sockets: 620 – 677 MiB (630 without).
 */
export const REALTIME_NODE_FLAGS = ['--max-semi-space-size=64'];
