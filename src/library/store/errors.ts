export type LibraryStoreErrorCode = 'quota' | 'not-found' | 'bad-input' | 'storage';

/** A store failure a person can act on; `message` says what to do. */
export class LibraryStoreError extends Error {
  override name = 'LibraryStoreError';
  constructor(
    readonly code: LibraryStoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isQuotaError(e: unknown): boolean {
  return (
    typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'QuotaExceededError'
  );
}
