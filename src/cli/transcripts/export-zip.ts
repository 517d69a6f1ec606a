// A ChatGPT or Claude data export as downloaded: a zip whose conversations.json holds the chats.
// Only that entry is inflated, under the readers' zip-bomb limits.
import {
  listZipEntries,
  unzipBounded,
  UnzipLimitError,
  ZipFormatError,
} from '../../library/import/bounded-unzip';
import { TranscriptError } from './types';

const NAME = 'conversations.json';

/** The bytes of the export's conversations.json (the shallowest one, if the zip holds several). */
export function unzipConversations(zip: Uint8Array): Uint8Array {
  try {
    const candidates = listZipEntries(zip)
      .filter((entry) => entry.name === NAME || entry.name.endsWith(`/${NAME}`))
      .sort((a, b) => a.name.split('/').length - b.name.split('/').length);
    const chosen = candidates[0];
    if (!chosen)
      throw new TranscriptError(
        `is a zip without a ${NAME}, so not a ChatGPT or Claude data export`,
      );
    const files = unzipBounded(zip, { filter: (entry) => entry.dataStart === chosen.dataStart });
    return files[chosen.name] as Uint8Array;
  } catch (error) {
    if (error instanceof UnzipLimitError)
      throw new TranscriptError(`has a ${NAME} that ${error.message}, more than recital reads`);
    if (error instanceof ZipFormatError)
      throw new TranscriptError(`is a damaged zip (${error.message})`);
    throw error;
  }
}
