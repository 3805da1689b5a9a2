import type { Role, WorkspaceDto } from '@parley/contracts';
import type { Workspace } from '@parley/db';

export function toWorkspaceDto(w: Workspace, role: Role): WorkspaceDto {
  return {
    id: w.id,
    slug: w.slug,
    name: w.name,
    role,
    allowedEmailDomains: w.allowedEmailDomains,
    retentionDays: w.retentionDays,
    maxUploadBytes: w.maxUploadBytes,
    allowedUploadTypes: w.allowedUploadTypes,
    allowPrivateWebhookTargets: w.allowPrivateWebhookTargets,
  };
}
