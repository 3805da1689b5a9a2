import { router } from '../../init.ts';
import { auditLog } from './audit-log.ts';

export const adminRouter = router({ auditLog });
