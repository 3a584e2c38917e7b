/** Every failure a user can cause or meet; the API maps each to one HTTP status in one place. */
export enum DomainErrorCode {
  Validation = 'VALIDATION',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  InvalidState = 'INVALID_STATE',
  RateLimited = 'RATE_LIMITED',
  Unavailable = 'UNAVAILABLE',
}

export interface DomainErrorIssue {
  /** Where: a field path such as `fields.0.type`, a CSV line, a template line. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly issues: DomainErrorIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string, id: number | string): DomainError {
    return new DomainError(DomainErrorCode.NotFound, `${what} ${id} does not exist`);
  }

  static validation(message: string, issues: DomainErrorIssue[] = []): DomainError {
    return new DomainError(DomainErrorCode.Validation, message, issues);
  }

  static invalidState(message: string): DomainError {
    return new DomainError(DomainErrorCode.InvalidState, message);
  }

  static conflict(message: string): DomainError {
    return new DomainError(DomainErrorCode.Conflict, message);
  }
}
