import { describe, expect, it } from 'vitest';
import {
  CHECK_REQUEST_TTL_MS,
  removeExpiredChecks,
  takeCheckRequest,
  type CheckStorage,
} from '../../../src/shared/check-request';

/** An in-memory storage.session. */
function session(
  items: Record<string, unknown>,
): CheckStorage & { items: Record<string, unknown> } {
  return {
    items,
    async get(key) {
      if (key === null) return { ...items };
      return key in items ? { [key]: items[key] } : {};
    },
    async remove(keys) {
      for (const key of Array.isArray(keys) ? keys : [keys]) delete items[key];
    },
  };
}

const NOW = 10_000_000;

describe('a stored selection to check', () => {
  it('is removed from storage as soon as the result page takes it', async () => {
    const storage = session({
      'recital-check:a': { text: 'words', createdAt: NOW },
      'recital-check:b': { text: 'other', createdAt: NOW },
    });
    expect(await takeCheckRequest(storage, 'a')).toEqual({ text: 'words', createdAt: NOW });
    expect(Object.keys(storage.items)).toEqual(['recital-check:b']);
    // A reload of the page finds it gone (the page then says the check expired).
    expect(await takeCheckRequest(storage, 'a')).toBeUndefined();
  });

  it('removes a malformed entry too, and reports it as missing', async () => {
    const storage = session({ 'recital-check:a': { text: 42 } });
    expect(await takeCheckRequest(storage, 'a')).toBeUndefined();
    expect(storage.items).toEqual({});
  });

  it('expires when its page never opened, leaving fresh ones and other keys alone', async () => {
    const storage = session({
      'recital-check:old': { text: 'old', createdAt: NOW - CHECK_REQUEST_TTL_MS },
      'recital-check:fresh': { text: 'new', createdAt: NOW - CHECK_REQUEST_TTL_MS + 1 },
      'recital-check:legacy': { text: 'no date' },
      'other-key': { text: 'not ours', createdAt: 0 },
    });
    expect(await removeExpiredChecks(storage, NOW)).toEqual([
      'recital-check:old',
      'recital-check:legacy',
    ]);
    expect(Object.keys(storage.items)).toEqual(['recital-check:fresh', 'other-key']);
  });
});
