import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { redisEnvShape } from './redis-env.ts';

const parse = (env: Record<string, string>) => z.object(redisEnvShape).safeParse(env);

describe('redis environment', () => {
  it('defaults to the local Redis and the parley: prefix', () => {
    expect(parse({}).data).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'parley:',
    });
    expect(parse({ REDIS_KEY_PREFIX: 'acme-prod:' }).data?.REDIS_KEY_PREFIX).toBe('acme-prod:');
  });

  it('refuses a prefix that would match other keys in a pattern, naming the variable', () => {
    for (const bad of ['acme*', 'a b:', 'x?:', '']) {
      const result = parse({ REDIS_KEY_PREFIX: bad });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['REDIS_KEY_PREFIX']);
    }
  });
});
