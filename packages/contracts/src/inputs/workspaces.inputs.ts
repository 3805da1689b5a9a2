import { z } from 'zod';
import { displayName, email, id, password, role, workspaceSlug } from '../common.ts';

export const signUpInput = z.object({ email, password, displayName });
export type SignUpInput = z.input<typeof signUpInput>;

export const signInInput = z.object({ email, password: z.string().min(1).max(256) });
export type SignInInput = z.input<typeof signInInput>;

export const createWorkspaceInput = z.object({
  name: z.string().trim().min(1, 'workspace name is required').max(80),
  slug: workspaceSlug,
});
export type CreateWorkspaceInput = z.input<typeof createWorkspaceInput>;

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain like example.com');

export const updateWorkspaceSettingsInput = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  allowedEmailDomains: z.array(domain).max(50).optional(),
  retentionDays: z.number().int().min(1).max(36500).nullable().optional(),
  maxUploadBytes: z
    .number()
    .int()
    .min(1024)
    .max(5 * 1024 * 1024 * 1024)
    .optional(),
  allowedUploadTypes: z
    .array(z.string().regex(/^[\w.+-]+\/[\w.+*-]+$/, 'must be a MIME type'))
    .max(100)
    .optional(),
  allowPrivateWebhookTargets: z.boolean().optional(),
});
export type UpdateWorkspaceSettingsInput = z.infer<typeof updateWorkspaceSettingsInput>;

export const createInviteInput = z.object({
  role: role.exclude(['owner']).default('member'),
  email: email.optional(),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24 * 7),
  maxUses: z.number().int().min(1).max(1000).optional(),
});
export type CreateInviteInput = z.input<typeof createInviteInput>;

export const acceptInviteInput = z.object({ token: z.string().min(10).max(200) });
export type AcceptInviteInput = z.infer<typeof acceptInviteInput>;

export const revokeInviteInput = z.object({ inviteId: id });
export type RevokeInviteInput = z.infer<typeof revokeInviteInput>;

export const changeRoleInput = z.object({ userId: id, role });
export type ChangeRoleInput = z.infer<typeof changeRoleInput>;

export const memberIdInput = z.object({ userId: id });
export type MemberIdInput = z.infer<typeof memberIdInput>;

export const listMembersInput = z.object({
  query: z.string().max(80).optional(),
  includeDeactivated: z.boolean().default(false),
});
export type ListMembersInput = z.input<typeof listMembersInput>;

export const updateProfileInput = z.object({
  displayName: displayName.optional(),
  statusText: z.string().max(100).nullable().optional(),
  statusEmoji: z.string().max(64).nullable().optional(),
  avatarUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  timezone: z.string().max(64).nullable().optional(),
});
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;
