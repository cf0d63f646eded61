/** A multipart/form-data body with fields and one file, as a browser sends it. */
export function multipart(
  file: { name: string; body: Buffer | string },
  fields: Record<string, string> = {}
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----weijian-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`
    )
  );
  parts.push(Buffer.isBuffer(file.body) ? file.body : Buffer.from(file.body));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
