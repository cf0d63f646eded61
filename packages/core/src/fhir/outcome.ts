/**
 * Weijian's one error currency (`AppError`: a code, a bilingual message, issues naming row and
 * field) written as a FHIR OperationOutcome. The Chinese text is `details.text`; the English one is
 * its translation (the FHIR `translation` extension, language `en`), so a Chinese client shows
 * Chinese and an English one can pick English. The first issue carries the error itself, the
 * following ones each problem with its element as `expression`.
 */
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { AppError, Bilingual, ErrorCode } from '../errors';

/** The FHIR core extension that translates a string element. */
export const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';

/** The R4 issue-type code each error code stands for (IssueType value set). */
export const ISSUE_TYPE: Record<ErrorCode, OperationOutcomeIssue['code']> = {
  BAD_REQUEST: 'structure',
  VALIDATION_FAILED: 'invalid',
  UNAUTHENTICATED: 'login',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not-found',
  CONFLICT: 'conflict',
  PAYLOAD_TOO_LARGE: 'too-costly',
  TOO_MANY_REQUESTS: 'throttled',
  UNSUPPORTED_MEDIA_TYPE: 'not-supported',
  INTERNAL: 'exception',
};

function details(m: Bilingual) {
  return {
    text: m.zh,
    _text: {
      extension: [
        {
          url: TRANSLATION,
          extension: [
            { url: 'lang', valueCode: 'en' },
            { url: 'content', valueString: m.en },
          ],
        },
      ],
    },
  };
}

/** A FHIRPath-like location for an issue's field (`entry[2].resource.x` → `Bundle.entry[2].resource.x`). */
function expression(field: string, root: string | undefined): string {
  return root !== undefined && /^(entry|type)\b/.test(field) ? `${root}.${field}` : field;
}

/**
 * The OperationOutcome of an error.
 * @param root the resource type the issues' fields are relative to (`Bundle` for a transaction)
 */
export function toOperationOutcome(
  err: Pick<AppError, 'code' | 'messages' | 'issues'>,
  root?: string
): OperationOutcome {
  const severity = err.code === 'INTERNAL' ? 'fatal' : 'error';
  const issue = [
    { severity, code: ISSUE_TYPE[err.code], details: details(err.messages), diagnostics: err.code },
    ...err.issues.map((i) => ({
      severity,
      code: ISSUE_TYPE[err.code],
      details: details(i.message),
      ...(i.field === undefined ? {} : { expression: [expression(i.field, root)] }),
      ...(i.row === undefined && i.value === undefined
        ? {}
        : {
            diagnostics: JSON.stringify({
              ...(i.row === undefined ? {} : { row: i.row }),
              ...(i.value === undefined ? {} : { value: i.value }),
            }).slice(0, 500),
          }),
    })),
  ];
  // `_text` is R4's place for a primitive's extensions; the type package leaves such members out.
  return { resourceType: 'OperationOutcome', issue: issue as OperationOutcomeIssue[] };
}
