// What the team catalogue group does outside the page: the host permission for the service's
// origin (asked in the click, the only time the browser allows it) and the connection test.
import { browser } from '../shared/browser';
import type { Result } from '../shared/result';
import type { TeamCatalogueSettings } from '../shared/team-catalogue';
import { checkTeamServer } from '../shared/team-client';
import { originPattern } from '../shared/user-sites';

export interface TeamAccess {
  /** Asks the browser for the origin's host permission; false when declined. */
  request(origin: string): Promise<boolean>;
  /** Gives the origin's host permission back. */
  remove(origin: string): Promise<void>;
  /** "Test connection": health, then a scan of a tiny text with the token. */
  check(team: TeamCatalogueSettings): Promise<Result<string>>;
}

const TEST_TIMEOUT_MS = 8_000;

export const browserTeamAccess: TeamAccess = {
  request: (origin) =>
    browser.permissions.request({ origins: [originPattern(origin)] }).catch(() => false),
  async remove(origin) {
    await browser.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
  },
  check: (team) =>
    checkTeamServer(team, {
      fetch: (url, init) => fetch(url, init),
      timeoutMs: TEST_TIMEOUT_MS,
    }),
};
