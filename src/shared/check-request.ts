// A selection the "Check selected text" command hands to the result page via storage.session.

/** storage.session key prefix of one check; the page reads the text under its `?id=`. */
export const CHECK_TEXT_KEY_PREFIX = 'recital-check:';

/** What the result page finds in storage.session. */
export interface CheckRequest {
  text: string;
  pageUrl?: string;
}

export function isCheckRequest(value: unknown): value is CheckRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<CheckRequest>;
  return typeof v.text === 'string' && (v.pageUrl === undefined || typeof v.pageUrl === 'string');
}
