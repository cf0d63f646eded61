/** The part of unzipper (exceljs's own zip reader) that the XLSX streamer uses. */
declare module 'unzipper' {
  import type { Readable } from 'node:stream';
  interface ZipEntry {
    path: string;
    type: 'File' | 'Directory';
    uncompressedSize: number;
    stream(): Readable;
  }
  interface CentralDirectory {
    files: ZipEntry[];
  }
  const unzipper: { Open: { buffer(data: Buffer): Promise<CentralDirectory> } };
  export default unzipper;
}
