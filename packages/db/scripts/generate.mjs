// Runs `prisma generate` without the native schema engine, which cannot be downloaded here.
// Prisma only checks that PRISMA_SCHEMA_ENGINE_BINARY points at an existing file; generation itself
// does not use it (the client is TypeScript with no query engine binary).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, '..');
const result = spawnSync('npx', ['prisma', 'generate'], {
  cwd: pkgDir,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY:
      process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
