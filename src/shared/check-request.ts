// A selection the "Check selected text" command hands to the result page via storage.session.
// It is transient: the page takes it (reads and removes it), and one whose page never opened
// expires.

/** storage.session key prefix of one check; the page reads the text under its `?id=`. */
export const CHECK_TEXT_KEY_PREFIX = 'recital-check:';

/** How long a selection waits for its result page to open. */
export const CHECK_REQUEST_TTL_MS = 5 * 60_000;

/** What the result page finds in storage.session. */
export interface CheckRequest {
  text: string;
  pageUrl?: string;
  /** When it was stored (ms since the epoch), for expiry. */
  createdAt: number;
}

function isCheckRequest(value: unknown): value is CheckRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<CheckRequest>;
  return (
    typeof v.text === 'string' &&
    (v.pageUrl === undefined || typeof v.pageUrl === 'string') &&
    typeof v.createdAt === 'number'
  );
}

/** The part of a `storage.StorageArea` a check uses. */
export interface CheckStorage {
  get(key: string | null): Promise<Record<string, unknown>>;
  remove(keys: string | string[]): Promise<void>;
}

/** Reads the check `id` and removes it from storage, so the selection does not linger. */
export async function takeCheckRequest(
  storage: CheckStorage,
  id: string,
): Promise<CheckRequest | undefined> {
  const key = `${CHECK_TEXT_KEY_PREFIX}${id}`;
  const value = (await storage.get(key))[key];
  await storage.remove(key);
  return isCheckRequest(value) ? value : undefined;
}

/** Removes every stored check older than the TTL (or malformed); resolves with their keys. */
export async function removeExpiredChecks(storage: CheckStorage, now: number): Promise<string[]> {
  const items = await storage.get(null);
  const expired = Object.entries(items)
    .filter(
      ([key, value]) =>
        key.startsWith(CHECK_TEXT_KEY_PREFIX) &&
        !(isCheckRequest(value) && now - value.createdAt < CHECK_REQUEST_TTL_MS),
    )
    .map(([key]) => key);
  if (expired.length > 0) await storage.remove(expired);
  return expired;
}
