// These errors carry a message written for the user; anything else gets a generic sentence.
const USER_FACING_ERRORS = new Set(['ImportError', 'LibraryStoreError', 'ArchiveFormatError']);

/** Turns any thrown value into a sentence that tells a non-technical user what to do. */
export function describeError(error: unknown, doing: string): string {
  const name =
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { name?: unknown }).name === 'string'
      ? (error as { name: string }).name
      : '';
  const message = error instanceof Error ? error.message : '';
  if (USER_FACING_ERRORS.has(name) && message) return message;
  if (name === 'QuotaExceededError')
    return `Your browser has no room left for Recital's library, so ${doing} did not finish. Free some disk space or delete documents you no longer need, then try again.`;
  if (name === 'InvalidStateError' || name === 'UnknownError')
    return `The browser's storage stopped answering while ${doing}. Reload this page and try again; if it keeps happening, restart the browser.`;
  return `Something went wrong while ${doing}${message ? ` (${message})` : ''}. Try again; if it keeps happening, reload this page.`;
}
