// Saves the matcher's lookup table to the store once it is out of date, after a delay so that a
// burst of library changes (an import of many files) saves it once.
import type { PassageIndex, TableSegment } from '../core/index';
import type { LibraryStore } from '../library/store/index';

export type TableVersions = Readonly<Record<TableSegment, number>>;

function isSameTables(a: TableVersions, b: TableVersions | undefined): boolean {
  return a.base === b?.base && a.delta === b.delta;
}

export class TableSaver {
  // Table versions of the index as saved in the store, when known, and of the last attempt.
  private savedTables: TableVersions | undefined;
  private triedTables: TableVersions | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private saveCount = 0;

  constructor(
    private readonly store: Pick<LibraryStore, 'saveIndexTable'>,
    private readonly currentIndex: () => PassageIndex | undefined,
  ) {}

  /** Lookup tables saved to the store. */
  get saves(): number {
    return this.saveCount;
  }

  /** The index was read from the store's table, so that table is current. */
  markSaved(versions: TableVersions): void {
    this.savedTables = versions;
  }

  /** Saves the table now if the saved one is not current; saves run one after another. */
  save(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.saving.then(async () => {
      const index = this.currentIndex();
      if (!index) return;
      // Adds pending documents (or merges) now, so the saved tables cover the library as it is.
      index.prepare();
      const versions = index.tableVersions;
      if (isSameTables(versions, this.savedTables)) return;
      this.triedTables = versions;
      await this.store.saveIndexTable(index, { base: versions.base !== this.savedTables?.base });
      // The index object outlives reloads, so its versions still name what was saved.
      if (this.currentIndex() === index) this.savedTables = versions;
      this.saveCount++;
    });
    this.saving = run.catch(() => undefined);
    return run;
  }

  schedule(delayMs: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    // A failed save (a full disk) leaves the old table, which loadIndex checks: nothing is lost.
    this.timer = setTimeout(() => void this.save().catch(() => undefined), delayMs);
  }

  /** A scan rebuilt a table that was neither saved nor tried: save it right after the scan. */
  saveIfRebuilt(): void {
    const versions = this.currentIndex()?.tableVersions;
    if (
      versions &&
      !isSameTables(versions, this.savedTables) &&
      !isSameTables(versions, this.triedTables)
    )
      this.schedule(0);
  }
}
