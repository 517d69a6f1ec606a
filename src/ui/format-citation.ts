import { COMMON_QUOTATION_DOCUMENTS } from '../core/index';
import type { PopupSpan } from '../shared/messages';

/**
 * A plain-text citation of one flagged span: what was reproduced, from which work and where,
 * and where it appeared. Offsets are characters (UTF-16 code units) into the library text.
 */
export function formatCitation(
  span: PopupSpan,
  page: { siteLabel: string; url: string },
  at: Date = new Date(),
): string {
  const lines = [`“${span.replyText.trim()}”`];
  const source = span.source;
  if (source) {
    const by = source.author ? `${source.author}, ` : '';
    const chapter = source.chapter ? `${source.chapter}, ` : '';
    // A line many documents hold is cited as common, not as this one work's.
    const common =
      span.sharedBy >= COMMON_QUOTATION_DOCUMENTS
        ? `a common quotation, in ${span.sharedBy} library documents; one is `
        : '';
    lines.push(
      `— ${common}${by}${source.title} (${chapter}${source.percent >= 0 ? `${source.percent}% through the text, ` : ''}characters ${source.sourceStart}–${source.sourceEnd}${span.origin === 'team' ? ', team catalogue' : ''}).`,
    );
  }
  const kind =
    span.kind === 'exact'
      ? 'word for word'
      : `nearly word for word (${span.edits} ${span.edits === 1 ? 'edit' : 'edits'})`;
  lines.push(
    `Reproduced ${kind}, ${span.words} words, by ${page.siteLabel} at ${page.url} on ${at.toISOString().slice(0, 10)}. Flagged by Recital.`,
  );
  return lines.join('\n');
}
