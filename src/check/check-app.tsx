import { useEffect, useState } from 'preact/hooks';
import { formatCitation } from '../ui/format-citation';
import { SpanCard } from '../ui/span-card';
import { browser } from '../shared/browser';
import { takeCheckRequest, type CheckRequest } from '../shared/check-request';
import { createSender, type PopupSpan, type PopupToBackground } from '../shared/messages';
import { Notice } from '../ui/notice';

type CheckResult = { words: number; coverage: number; spans: PopupSpan[] };

const toBackground = createSender<PopupToBackground>((m) => browser.runtime.sendMessage(m));

async function loadRequest(search: string): Promise<CheckRequest | undefined> {
  const id = new URLSearchParams(search).get('id');
  if (id === null) return undefined;
  // Taken, not just read: the selection leaves storage as soon as this page has it.
  return takeCheckRequest(browser.storage.session, id);
}

/** The "Check selected text with Recital" result: each copied span with its source. */
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
    <div class="recital-popup recital-check">
      <header class="recital-popup__header">
        <h1 class="recital-popup__title">
          <img src="/icons/icon-48.png" alt="" width={24} height={24} />
          Recital: selected text
        </h1>
      </header>
      <main
        class="recital-popup__main"
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
            <ul class="recital-reply__spans">
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
