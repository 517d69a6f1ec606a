import { openLibraryStore } from './store/index';
import { SAMPLE_LIBRARY } from './sample-library';
import { browser } from '../shared/browser';
import { createSender, type PopupToBackground } from '../shared/messages';

/**
 * Adds the sample library (popup, welcome page) and tells the background to reload. Resolves
 * with the messages of the samples that failed; an empty list means all were added.
 */
export async function addSampleLibrary(): Promise<string[]> {
  const failures: string[] = [];
  const added: string[] = [];
  const store = await openLibraryStore();
  try {
    for (const sample of SAMPLE_LIBRARY) {
      try {
        const { doc, duplicate } = await store.addDocument({
          text: sample.text,
          title: sample.title,
          author: sample.author,
          tags: [...sample.tags],
          format: 'paste',
        });
        if (!duplicate) added.push(doc.id);
      } catch (e) {
        failures.push(
          `“${sample.title}” was not added (${e instanceof Error ? e.message : String(e)}).`,
        );
      }
    }
  } finally {
    store.close();
  }
  await createSender<PopupToBackground>((m) => browser.runtime.sendMessage(m))('libraryChanged', {
    added,
  });
  return failures;
}
