// The import worker: reads plain-text files and indexes documents off the options page's
// thread. The page hands over picked .txt/.md files unread, and the text of the formats it
// reads itself (HTML, EPUB, PDF, DOCX); the worker posts back each document prepared for the
// store (document-writer.ts), and the page writes them in order.
import { readerPiecesText, warmUpIndexing } from '../core/index';
import { answerWriterRequest, type WriterRequest } from './document-writer';
import { importFile } from './import/index';

// Before the first file, so V8 compiles the readers once with every path seen (core/warm-up.ts).
warmUpIndexing();
void importFile({ name: 'warm-up.txt', bytes: new TextEncoder().encode(readerPiecesText(3000, 1)) }).catch(() => undefined);

addEventListener('message', (event: MessageEvent<WriterRequest>) => {
  void answerWriterRequest(event.data, importFile).then(({ reply, transfer }) => postMessage(reply, { transfer }));
});
