import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Notice } from '../ui/notice';
import { PageHeader } from '../ui/page-header';
import { parseDocumentHash, type DocumentTarget } from '../ui/document-link';
import { DocumentDetails } from './document-details';
import { DocumentSearch } from './document-search';
import { DocumentText } from './document-text';
import { chunkText, findInText } from './find-in-text';
import type { LoadedDocument } from './read-document';

interface DocumentAppProps {
  load: (id: string) => Promise<LoadedDocument | undefined>;
}

type Loaded = LoadedDocument | 'missing' | { error: string };

const LIBRARY = '/src/options/index.html#library';

function useHashTarget(): DocumentTarget | undefined {
  const [target, setTarget] = useState(() => parseDocumentHash(location.hash));
  useEffect(() => {
    const onHash = (): void => setTarget(parseDocumentHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return target;
}

/** Scrolls the first element `selector` finds inside `root` to the middle of the view. */
function reveal(root: HTMLElement | null, selector: string): void {
  root?.querySelector(selector)?.scrollIntoView({ block: 'center' });
}

/** One library document to read: its details, its text, a search in it, a linked passage marked. */
export function DocumentApp({ load }: DocumentAppProps) {
  const target = useHashTarget();
  const [loaded, setLoaded] = useState<Loaded>();
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(-1);
  const textRef = useRef<HTMLDivElement>(null);
  const docId = target?.docId;

  useEffect(() => {
    if (!docId) return;
    setLoaded(undefined);
    load(docId).then(
      (found) => setLoaded(found ?? 'missing'),
      (error: unknown) =>
        setLoaded({ error: error instanceof Error ? error.message : String(error) }),
    );
  }, [docId, load]);

  const text = loaded && typeof loaded === 'object' && 'text' in loaded ? loaded.text : '';
  const chunks = useMemo(() => chunkText(text), [text]);
  const matches = useMemo(() => findInText(text, query), [text, query]);
  const range = target?.range;
  const passage =
    range && range.to <= text.length ? { start: range.from, end: range.to } : undefined;

  useEffect(() => {
    if (text && passage) reveal(textRef.current, '.recital-doc__passage');
  }, [text, passage?.start, passage?.end]);

  useEffect(() => {
    if (current >= 0) reveal(textRef.current, '.recital-doc__match--current');
  }, [current, matches]);

  const onQuery = (next: string): void => {
    setQuery(next);
    setCurrent(next.trim() ? 0 : -1);
  };
  const onStep = (by: 1 | -1): void => {
    if (matches.length > 0) setCurrent((c) => (c + by + matches.length) % matches.length);
  };

  const title = typeof loaded === 'object' && 'doc' in loaded ? loaded.doc.title : 'Document';
  useEffect(() => {
    document.title = `${title} · Recital`;
  }, [title]);

  return (
    <div class="recital-page">
      <PageHeader
        title={title}
        tagline="A document of your library, read from this browser's storage."
        nav={{ label: 'Pages', links: [{ href: LIBRARY, text: 'Back to the library' }] }}
      />
      <main class="recital-main recital-doc">
        {!docId ? (
          <Notice tone="error">This link names no document. Open one from your library.</Notice>
        ) : loaded === undefined ? (
          <p class="recital-muted" role="status">
            Loading the document…
          </p>
        ) : loaded === 'missing' ? (
          <Notice tone="error">
            This document is not in your library any more: it was deleted, or this link is from
            another browser. <a href={LIBRARY}>Open your library</a>.
          </Notice>
        ) : 'error' in loaded ? (
          <Notice tone="error">
            Recital could not read this document ({loaded.error}). Reload the page; if that does not
            help, restart the browser.
          </Notice>
        ) : (
          <>
            <DocumentDetails doc={loaded.doc} />
            {range && !passage && (
              <Notice tone="info">
                The linked passage (characters {range.from.toLocaleString()}–
                {range.to.toLocaleString()}) lies beyond the end of this text, so nothing is marked.
              </Notice>
            )}
            <DocumentSearch
              query={query}
              onQuery={onQuery}
              matchCount={matches.length}
              current={current}
              onStep={onStep}
            />
            <div ref={textRef}>
              <DocumentText
                text={text}
                chunks={chunks}
                passage={passage}
                matches={matches}
                current={current}
              />
            </div>
          </>
        )}
      </main>
    </div>
  );
}
