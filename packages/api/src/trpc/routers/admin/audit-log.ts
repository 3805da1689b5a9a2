import { listAuditLogInput } from '../../../services/audit/list-audit-log.ts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const auditLog = workspaceProcedure
  .input(listAuditLogInput)
  .query(({ ctx, input }) => ctx.services.audit.listAuditLog(ctx.actor, withoutWorkspace(input)));
