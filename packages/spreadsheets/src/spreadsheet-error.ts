/** A file that cannot be read within the limits, or at all; the message names the line when it can. */
export class SpreadsheetError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}
