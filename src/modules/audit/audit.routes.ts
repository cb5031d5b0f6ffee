import type { AppDeps } from '../../deps.js';
import { decodeKeyset, encodeKeyset } from '../../http/cursor.js';
import { ADMINS } from '../../http/principal.js';
import { problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { toCsvText } from '../../shared/csv.js';
import { AUDIT_ACTIONS, AUDIT_CSV_COLUMNS, toCsvRow, toPublicAuditEntry } from './audit.models.js';
import { listAudit, type AuditFilter } from './audit.repository.js';
import { auditCsvResponse, auditExportQuery, auditListResponse, auditQuery } from './audit.schemas.js';

const tags = ['audit'];
const EXPORT_PAGE = 1000;

function toFilter(query: { actorId?: string; action?: string; from?: string; to?: string }): AuditFilter {
  return {
    actorId: query.actorId,
    action: query.action,
    from: query.from === undefined ? undefined : Date.parse(query.from),
    to: query.to === undefined ? undefined : Date.parse(query.to),
  };
}

/** The audit log: read-only for admins. No route edits or deletes an entry. */
export function registerAuditRoutes(app: AppInstance, { db, dialect }: AppDeps): void {
  app.get('/api/v1/audit', {
    config: { access: { roles: ADMINS } },
    schema: { tags, summary: 'Audit entries, newest first (admins)', querystring: auditQuery, response: { 200: auditListResponse, ...problemResponses } },
    handler: async (request) => {
      const { limit, cursor, ...rest } = request.query;
      const after = cursor ? decodeKeyset(cursor, { dialect }) : undefined;
      const rows = await listAudit({ db, filter: toFilter(rest), limit: limit + 1, after: after && { at: after.value, id: after.id } });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toPublicAuditEntry),
        nextCursor: rows.length > limit && last ? encodeKeyset({ value: last.at, id: last.id }) : null,
        actions: [...AUDIT_ACTIONS],
      };
    },
  });

  app.get('/api/v1/audit/export', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'The filtered audit entries as CSV (admins)',
      querystring: auditExportQuery,
      response: { 200: auditCsvResponse, ...problemResponses },
    },
    handler: async (request, reply) => {
      const filter = toFilter(request.query);
      const lines: (readonly (string | null)[])[] = [AUDIT_CSV_COLUMNS];
      let after: { at: number; id: string } | undefined;
      // Paged by keyset so a long log never sits in one query's result at once.
      for (;;) {
        const rows = await listAudit({ db, filter, limit: EXPORT_PAGE, after });
        for (const row of rows) lines.push(toCsvRow(row));
        const last = rows.at(-1);
        if (rows.length < EXPORT_PAGE || !last) break;
        after = { at: last.at, id: last.id };
      }
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit.csv"').send(toCsvText(lines));
    },
  });
}
