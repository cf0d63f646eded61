/**
 * The embedded database's backup, taken by the running server that holds it. Only the local
 * `weijian` command may ask (its token is readable only by whoever can read the data directory),
 * since the copy holds every password hash and patient identifier.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '@weijian/core';
import type { AppContext } from '../../context';
import { requireUser } from '../../http/auth';
import { actorOf } from '../audit';
import { LOCAL_CLI_USER } from '../auth';
import { logicalBackupStream, recordBackup } from './service';

export function backupRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/admin/backup',
    {
      schema: {
        tags: ['system'],
        summary: 'Database backup (local command only): the PGlite data directory, or a logical dump',
        querystring: z.object({ format: z.enum(['datadir', 'logical']).default('datadir') }),
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      if (user !== LOCAL_CLI_USER) {
        throw new AppError('FORBIDDEN', {
          zh: '备份只能由服务器本机的 weijian 命令发起',
          en: 'Only the weijian command on the server machine may take a backup',
        });
      }
      if (request.query.format === 'logical') {
        await recordBackup(ctx.db, actorOf(user, ctx.now()), 'logical');
        void reply.header('content-type', 'application/gzip');
        return reply.send(logicalBackupStream(ctx.db, ctx.now()));
      }
      if (!ctx.backup) {
        throw new AppError('NOT_FOUND', {
          zh: '此服务器使用 PostgreSQL，没有数据目录可备份；请直接运行 weijian backup（逻辑备份）',
          en: 'This server uses PostgreSQL and has no data directory; run weijian backup directly (a logical dump)',
        });
      }
      const tarball = await ctx.backup();
      await recordBackup(ctx.db, actorOf(user, ctx.now()), 'pglite', { bytes: tarball.length });
      void reply.header('content-type', 'application/gzip');
      return reply.send(tarball);
    }
  );
}
