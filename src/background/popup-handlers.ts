// The popup's view of a tab and the settings-changed signal, from the tab state, the last full
// scan of each reply and the library.
import type { ScanResult } from '../core/index';
import type { LibraryDocument, LibrarySettings, LibraryStore } from '../library/store/index';
import type { Handlers, PopupToBackground } from '../shared/messages';
import { err, ok } from '../shared/result';
import { buildPopupReport } from './build-popup-report';
import type { PassageSource } from './describe-passage';
import type { ReplyDetails } from './reply-details';
import { createSpanDescriber } from './span-describer';
import type { TabState } from './tab-state';

export interface PopupHandlerDeps {
  tabState: Pick<TabState, 'report'>;
  details: Pick<ReplyDetails, 'get'>;
  store: Pick<LibraryStore, 'listDocuments' | 'getDocumentText'>;
  settings: () => Promise<LibrarySettings>;
  /** Scans text outside any tab (the "Check selected text" page). */
  scanText: (text: string) => Promise<ScanResult>;
  /**
   * What the scan just read: the active documents' metadata and the texts the matcher holds. A
   * check then describes its spans without listing the library or reading texts again.
   */
  known?: {
    document(id: string): LibraryDocument | undefined;
    text(id: string): string | undefined;
    /** The parts of a text the matcher holds, to describe a passage from. */
    passage(id: string): PassageSource | undefined;
  };
  /** Why the team catalogue's last request failed, if it is on and did. */
  teamProblem?: () => string | undefined;
}

export type PopupHandlers<Sender> = Pick<
  Handlers<PopupToBackground, Sender>,
  'getPopupReport' | 'checkText'
>;

/** Largest selection `checkText` accepts, like the content handlers' reply limit. */
const MAX_CHECK_TEXT_CHARS = 2_000_000;

function isTabRequest(value: unknown): value is { tabId: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isInteger((value as { tabId?: unknown }).tabId)
  );
}

export function createPopupHandlers<Sender = unknown>(
  deps: PopupHandlerDeps,
): PopupHandlers<Sender> {
  const describeSpans = createSpanDescriber(deps.store);

  return {
    async checkText(payload) {
      const text =
        typeof payload === 'object' && payload !== null
          ? (payload as { text?: unknown }).text
          : undefined;
      if (typeof text !== 'string' || text.length > MAX_CHECK_TEXT_CHARS)
        return err(
          'bad-payload',
          `checkText needs a text of at most ${MAX_CHECK_TEXT_CHARS} characters.`,
        );
      const result = await deps.scanText(text);
      const ids = [...new Set(result.spans.map((s) => s.docId))];
      const texts = new Map<string, string | undefined>();
      const docs = new Map<string, LibraryDocument>();
      for (const id of ids) {
        const doc = deps.known?.document(id);
        const docText = deps.known?.text(id);
        if (doc) docs.set(id, doc);
        if (docText !== undefined) texts.set(id, docText);
      }
      // A span of a document the matcher no longer knows (a reload in between): list the library.
      if (docs.size < ids.length)
        for (const d of await deps.store.listDocuments()) if (!docs.has(d.id)) docs.set(d.id, d);
      const spans = await describeSpans(result, text, docs, texts, (id) => deps.known?.passage(id));
      return ok({ words: result.words, coverage: result.coverage, spans });
    },

    async getPopupReport(payload) {
      if (!isTabRequest(payload)) return err('bad-payload', 'getPopupReport needs a tabId.');
      const [documents, settings] = await Promise.all([
        deps.store.listDocuments(),
        deps.settings(),
      ]);
      const { tabState, details } = deps;
      return ok(
        await buildPopupReport(payload.tabId, {
          tabState,
          details,
          documents,
          settings,
          describeSpans,
          teamProblem: settings.teamCatalogue.enabled ? deps.teamProblem?.() : undefined,
        }),
      );
    },
  };
}
