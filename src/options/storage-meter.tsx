import { formatBytes } from '../ui/format-bytes';
import type { StorageUsage } from './library-client';

/** How much room the library takes, and how much the browser still allows. */
export function StorageMeter({ storage }: { storage: StorageUsage | undefined }) {
  if (!storage)
    return (
      <p class="recital-muted recital-storage">Storage use is not available in this browser.</p>
    );
  const available = Math.max(0, storage.quota - storage.usage);
  const share = storage.quota > 0 ? storage.usage / storage.quota : 1;
  return (
    <div class="recital-storage">
      <p>
        <strong>Storage:</strong> {formatBytes(storage.usage)} used, {formatBytes(available)}{' '}
        available
      </p>
      {/* Below 1 % the bar is an empty line that reads as a glitch; the sentence says it all. */}
      {share >= 0.01 && (
        <meter
          class="recital-storage__meter"
          min={0}
          max={storage.quota}
          low={storage.quota * 0.7}
          high={storage.quota * 0.9}
          optimum={0}
          value={storage.usage}
          aria-label="Storage used by Recital"
        />
      )}
      {share >= 0.9 && (
        <p class="recital-field-error">
          Space is running low. Delete documents you no longer need or free some disk space, or new
          imports may fail.
        </p>
      )}
    </div>
  );
}
