/**
 * Content-Disposition for downloads, built only from safe characters (RFC 6266 with the RFC 8187
 * `filename*` form), so no request parameter can add a header parameter or break the quoting.
 */

/** The attachment header for a file name; anything outside [A-Za-z0-9._-] becomes "_". */
export function attachment(filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 150) || 'download';
  return `attachment; filename="${safe}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}
