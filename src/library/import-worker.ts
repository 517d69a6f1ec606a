// The import worker: reads plain-text files, indexes documents and writes them to the store off
// the options page's thread. The page hands over picked .txt/.md files unread, and the text of
// the formats it reads itself (HTML, EPUB, PDF, DOCX); each worker of the pool
// (document-writer.ts) indexes a document and commits it in one transaction, as the page would.
import { readerPiecesText, warmUpIndexing } from '../core/index';
import { answerWriterRequest, type WriterRequest } from './document-writer';
import { importFile } from './import/index';
import { openLibraryStore, type LibraryStore } from './library-store';

// Before the first file, so V8 compiles the readers once with every path seen (core/warm-up.ts).
warmUpIndexing();
void importFile({ name: 'warm-up.txt', bytes: new TextEncoder().encode(readerPiecesText(3000, 1)) }).catch(() => undefined);

const stores = new Map<string, Promise<LibraryStore>>();

const storeFor = (name: string): Promise<LibraryStore> => {
  let store = stores.get(name);
  if (!store) {
    store = openLibraryStore(name);
    // A store that failed to open is tried again on the next request.
    store.catch(() => stores.delete(name));
    stores.set(name, store);
  }
  return store;
};

// The next job starts once this one's writes are queued: until then its transaction waits on
// this thread for one round trip, and if the thread were busy indexing the next file, the
// transaction would hold up the other workers' writes meanwhile.
let queue: Promise<void> = Promise.resolve();

addEventListener('message', (event: MessageEvent<WriterRequest>) => {
  queue = queue.then(
    () =>
      new Promise<void>((release) => {
        void answerWriterRequest(event.data, storeFor, importFile, release).then((reply) => {
          release();
          postMessage(reply);
        });
      }),
  );
});
