import { useCallback, useEffect, useState } from 'preact/hooks';
import type { AuditRecord, LibrarySettings, LibraryStore } from '../library/store/index';

export type AuditStore = Pick<
  LibraryStore,
  'listAuditRecords' | 'clearAudit' | 'deleteAuditBefore' | 'getSettings'
>;

const DAY_MS = 86_400_000;

export interface AuditLog {
  /** Undefined until the log has been read. */
  records: AuditRecord[] | undefined;
  settings: LibrarySettings | undefined;
  problem: string | undefined;
  /** Deletes every record; `onCleared` runs once they are gone, before the log is read again. */
  clear: (onCleared: () => void) => Promise<void>;
}

/** Opens the store, drops records older than the retention period and reads the rest. */
export function useAuditLog(openStore: () => Promise<AuditStore>): AuditLog {
  const [store, setStore] = useState<AuditStore>();
  const [records, setRecords] = useState<AuditRecord[]>();
  const [settings, setSettings] = useState<LibrarySettings>();
  const [problem, setProblem] = useState<string>();

  const refresh = useCallback(async (s: AuditStore) => {
    try {
      const current = await s.getSettings();
      if (current.auditRetentionDays > 0)
        await s.deleteAuditBefore(Date.now() - current.auditRetentionDays * DAY_MS);
      setSettings(current);
      setRecords(await s.listAuditRecords());
    } catch (e) {
      setProblem(
        `Recital could not read the audit log (${e instanceof Error ? e.message : String(e)}). Reload this page; if that does not help, restart the browser.`,
      );
    }
  }, []);

  useEffect(() => {
    openStore().then(
      (s) => {
        setStore(s);
        void refresh(s);
      },
      (e: unknown) =>
        setProblem(
          `Recital could not open its storage (${e instanceof Error ? e.message : String(e)}). Private windows block extension storage: open this page in a normal window.`,
        ),
    );
  }, [openStore, refresh]);

  const clear = async (onCleared: () => void): Promise<void> => {
    if (!store) return;
    try {
      await store.clearAudit();
      onCleared();
      await refresh(store);
    } catch (e) {
      setProblem(
        `The audit log could not be cleared (${e instanceof Error ? e.message : String(e)}). Try again.`,
      );
    }
  };

  return { records, settings, problem, clear };
}
