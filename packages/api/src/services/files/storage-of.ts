import type { StorageDriver } from '../../storage/storage-driver.ts';
import type { ServiceDeps } from '../deps.ts';
import { DomainError } from '../errors.ts';

export function storageOf(deps: ServiceDeps): StorageDriver {
  if (!deps.storage) throw new DomainError('INTERNAL', 'file storage is not configured');
  return deps.storage;
}
