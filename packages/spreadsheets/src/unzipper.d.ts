// The few parts of unzipper 0.10 (exceljs' own zip reader) that xlsx-guard uses; it ships no types.
declare module 'unzipper' {
  import type { Readable } from 'node:stream';
  interface CentralDirectoryFile {
    path: string;
    type: 'File' | 'Directory';
    uncompressedSize: number;
    stream(password?: string): Readable;
  }
  interface CentralDirectory {
    files: CentralDirectoryFile[];
  }
  const unzipper: { Open: { file(path: string): Promise<CentralDirectory> } };
  export default unzipper;
}
