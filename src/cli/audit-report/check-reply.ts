// Offsets that do not fit their texts would print the wrong words as evidence: refuse them.
import type { AuditReply } from './types';

/** A reply whose matches do not fit its text or its source's text; the message says which. */
export class AuditInputError extends Error {
  override name = 'AuditInputError';
}

/** How the report names a reply in messages: its number, file and ids. */
function describeReply(reply: AuditReply, number: number): string {
  const ids = [
    reply.conversation !== undefined ? `conversation ${reply.conversation}` : '',
    reply.message !== undefined ? `message ${reply.message}` : '',
  ].filter(Boolean);
  return `reply ${number} (${[reply.file, ...ids].join(', ')})`;
}

function fits(start: number, end: number, length: number): boolean {
  return (
    Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= length
  );
}

/**
 * Throws AuditInputError when a match's offsets fall outside the reply or its source text. A
 * source whose text is unavailable (`undefined`) is not checked: the report says it is missing.
 */
export function checkReply(
  reply: AuditReply,
  number: number,
  sourceText: (source: string) => string | undefined,
): void {
  if (!Array.isArray(reply.matches) || typeof reply.replyText !== 'string')
    throw new AuditInputError(`${describeReply(reply, number)}: no reply text or matches`);
  reply.matches.forEach((m, i) => {
    const where = `${describeReply(reply, number)}, match ${i + 1}`;
    if (!fits(m.replyStart, m.replyEnd, reply.replyText.length))
      throw new AuditInputError(
        `${where}: reply characters ${m.replyStart}–${m.replyEnd} do not fit the reply's ${reply.replyText.length} characters`,
      );
    const text = sourceText(m.source);
    if (text !== undefined && !fits(m.sourceStart, m.sourceEnd, text.length))
      throw new AuditInputError(
        `${where}: characters ${m.sourceStart}–${m.sourceEnd} do not fit ${m.source} (${text.length} characters)`,
      );
  });
}
