/**
 * The embedded database's backup, taken by the running server that holds it. Only the local
 * `weijian` command may ask (its token is readable only by whoever can read the data directory),
 * since the copy holds every password hash and patient identifier.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '@weijian/core';
import type { AppContext } from '../../context';
import { requireUser } from '../../http/auth';
import { writeAudit } from '../audit/repository';
import { actorOf, LOCAL_CLI_USER } from '../auth/service';

export function backupRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/admin/backup',
    { schema: { tags: ['system'], summary: 'Embedded database backup (local command only)' } },
    async (request, reply) => {
      const user = requireUser(request);
      if (user !== LOCAL_CLI_USER) {
        throw new AppError('FORBIDDEN', {
          zh: '备份只能由服务器本机的 weijian 命令发起',
          en: 'Only the weijian command on the server machine may take a backup',
        });
      }
      if (!ctx.backup) {
        throw new AppError('NOT_FOUND', {
          zh: '此服务器使用 PostgreSQL；请直接运行 weijian backup',
          en: 'This server uses PostgreSQL; run weijian backup directly',
        });
      }
      const tarball = await ctx.backup();
      await writeAudit(ctx.db, actorOf(user), { action: 'backup', entity: 'database', entityId: 'pglite', details: { bytes: tarball.length } });
      void reply.header('content-type', 'application/gzip');
      return reply.send(tarball);
    }
  );
}
