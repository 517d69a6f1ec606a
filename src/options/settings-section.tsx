import './settings.css';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { LibrarySettings } from '../library/store/index';
import { Notice } from '../ui/notice';
import { SettingsAudit } from './settings-audit';
import { SettingsColors } from './settings-colors';
import { SettingsMatching } from './settings-matching';
import { SettingsSites } from './settings-sites';
import { SettingsTeam } from './settings-team';
import { openSettingsClient, type SettingsClient } from './settings-client';

interface SettingsSectionProps {
  openClient?: () => Promise<SettingsClient>;
  /** Changes when the settings were saved elsewhere on the page (a backup restore): read again. */
  revision?: number;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Matching, sites, colours and the audit log; every change is saved and applied at once. */
export function SettingsSection({
  openClient = openSettingsClient,
  revision = 0,
}: SettingsSectionProps) {
  const [client, setClient] = useState<SettingsClient>();
  const [settings, setSettings] = useState<LibrarySettings>();
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string>();

  const sectionRef = useRef<HTMLElement>(null);
  const isLoaded = settings !== undefined;

  // The popup links to #settings; the section renders after the page's hash scroll happened.
  useEffect(() => {
    if (isLoaded && location.hash === '#settings') {
      sectionRef.current?.scrollIntoView({ block: 'start' });
      sectionRef.current?.focus({ preventScroll: true });
    }
  }, [isLoaded]);

  const clientPromise = useMemo(() => openClient(), [openClient]);
  useEffect(() => {
    clientPromise
      .then(async (c) => {
        const s = await c.load();
        setClient(c);
        setSettings(s);
      })
      .catch((e: unknown) =>
        setProblem(`Recital could not read its settings (${errorText(e)}). Reload this page.`),
      );
  }, [clientPromise, revision]);

  const save = async (patch: Partial<LibrarySettings>): Promise<void> => {
    if (!client || !settings) return;
    const before = settings;
    // Optimistic, so a checkbox shows its new state at once; a failed save puts it back.
    setSettings({ ...settings, ...patch });
    setStatus('Saving…');
    try {
      const next = await client.save(patch);
      setSettings(next);
      setProblem(undefined);
      setStatus('Saved. Open chat tabs are updated.');
    } catch (e) {
      setSettings(before);
      setStatus('');
      setProblem(`That setting was not saved: ${errorText(e)}`);
    }
  };

  const removeSite = async (origin: string): Promise<void> => {
    if (!client) return;
    setStatus('Removing…');
    try {
      setSettings(await client.removeSite(origin));
      setProblem(undefined);
      setStatus(`Removed ${new URL(origin).host}.`);
    } catch (e) {
      setStatus('');
      setProblem(`The site was not removed: ${errorText(e)}`);
    }
  };

  return (
    <section
      ref={sectionRef}
      id="settings"
      class="recital-section recital-settings"
      aria-labelledby="settings-title"
      tabIndex={-1}
    >
      <div class="recital-section__head">
        <h2 id="settings-title">Settings</h2>
        <p class="recital-section__count" role="status">
          {status}
        </p>
      </div>
      {problem && <Notice tone="error">{problem}</Notice>}
      {!settings && !problem && <p class="recital-muted">Loading your settings…</p>}
      {settings && (
        <div class="recital-settings__grid">
          <SettingsMatching settings={settings} save={save} />
          <SettingsSites settings={settings} save={save} removeSite={removeSite} />
          <SettingsColors settings={settings} save={save} />
          <SettingsAudit settings={settings} save={save} />
          <SettingsTeam settings={settings} save={save} />
        </div>
      )}
    </section>
  );
}
