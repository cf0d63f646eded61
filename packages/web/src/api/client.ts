/**
 * Fetch wrapper for the API. Errors arrive in the server's one error shape and are thrown as
 * ApiError, which carries the bilingual message and the row/field issues for display.
 */
import type { Bilingual, ErrorIssue } from '@weijian/core';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: Bilingual,
    readonly issues: ErrorIssue[]
  ) {
    super(messages.en);
  }
}

/** Call the API; resolves with the JSON body or throws ApiError. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', ...init });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const e = (body ?? {}) as { code?: string; message?: Bilingual; issues?: ErrorIssue[] };
    throw new ApiError(
      res.status,
      e.code ?? 'INTERNAL',
      e.message ?? { zh: '请求失败', en: 'Request failed' },
      e.issues ?? []
    );
  }
  return body as T;
}

/** POST JSON. */
export function postJson<T>(path: string, data: unknown): Promise<T> {
  return api<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(data),
  });
}
