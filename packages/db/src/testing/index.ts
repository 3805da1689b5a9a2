export {
  createTestDatabase,
  ensureTemplateDatabase,
  testServerUrl,
  type TestDatabase,
} from './fresh-database.ts';
export {
  addMember,
  createChannel,
  createMember,
  createUser,
  createWorkspace,
} from './factories.ts';
