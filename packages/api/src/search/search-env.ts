import { z } from 'zod';
import type { SearchConfig } from './create-search-engine.ts';

/** The search variables every app that searches or indexes validates (a fragment for each env.ts). */
export const searchEnvShape = {
  SEARCH_ENGINE: z.enum(['postgres', 'meilisearch']).default('postgres'),
  MEILI_URL: z.url().optional(),
  MEILI_API_KEY: z.string().optional(),
  MEILI_INDEX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'MEILI_INDEX may hold only letters, digits, - and _')
    .default('parley_messages'),
};

interface SearchEnv {
  SEARCH_ENGINE: 'postgres' | 'meilisearch';
  MEILI_URL?: string;
  MEILI_API_KEY?: string;
  MEILI_INDEX: string;
}

export function searchConfigFromEnv(env: SearchEnv): SearchConfig {
  if (env.SEARCH_ENGINE === 'postgres') return { engine: 'postgres' };
  if (!env.MEILI_URL) throw new Error('SEARCH_ENGINE=meilisearch needs MEILI_URL');
  return {
    engine: 'meilisearch',
    url: env.MEILI_URL,
    apiKey: env.MEILI_API_KEY,
    index: env.MEILI_INDEX,
  };
}
