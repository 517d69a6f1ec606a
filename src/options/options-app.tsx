import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { Notice } from '../ui/notice';
import { Toast, type ToastMessage } from '../ui/toast';
import { ImportSection } from './import-section';
import { LibrarySection } from './library-section';
import { SettingsSection } from './settings-section';
import type { LibraryClient, LibraryEntry, StorageUsage } from './library-client';
import { PageHeader } from '../ui/page-header';

interface OptionsAppProps {
  openClient: () => Promise<LibraryClient>;
}

export interface ShowToast {
  (text: string, action?: { label: string; run: () => void }): void;
}

/** The library manager: what Recital protects, and the ways to add to it. */
export function OptionsApp({ openClient }: OptionsAppProps) {
  const [client, setClient] = useState<LibraryClient>();
  const [entries, setEntries] = useState<LibraryEntry[]>();
  const [storage, setStorage] = useState<StorageUsage>();
  const [loadError, setLoadError] = useState<string>();
  const [toast, setToast] = useState<ToastMessage>();
  // Bumped when a backup restore saved settings, so the settings section reads them again.
  const [settingsRevision, setSettingsRevision] = useState(0);
  const onSettingsRestored = useCallback(() => setSettingsRevision((n) => n + 1), []);
  const toastId = useRef(0);
  const importRef = useRef<HTMLElement>(null);

  const refresh = useCallback(async (c: LibraryClient) => {
    try {
      const [list, usage] = await Promise.all([c.list(), c.storage()]);
      setEntries(list);
      setStorage(usage);
      setLoadError(undefined);
    } catch (error) {
      setLoadError(
        `Recital could not read your library (${error instanceof Error ? error.message : String(error)}). Reload this page; if that does not help, restart the browser.`,
      );
    }
  }, []);

  useEffect(() => {
    openClient().then(
      (c) => {
        setClient(c);
        void refresh(c);
      },
      (error: unknown) =>
        setLoadError(
          `Recital could not open its library in this browser (${error instanceof Error ? error.message : String(error)}). Private windows and some privacy settings block storage for extensions: open Recital in a normal window, or allow site data, then reload.`,
        ),
    );
  }, [openClient, refresh]);

  const showToast = useCallback<ShowToast>((text, action) => {
    toastId.current += 1;
    const message: ToastMessage = { id: toastId.current, text };
    if (action) {
      message.actionLabel = action.label;
      message.onAction = () => {
        setToast(undefined);
        action.run();
      };
    }
    setToast(message);
  }, []);

  const dismissToast = useCallback(() => setToast(undefined), []);

  // Every change the page makes: re-read the list, then let the background reload its index.
  const onChanged = useCallback(async () => {
    if (!client) return;
    await refresh(client);
    await client.notifyChanged();
  }, [client, refresh]);

  const goToImport = useCallback(() => {
    importRef.current?.focus();
    importRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, []);

  return (
    <div class="recital-page">
      <PageHeader
        title="Recital"
        tagline="Recital flags AI chatbot replies that copy your protected texts word for word. Your library never leaves this browser."
        nav={{
          label: 'Sections',
          links: [
            { href: '#library', text: 'Library' },
            { href: '#import', text: 'Import' },
            { href: '#settings', text: 'Settings' },
            { href: '/src/audit/index.html', text: 'Audit log' },
            { href: '/src/probe/index.html', text: 'Probe' },
          ],
        }}
      />
      <main class="recital-main">
        {loadError && <Notice tone="error">{loadError}</Notice>}
        <LibrarySection
          client={client}
          entries={entries}
          storage={storage}
          onChanged={onChanged}
          onSettingsRestored={onSettingsRestored}
          showToast={showToast}
          goToImport={goToImport}
        />
        <ImportSection sectionRef={importRef} client={client} onChanged={onChanged} />
        <SettingsSection revision={settingsRevision} />
      </main>
      <Toast toast={toast} onDismiss={dismissToast} />
    </div>
  );
}
