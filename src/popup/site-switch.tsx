// The per-site on/off switch in the popup's header: checking this site, yes or no.
import { useState } from 'preact/hooks';
import { setSiteEnabled } from './popup-client';

interface SiteSwitchProps {
  tabId: number;
  page: { siteId: string; url: string; isSiteEnabled: boolean };
  siteLabel: string;
  /** Fetch the report again: the switch's state is the report's, never a guess. */
  onChanged: () => void;
  onProblem: (message: string | undefined) => void;
}

export function SiteSwitch({ tabId, page, siteLabel, onChanged, onProblem }: SiteSwitchProps) {
  const [isBusy, setIsBusy] = useState(false);
  const toggle = async (): Promise<void> => {
    setIsBusy(true);
    onProblem(undefined);
    const result = await setSiteEnabled(tabId, page, !page.isSiteEnabled);
    setIsBusy(false);
    if (!result.ok)
      onProblem(
        `Recital could not switch ${siteLabel} ${page.isSiteEnabled ? 'off' : 'on'}: ${result.error.message}`,
      );
    onChanged();
  };
  return (
    <button
      type="button"
      role="switch"
      class="recital-switch"
      aria-checked={page.isSiteEnabled}
      disabled={isBusy}
      onClick={() => void toggle()}
    >
      <span class="recital-switch__track" aria-hidden="true">
        <span class="recital-switch__thumb" />
      </span>
      Check {siteLabel}
    </button>
  );
}
