// Extension-page messages about the library: add a pasted text, reload after a change, scan text.
import { LibraryStoreError, type LibraryStore } from '../library/store/index';
import type { Handlers, PopupToBackground } from '../shared/messages';
import { err, ok, type Result } from '../shared/result';
import { toReplySpans } from './content-handlers';
import type { Matcher } from './matcher';

export type LibraryMessage = 'addText' | 'libraryChanged' | 'scanText';

/** The handlers of {@link LibraryMessage}s, to spread into the page handlers. */
export type LibraryHandlers<Sender = unknown> = Pick<
  Handlers<PopupToBackground, Sender>,
  LibraryMessage
>;

/** Largest text `addText` accepts (about 40 MB); bigger files go through the options page import. */
export const MAX_ADD_TEXT_CHARS = 20_000_000;
/** Largest text `scanText` accepts, like the content handlers' reply limit. */
export const MAX_SCAN_TEXT_CHARS = 2_000_000;
const MAX_FIELD_CHARS = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAddTextPayload(value: unknown): value is PopupToBackground['addText']['request'] {
  return (
    isRecord(value) &&
    typeof value.title === 'string' &&
    value.title.length <= MAX_FIELD_CHARS &&
    (value.author === undefined ||
      (typeof value.author === 'string' && value.author.length <= MAX_FIELD_CHARS)) &&
    typeof value.text === 'string' &&
    value.text.length <= MAX_ADD_TEXT_CHARS
  );
}

function isScanTextPayload(value: unknown): value is PopupToBackground['scanText']['request'] {
  return (
    isRecord(value) && typeof value.text === 'string' && value.text.length <= MAX_SCAN_TEXT_CHARS
  );
}

const MAX_ADDED_IDS = 100_000;

function isLibraryChangedPayload(
  value: unknown,
): value is PopupToBackground['libraryChanged']['request'] {
  if (!isRecord(value)) return false;
  const added = value.added;
  return (
    added === undefined ||
    (Array.isArray(added) &&
      added.length <= MAX_ADDED_IDS &&
      added.every((id) => typeof id === 'string' && id.length <= MAX_FIELD_CHARS))
  );
}

function storeFailure<T>(e: unknown): Result<T> {
  if (e instanceof LibraryStoreError) return err(e.code, e.message);
  if (e instanceof Error && e.name === 'QuotaExceededError')
    return err(
      'quota',
      'There is not enough storage space. Free some disk space or remove documents, then try again.',
    );
  return err(
    'storage',
    `The library could not be read or written (${e instanceof Error ? e.message : String(e)}).`,
  );
}

export function createLibraryHandlers<Sender = unknown>(
  store: Pick<LibraryStore, 'addDocument'>,
  matcher: Pick<Matcher, 'reload' | 'scanText'> & Partial<Pick<Matcher, 'postponeSave'>>,
): LibraryHandlers<Sender> {
  return {
    async addText(payload) {
      if (!isAddTextPayload(payload))
        return err(
          'bad-payload',
          `addText needs a title and a text of at most ${MAX_ADD_TEXT_CHARS} characters.`,
        );
      try {
        // Indexing a long text takes a while: the lookup table is not saved in between files.
        matcher.postponeSave?.();
        const { doc, duplicate } = await store.addDocument({
          text: payload.text,
          title: payload.title,
          ...(payload.author !== undefined && { author: payload.author }),
          format: 'paste',
        });
        if (!duplicate) await matcher.reload();
        return ok({ docId: doc.id, duplicate });
      } catch (e) {
        return storeFailure(e);
      }
    },

    async libraryChanged(payload) {
      if (!isLibraryChangedPayload(payload))
        return err('bad-payload', 'libraryChanged takes an object, with `added` a list of ids.');
      try {
        await matcher.reload(payload.added);
        return ok(null);
      } catch (e) {
        return storeFailure(e);
      }
    },

    async scanText(payload) {
      if (!isScanTextPayload(payload))
        return err(
          'bad-payload',
          `scanText needs a text of at most ${MAX_SCAN_TEXT_CHARS} characters.`,
        );
      try {
        const result = await matcher.scanText(payload.text);
        return ok({
          words: result.words,
          coverage: result.coverage,
          spans: toReplySpans(result.spans),
        });
      } catch (e) {
        return storeFailure(e);
      }
    },
  };
}
