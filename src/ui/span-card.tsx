import { useState } from 'preact/hooks';
import type { PopupSpan } from '../shared/messages';
import { COMMON_QUOTATION_DOCUMENTS } from '../core/index';
import { documentHref } from './document-link';
import { placeInWork } from './place-in-work';

interface SpanCardProps {
  span: PopupSpan;
  /**
   * Scrolls the page to the span; resolves false when the page no longer shows it, 'marks-off'
   * when the user turned marks off. Omitted: no page to show it in.
   */
  onShow?: () => Promise<boolean | 'marks-off'>;
  citation: () => string;
  /** The passage a mark's "Show in Recital" asked for: marked out in the list. */
  isTarget?: boolean;
}

function WordDiff({ span }: { span: PopupSpan }) {
  return (
    <p class="recital-span__diff">
      <span class="recital-span__diff-label">Changes from the source:</span>{' '}
      {span.diff.map((part, i) => (
        <span key={i}>
          {part.op === 'same' ? (
            part.text
          ) : part.op === 'removed' ? (
            <del title="In the source, not in the reply">
              <span class="recital-visually-hidden">removed: </span>
              {part.text}
            </del>
          ) : (
            <ins title="In the reply, not in the source">
              <span class="recital-visually-hidden">added: </span>
              {part.text}
            </ins>
          )}{' '}
        </span>
      ))}
    </p>
  );
}

/** The source document's page, scrolled to the passage, in a new tab (the popup then closes). */
function OpenInLibrary({ source }: { source: NonNullable<PopupSpan['source']> }) {
  return (
    <a
      class="recital-button recital-button--ghost recital-button--small"
      href={documentHref(source.docId, { from: source.sourceStart, to: source.sourceEnd })}
      target="_blank"
      rel="noopener"
    >
      Open in library
    </a>
  );
}

/** One flagged span: the copied words (a button that shows them in the page), source and place. */
// A line many library documents hold is not presented as a copy of the one shown.
function sharedBy(span: PopupSpan): string {
  if (span.sharedBy >= COMMON_QUOTATION_DOCUMENTS)
    return `A common quotation, in ${span.sharedBy} documents of your library; one is `;
  if (span.sharedBy > 1) return `In ${span.sharedBy} documents of your library; one is `;
  return 'From ';
}

/** Where the passage is, in a reader's words; a team source's place may be unknown (-1). */
function whereInWork(source: { chapter?: string; percent: number }): string | undefined {
  if (source.percent < 0) return source.chapter;
  return `${source.chapter ? `${source.chapter}, ` : 'Found '}${placeInWork(source.percent)} of the text`;
}

export function SpanCard({ span, onShow, citation, isTarget = false }: SpanCardProps) {
  const [status, setStatus] = useState<string>();
  const source = span.source;

  const show = async (): Promise<void> => {
    setStatus(undefined);
    const found = (await onShow?.()) ?? true;
    if (found === 'marks-off')
      setStatus(
        "Marks are turned off in Recital's settings (Don't mark replies in the page), so the page shows no highlight.",
      );
    else if (!found)
      setStatus(
        'This passage is not on the page any more. Scroll to the reply in the chat, then try again.',
      );
  };

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(citation());
      setStatus('Citation copied.');
    } catch {
      setStatus('The browser did not allow copying. Select the passage and copy it by hand.');
    }
  };

  return (
    <li
      class={`recital-span recital-span--${span.kind}${isTarget ? ' recital-span--target' : ''}`}
      data-span-id={span.spanId}
    >
      <div class="recital-span__meta">
        <span class={`recital-kind recital-kind--${span.kind}`}>
          {span.kind === 'exact' ? 'Exact' : 'Near'}
        </span>
        {span.origin === 'team' && <span class="recital-span__origin">Team catalogue</span>}
        <span>
          {span.words} words
          {span.kind === 'near' ? `, ${span.edits} ${span.edits === 1 ? 'edit' : 'edits'}` : ''}
        </span>
      </div>
      {onShow ? (
        <button
          type="button"
          class="recital-span__quote"
          onClick={() => void show()}
          aria-describedby={`src-${span.spanId}`}
        >
          <span class="recital-visually-hidden">Show in the page: </span>“{span.replyText.trim()}”
        </button>
      ) : (
        <p class="recital-span__quote" aria-describedby={`src-${span.spanId}`}>
          “{span.replyText.trim()}”
        </p>
      )}
      <div class="recital-span__source" id={`src-${span.spanId}`}>
        {source ? (
          <>
            <p class="recital-span__work">
              {sharedBy(span)}
              <cite>{source.title}</cite>
              {source.author && <> by {source.author}</>}
            </p>
            <p class="recital-span__where">{whereInWork(source)}</p>
          </>
        ) : (
          <p class="recital-span__work">From a document that is no longer in your library.</p>
        )}
      </div>
      {source && (
        <details class="recital-span__context">
          <summary>Source passage</summary>
          <blockquote>
            <span class="recital-muted">{source.before}</span>
            <mark>{source.passage}</mark>
            <span class="recital-muted">{source.after}</span>
          </blockquote>
        </details>
      )}
      {span.kind === 'near' && span.diff.length > 0 && <WordDiff span={span} />}
      <div class="recital-span__actions">
        <button
          type="button"
          class="recital-button recital-button--ghost recital-button--small"
          onClick={() => void copy()}
        >
          Copy citation
        </button>
        {source && <OpenInLibrary source={source} />}
        <p class="recital-span__status" role="status">
          {status}
        </p>
      </div>
    </li>
  );
}
