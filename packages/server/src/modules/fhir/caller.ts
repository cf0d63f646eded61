/**
 * Who asks the FHIR facade, and from where: the signed-in user, the clock's reading, the base URL
 * the answer's references and code systems are written under, and why a person's record is read
 * (the purpose and, for a read outside the caller's reach, the break-the-glass reason — headers, as
 * the residents API takes them).
 */
import { AppError } from '@weijian/core';
import type { FastifyRequest } from 'fastify';
import type { SessionUser } from '../auth';
import { breakGlassReason } from '../residents';

export interface FhirCaller {
  user: SessionUser;
  now: Date;
  /** `http(s)://host/fhir/R4`. */
  base: string;
  purpose: string;
  breakGlass: string | null;
}

/** The base URL of the facade as the client addressed it. */
export function baseOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/fhir/R4`;
}

/**
 * The purpose of use (`X-Purpose-Of-Use`, percent-encoded, at most 100 characters; default `care`).
 * @throws AppError VALIDATION_FAILED for a badly encoded or over-long purpose
 */
export function purposeOf(request: FastifyRequest): string {
  const raw = request.headers['x-purpose-of-use'];
  const text = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  if (text === '') return 'care';
  let purpose = '';
  try {
    purpose = decodeURIComponent(text).trim();
  } catch {
    purpose = '';
  }
  // eslint-disable-next-line no-control-regex
  if (purpose === '' || purpose.length > 100 || /[\u0000-\u001f]/.test(purpose)) {
    throw new AppError('VALIDATION_FAILED', { zh: '查阅目的无效', en: 'Invalid purpose of use' }, [
      {
        field: 'X-Purpose-Of-Use',
        message: {
          zh: '用 encodeURIComponent 编码，最多 100 字，不含控制字符',
          en: 'Percent-encoded, at most 100 characters, no control characters',
        },
      },
    ]);
  }
  return purpose;
}

/** The caller of a request (the user must already be checked for the route's permission). */
export function callerOf(request: FastifyRequest, user: SessionUser, now: Date): FhirCaller {
  return {
    user,
    now,
    base: baseOf(request),
    purpose: purposeOf(request),
    breakGlass: breakGlassReason(request),
  };
}
