import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import type * as SchemaEngineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';
import { MigrationAdapterFactory } from './migration-adapter.ts';

const require = createRequire(import.meta.url);

// @types/node 20 does not declare the WebAssembly global; this is the part used here.
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(
    module: object,
    imports: Record<string, unknown>,
  ): Promise<{ exports: Record<string, unknown> }>;
};

type Glue = typeof SchemaEngineGlue;
let gluePromise: Promise<Glue> | undefined;

let lastPanic: string | undefined;
/**
 * The engine reports a Rust panic's message through PRISMA_WASM_PANIC_REGISTRY before it throws
 * `RuntimeError: unreachable`. After a panic the wasm instance is unusable, so the next engine is
 * started from a fresh instance.
 */
export function takeLastPanic(): string | undefined {
  const message = lastPanic;
  lastPanic = undefined;
  if (message) gluePromise = undefined;
  return message;
}

const debug = Boolean(process.env.PARLEY_MIGRATE_DEBUG);

/**
 * Loads the wasm schema engine. The package's own entry imports the .wasm as an ES module, which
 * Node 20 cannot do, so the module is instantiated here with the package's JS glue as its imports.
 */
function loadGlue(): Promise<Glue> {
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
    set_message: (message: string) => {
      lastPanic = message;
      if (debug) console.error(`[schema-engine panic] ${message}`);
    },
  };
  gluePromise ??= (async () => {
    const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = path.join(
      path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    const module = await WebAssembly.compile(await readFile(wasmPath));
    const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return glue;
  })();
  return gluePromise;
}

export interface EngineHandle {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/** Starts a schema engine bound to `databaseUrl`, with the datamodel (schema.prisma content) loaded. */
export async function openSchemaEngine(
  databaseUrl: string,
  schema: { path: string; content: string },
  verbose = debug,
): Promise<EngineHandle> {
  const glue = await loadGlue();
  const factory = new MigrationAdapterFactory(databaseUrl);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const log = (message: string) => {
    if (verbose) console.error(`[schema-engine] ${message}`);
  };
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    log,
    adapter,
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await factory.close();
    },
  };
}
