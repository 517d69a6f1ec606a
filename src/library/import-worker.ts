// The import worker: reads files, indexes documents and writes them to the store off the options
// page's thread. The page hands over picked files of every format unread (text, Markdown, HTML,
// EPUB, DOCX, PDF: no reader needs a DOM), so inflating a zip bomb up to its limit or parsing a
// large PDF never freezes the page; the worker prepares each document, says so, and writes it in
// one transaction when the page gives it its turn (document-writer.ts).
import { readerPiecesText, warmUpIndexing } from '../core/index';
import { createWriterService, type WriterReply, type WriterRequest } from './document-writer';
import { importFile } from './import/index';
import { openLibraryStore, type LibraryStore } from './store/index';

// Before the first file, so V8 compiles the readers once with every path seen (core/warm-up.ts).
warmUpIndexing();
void importFile({
  name: 'warm-up.txt',
  bytes: new TextEncoder().encode(readerPiecesText(3000, 1)),
}).catch(() => undefined);

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

// A written document's index record goes to the page by transfer: the worker is done with it.
const serve = createWriterService(storeFor, importFile, (reply: WriterReply) =>
  postMessage(reply, {
    transfer: reply.kind === 'done' && reply.ok && reply.index ? [reply.index] : [],
  }),
);

addEventListener('message', (event: MessageEvent<WriterRequest>) => {
  void serve(event.data);
});
