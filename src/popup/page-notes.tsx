// The limits a page reached, said plainly: what Recital did not check or record there.
import type { PageNote } from '../shared/messages';
import { Notice } from '../ui/notice';

const count = (n: number): string => n.toLocaleString('en-US');

function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** One sentence (or two) per limit reached. */
export function pageNoteText(note: PageNote): string {
  switch (note.kind) {
    case 'replies-capped':
      return `Recital stopped checking new replies on this page after ${count(note.limit)} replies (${plural(note.count, 'reply', 'replies')} not checked). Reload the page to check more.`;
    case 'reply-cut':
      return note.count === 1
        ? `A reply is longer than Recital checks (${count(note.limit)} characters); only its first part was checked.`
        : `${count(note.count)} replies are longer than Recital checks (${count(note.limit)} characters); only their first part was checked.`;
    case 'reply-refused':
      return `${note.count === 1 ? 'A reply is' : `${count(note.count)} replies are`} longer than Recital can read (${count(note.limit)} characters) and ${note.count === 1 ? 'was' : 'were'} not checked.`;
    case 'spans-capped':
      return `${note.count === 1 ? 'A reply repeats' : `${count(note.count)} replies repeat`} library passages more than ${count(note.limit)} times; only the first ${count(note.limit)} in each are highlighted and listed.`;
    case 'replies-missing':
      return "Recital can't find the replies on this page; the site may have changed. Reload the page, and if that does not help, let us know.";
    case 'audit-capped':
      return `Recital stopped adding this page's flagged replies to the audit log after ${count(note.limit)} records (${plural(note.count, 'reply', 'replies')} not recorded). Reload the page to record more.`;
  }
}

export function PageNotes({ notes }: { notes: readonly PageNote[] }) {
  if (notes.length === 0) return null;
  return (
    <Notice tone="info">
      {notes.map((note) => (
        <p key={note.kind}>{pageNoteText(note)}</p>
      ))}
    </Notice>
  );
}
