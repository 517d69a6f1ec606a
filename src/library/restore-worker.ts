// The restore worker: unpacks, indexes and plans a backup off the options page's thread, then
// writes its documents when the page says so (backup-restorer.ts).
import { createRestoreService } from './backup-restorer';
import { openLibraryStore } from './store/index';

const serve = createRestoreService(openLibraryStore, (reply) => postMessage(reply));

addEventListener('message', (event: MessageEvent<Parameters<typeof serve>[0]>) => {
  void serve(event.data);
});
