import { formatBytes } from '../ui/format-bytes';
import { formatDate } from '../ui/format-date';
import type { LibraryDocument } from '../library/store/index';

const count = new Intl.NumberFormat();

/** Author, size, date, format, file and tags of the document shown. */
export function DocumentDetails({ doc }: { doc: LibraryDocument }) {
  return (
    <dl class="recital-doc__details">
      <div>
        <dt>Author</dt>
        <dd>{doc.author ?? 'Not given'}</dd>
      </div>
      <div>
        <dt>Words</dt>
        <dd>{count.format(doc.words)}</dd>
      </div>
      <div>
        <dt>Size</dt>
        <dd>{formatBytes(doc.bytes)}</dd>
      </div>
      <div>
        <dt>Added</dt>
        <dd>{formatDate(doc.addedAt)}</dd>
      </div>
      <div>
        <dt>From</dt>
        <dd>{doc.fileName ?? (doc.format === 'paste' ? 'Pasted text' : doc.format)}</dd>
      </div>
      {doc.tags.length > 0 && (
        <div>
          <dt>Tags</dt>
          <dd>{doc.tags.join(', ')}</dd>
        </div>
      )}
    </dl>
  );
}
