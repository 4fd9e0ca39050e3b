/**
 * A rule of the process was not met. `code` is stable (it becomes the problem+json `type`);
 * `title` and `reasons` are Dutch sentences a clerk understands.
 */
export type DomainErrorKind = 'conflict' | 'not_found' | 'invalid';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    readonly title: string,
    readonly reasons: string[] = [],
  ) {
    super(reasons.length ? `${title}: ${reasons.join('; ')}` : title);
  }
}

export const conflict = (code: string, title: string, reasons: string[] = []) => new DomainError('conflict', code, title, reasons);
export const notFound = (code: string, title: string, reasons: string[] = []) => new DomainError('not_found', code, title, reasons);
export const invalid = (code: string, title: string, reasons: string[] = []) => new DomainError('invalid', code, title, reasons);
