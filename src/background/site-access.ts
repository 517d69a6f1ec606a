// The one module that drives Chrome's dynamic content scripts and optional host permissions for
// sites the user enables. Firefox path: the same scripting and permissions calls exist in Firefox
// MV3 (128+), but `persistAcrossSessions` is ignored there and registrations end with the
// browser session, so the background re-registers every user site at startup (`sync`).
import { browser } from '../shared/browser';
import { originPattern } from '../shared/user-sites';
import { extensionRelativePath } from './extension-path';

export interface SiteAccess {
  /** True when the user granted the host permission of `origin`. */
  hasPermission(origin: string): Promise<boolean>;
  /** Runs the content script on `origin` from now on, and in tab `tabId` at once. */
  enable(tabId: number, origin: string): Promise<void>;
  /** Unregisters the origin's content script and gives its host permission back. */
  disable(origin: string): Promise<void>;
  /** Registers the content script for every origin that still has its permission. */
  sync(origins: readonly string[]): Promise<void>;
}

function scriptIdOf(origin: string): string {
  return `recital-site:${origin}`;
}

/**
 * The built content script the manifest lists: one self-contained file (no chunks for pages to
 * probe), relative to the extension's root as registerContentScripts needs it in Firefox too.
 */
function contentScriptFiles(): string[] {
  return (browser.runtime.getManifest().content_scripts?.[0]?.js ?? []).map(extensionRelativePath);
}

export function createSiteAccess(): SiteAccess {
  const hasPermission = (origin: string): Promise<boolean> =>
    browser.permissions.contains({ origins: [originPattern(origin)] });

  async function register(origin: string): Promise<void> {
    const id = scriptIdOf(origin);
    const js = contentScriptFiles();
    const [existing] = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
    if (!existing) {
      await browser.scripting.registerContentScripts([
        {
          id,
          matches: [originPattern(origin)],
          js,
          runAt: 'document_idle',
          persistAcrossSessions: true,
        },
      ]);
      return;
    }
    // A registration persisted by an earlier version may name a file this build no longer has.
    if (existing.js?.map(extensionRelativePath).join('\n') !== js.join('\n'))
      await browser.scripting.updateContentScripts([{ id, js }]);
  }

  return {
    hasPermission,
    async enable(tabId, origin) {
      if (!(await hasPermission(origin))) throw new Error(`No permission for ${origin}.`);
      await register(origin);
      // The content script guards against a second run, so injecting into a tab that the
      // registered script already reached is harmless.
      await browser.scripting.executeScript({ target: { tabId }, files: contentScriptFiles() });
    },
    async disable(origin) {
      await browser.scripting
        .unregisterContentScripts({ ids: [scriptIdOf(origin)] })
        .catch(() => undefined);
      await browser.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
    },
    async sync(origins) {
      for (const origin of origins) {
        if (await hasPermission(origin)) await register(origin).catch(() => undefined);
      }
    },
  };
}
