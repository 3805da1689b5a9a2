import { router } from '../../init.ts';
import { auditLog } from './audit-log.ts';
import { createWebhook, deleteWebhook, listWebhooks } from './webhooks.ts';

export const adminRouter = router({ auditLog, createWebhook, listWebhooks, deleteWebhook });
