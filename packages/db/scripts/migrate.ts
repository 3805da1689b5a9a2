/**
 * Prisma migrations without the native schema engine:
 *   tsx scripts/migrate.ts create <name>   write prisma/migrations/<timestamp>_<name>/migration.sql
 *   tsx scripts/migrate.ts deploy          apply pending migrations
 *   tsx scripts/migrate.ts status          compare prisma/migrations with the database
 * DATABASE_URL defaults to postgresql://postgres@127.0.0.1:5432/parley (created when missing).
 * PARLEY_MIGRATE_DEBUG=1 prints the schema engine's log and, on failure, its trace.
 */
import { createMigration, deployMigrations, migrationStatus } from '../src/migrate/index.ts';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/parley';
const [command, name] = process.argv.slice(2);
const safeUrl = url.replace(/\/\/[^@/]*@/, '//***@');

async function main(): Promise<number> {
  switch (command) {
    case 'create': {
      if (!name || !/^[a-z0-9_]+$/i.test(name)) {
        console.error('usage: migrate create <name>   (letters, digits and underscores)');
        return 2;
      }
      const result = await createMigration(url, name);
      if (result.appliedFirst.length > 0)
        console.log(
          `Applied pending migration(s) to ${safeUrl} first:\n  ${result.appliedFirst.join('\n  ')}\n`,
        );
      if (!result.created) {
        console.log('Already in sync: schema.prisma matches the migrations; nothing written.');
        return 0;
      }
      console.log(`Created ${result.path}/migration.sql\n\n${result.script}`);
      return 0;
    }
    case 'deploy': {
      const applied = await deployMigrations(url);
      console.log(
        applied.length === 0
          ? `No pending migrations on ${safeUrl}.`
          : `Applied ${applied.length} migration(s) to ${safeUrl}:\n  ${applied.join('\n  ')}`,
      );
      return 0;
    }
    case 'status': {
      const status = await migrationStatus(url);
      if (status.upToDate) console.log(`Database schema is up to date (${safeUrl}).`);
      else {
        console.log(`Database ${safeUrl} is not up to date (${status.diagnostic ?? 'see below'}).`);
        if (status.unapplied.length) console.log(`Pending:\n  ${status.unapplied.join('\n  ')}`);
        if (status.missingLocally.length)
          console.log(
            `Applied to the database but missing from prisma/migrations:\n  ${status.missingLocally.join('\n  ')}`,
          );
        if (status.failed.length) console.log(`Failed:\n  ${status.failed.join('\n  ')}`);
        if (status.edited.length)
          console.log(`Edited after being applied:\n  ${status.edited.join('\n  ')}`);
      }
      return status.upToDate ? 0 : 1;
    }
    default:
      console.error('usage: migrate create <name> | deploy | status');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`migrate ${command ?? ''} failed on ${safeUrl}:\n${message}`);
    if (process.env.PARLEY_MIGRATE_DEBUG && error instanceof Error && error.cause)
      console.error(error.cause);
    else if (error instanceof Error && error.cause)
      console.error('(set PARLEY_MIGRATE_DEBUG=1 for the schema engine trace)');
    process.exit(1);
  },
);
