/** Evaluation reports as Word, Excel or HTML. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { attachment } from '../../http/content-disposition';
import { buildReport } from './content';
import { renderDocx, renderHtml, renderXlsx } from './render';

export const REPORT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
} as const;

export function reportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/plans/:id/report',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Mid-term / final evaluation report (docx, xlsx or html; zh or en)',
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({
          year: z.coerce.number().int().min(1990).max(2100),
          format: z.enum(['docx', 'xlsx', 'html']).default('docx'),
          lang: z.enum(['zh', 'en']).default('zh'),
        }),
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'plan:read');
      const { year, format, lang } = request.query;
      const model = await buildReport(ctx.db, ctx.catalogue, user.orgUnitCode, request.params.id, year, lang);
      const body =
        format === 'html'
          ? renderHtml(model)
          : format === 'xlsx'
            ? await renderXlsx(model)
            : await renderDocx(model);
      void reply.header('content-type', REPORT_TYPES[format]);
      if (format !== 'html') {
        void reply.header(
          'content-disposition',
          attachment(`${request.params.id}-${year}-${lang}.${format}`)
        );
      }
      return reply.send(body);
    }
  );
}
