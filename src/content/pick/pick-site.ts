import type { ContentToBackground, Send } from '../../shared/messages';
import type { SiteDefinition } from '../../sites/define-site';
import { makeGenericSite } from '../../sites/generic';
import { startPickMode, type PickMode } from './pick-reply';

/**
 * Pick mode for a site the user enables: the picked reply selector is saved by the background
 * (`replyPicked`), and on success a session starts for the new generic site. The channel opened
 * for the save closes when pick mode ends.
 */
export function pickSite(deps: {
  doc: Document;
  openSend: (signal: AbortSignal) => Send<ContentToBackground>;
  startSession: (site: SiteDefinition) => void;
}): PickMode {
  const { doc } = deps;
  const life = new AbortController();
  const send = deps.openSend(life.signal);
  const { origin, host } = doc.location;
  const mode = startPickMode(
    doc,
    ({ selector, matchCount }) => {
      void send('replyPicked', { origin, replySelector: selector, matchCount }).then((result) => {
        life.abort();
        if (result.ok) deps.startSession(makeGenericSite(origin, selector));
        mode.finish(
          result.ok
            ? `Recital now checks replies on ${host} (${matchCount} on this page).`
            : `Recital could not save this site: ${result.error.message}`,
        );
      });
    },
    () => life.abort(),
  );
  return {
    finish: mode.finish,
    cancel: () => {
      life.abort();
      mode.cancel();
    },
  };
}
