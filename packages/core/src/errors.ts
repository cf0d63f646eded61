/**
 * The one error currency of Weijian. Services throw `AppError`; the HTTP layer maps its code to a
 * status in one place; the CLI prints its bilingual message. Every error names what was wrong in
 * Chinese and English, and may carry structured details (row, field, value) for the caller.
 */

/** Closed set of error codes, each with the HTTP status it maps to. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A message in both languages the platform speaks. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** One problem inside a larger input, such as a row of a spreadsheet. */
export interface ErrorIssue {
  /** 1-based row number in the file the user sent, when the input is tabular. */
  row?: number;
  /** The field (column, property path) that was wrong. */
  field?: string;
  /** The offending value as received. */
  value?: unknown;
  message: Bilingual;
}

/** Typed application error: a code, a bilingual message and optional row/field issues. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messages: Bilingual;
  readonly issues: ErrorIssue[];

  constructor(
    code: ErrorCode,
    messages: Bilingual,
    issues: ErrorIssue[] = [],
    options?: { cause?: unknown }
  ) {
    super(`${messages.en} / ${messages.zh}`, options);
    this.name = 'AppError';
    this.code = code;
    this.messages = messages;
    this.issues = issues;
  }

  /** HTTP status for this error's code. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** Plain JSON shape sent to clients. */
  toJSON(): { code: ErrorCode; message: Bilingual; issues: ErrorIssue[] } {
    return { code: this.code, message: this.messages, issues: this.issues };
  }
}

/** Narrow an unknown thrown value to an AppError. */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
