/** A broken business rule. `code` is stable and machine-readable; edges map it to HTTP/Temporal errors. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Where in the input the problem is, e.g. ['policy', 'steps', 2, 'after']. */
    readonly path: (string | number)[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Several input problems found at once, each naming its field. */
export class ValidationError extends DomainError {
  constructor(readonly issues: { path: (string | number)[]; message: string }[]) {
    super('validation_failed', issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
    this.name = 'ValidationError';
  }
}
