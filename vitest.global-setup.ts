import { ensureTemplateDatabase } from './packages/db/src/testing/fresh-database.ts';

/** Builds the migrated template database once, before any test file clones it. */
export default async function setup(): Promise<void> {
  await ensureTemplateDatabase();
}
