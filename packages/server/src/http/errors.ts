/**
 * The one place where errors become HTTP responses. AppError carries its own status; request
 * validation failures and Fastify's own errors are turned into the same JSON shape:
 * { code, message: { zh, en }, issues: [{ row?, field?, value?, message: { zh, en } }] }.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, isAppError, type Bilingual } from '@weijian/core';

/** A refusal that says when to try again (429 with Retry-After). */
export class RetryLaterError extends AppError {
  constructor(
    messages: Bilingual,
    readonly retryAfterSeconds: number,
    field?: string
  ) {
    super('TOO_MANY_REQUESTS', messages, [
      {
        ...(field ? { field } : {}),
        value: retryAfterSeconds,
        message: { zh: `请在 ${retryAfterSeconds} 秒后重试`, en: `Retry in ${retryAfterSeconds} s` },
      },
    ]);
  }
}

function fromFastify(err: FastifyError): AppError | null {
  if (hasZodFastifySchemaValidationErrors(err)) {
    return new AppError(
      'VALIDATION_FAILED',
      { zh: '请求参数有误', en: 'Invalid request' },
      err.validation.map((v) => ({
        field: `${err.validationContext ?? 'request'}${v.instancePath.replace(/\//g, '.')}`,
        message: { zh: `参数无效：${v.message ?? ''}`, en: v.message ?? 'invalid' },
      }))
    );
  }
  const status = err.statusCode ?? 500;
  if (status === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError('PAYLOAD_TOO_LARGE', { zh: '上传内容过大', en: 'Upload too large' });
  }
  if (status === 415 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', { zh: '不支持的内容类型', en: 'Unsupported content type' });
  }
  if (status >= 400 && status < 500) {
    return new AppError('BAD_REQUEST', { zh: `请求有误：${err.message}`, en: `Bad request: ${err.message}` });
  }
  return null;
}

/**
 * The AppError an error stands for: itself, or Fastify's validation and client errors translated;
 * null for an unexpected error (a 500). Shared by the JSON API's handler and the FHIR facade's.
 */
export function toAppError(err: FastifyError): AppError | null {
  return isAppError(err) ? err : fromFastify(err);
}

/** Fastify error handler. */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const appError = toAppError(err);
  if (appError) {
    if (appError instanceof RetryLaterError) {
      void reply.header('retry-after', String(appError.retryAfterSeconds));
    }
    void reply.status(appError.status).send(appError.toJSON());
    return;
  }
  request.log.error({ err }, 'unhandled error');
  const internal = new AppError('INTERNAL', { zh: '服务器内部错误', en: 'Internal server error' });
  void reply.status(500).send(internal.toJSON());
}
