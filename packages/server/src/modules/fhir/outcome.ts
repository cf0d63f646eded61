/**
 * The facade's error handler: every error leaves as a FHIR OperationOutcome with the status of its
 * code — the same AppError the JSON API maps (`http/errors.ts` `toAppError`), written the FHIR way
 * (core `toOperationOutcome`: Chinese text with its English translation, each issue's element).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, fhir } from '@weijian/core';
import { RetryLaterError, toAppError } from '../../http/errors';

/** The content type of every answer of the facade. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Fastify error handler of the facade's routes. */
export function fhirErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  let appError = toAppError(err);
  if (!appError) {
    request.log.error({ err }, 'unhandled error');
    appError = new AppError('INTERNAL', { zh: '服务器内部错误', en: 'Internal server error' });
  }
  if (appError instanceof RetryLaterError) {
    void reply.header('retry-after', String(appError.retryAfterSeconds));
  }
  const root = request.method === 'POST' ? 'Bundle' : undefined;
  void reply.status(appError.status).type(FHIR_JSON).send(fhir.toOperationOutcome(appError, root));
}
