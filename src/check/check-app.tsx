import { useEffect, useState } from 'preact/hooks';
import { formatCitation } from '../ui/format-citation';
import { SpanCard } from '../ui/span-card';
import { browser } from '../shared/browser';
import { takeCheckRequest, type CheckRequest } from '../shared/check-request';
import { createSender, type PopupSpan, type PopupToBackground } from '../shared/messages';
import { Notice } from '../ui/notice';
import { PageHeader } from '../ui/page-header';

type CheckResult = { words: number; coverage: number; spans: PopupSpan[] };

const toBackground = createSender<PopupToBackground>((m) => browser.runtime.sendMessage(m));

async function loadRequest(search: string): Promise<CheckRequest | undefined> {
  const id = new URLSearchParams(search).get('id');
  if (id === null) return undefined;
  // Taken, not just read: the selection leaves storage as soon as this page has it.
  return takeCheckRequest(browser.storage.session, id);
}

/**
 * The "Check selected text with Recital" result, a page of its own (not the popup's column): each
 * copied span with its source card, at a readable width.
 */
export function CheckApp() {
  const [request, setRequest] = useState<CheckRequest | null>();
  const [result, setResult] = useState<CheckResult>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    void (async () => {
      const found = await loadRequest(location.search).catch(() => undefined);
      setRequest(found ?? null);
      if (!found) return;
      const scanned = await toBackground('checkText', { text: found.text });
      if (scanned.ok) setResult(scanned.value);
      else setProblem(`Recital could not check this text (${scanned.error.message}).`);
    })();
  }, []);

  const page = { siteLabel: 'a web page', url: request?.pageUrl ?? 'an unknown page' };
  return (
    <div class="recital-page">
      <PageHeader
        title="Recital: selected text"
        tagline={
          request?.pageUrl ? `Selected on ${request.pageUrl}` : 'Text you selected on a web page.'
        }
      />
      <main
        class="recital-main recital-check"
        aria-busy={request === undefined || (request !== null && !result && !problem)}
      >
        {request === null && (
          <Notice tone="error">
            This check has expired. Select the text again and choose “Check selected text with
            Recital”.
          </Notice>
        )}
        {problem && <Notice tone="error">{problem}</Notice>}
        {request && !result && !problem && <p class="recital-muted">Checking the selected text…</p>}
        {result && result.spans.length === 0 && (
          <p class="recital-popup__lead">
            None of the {result.words} selected words repeats a passage from your library.
          </p>
        )}
        {result && result.spans.length > 0 && (
          <>
            <p class="recital-popup__lead">
              {result.spans.length} copied {result.spans.length === 1 ? 'passage' : 'passages'}:{' '}
              {Math.round(result.coverage * 100)}% of the {result.words} selected words.
            </p>
            <ul class="recital-reply__spans recital-check__spans">
              {result.spans.map((span) => (
                <SpanCard
                  key={span.spanId}
                  span={span}
                  citation={() => formatCitation(span, page)}
                />
              ))}
            </ul>
          </>
        )}
      </main>
    </div>
  );
}
