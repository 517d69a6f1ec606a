// Wiring only: pick the site adapter, start the page session, register the one onMessage listener.
import { browser, type Runtime } from '../shared/browser';
import { createSender, handle, type ContentToBackground } from '../shared/messages';
import { createContentHandlers } from './content-handlers';
import { watchHighlightColors } from './highlight-colors';
import { startPageSession, type PageSession } from './page-session';
import { siteForUrl } from './sites/index';

const site = siteForUrl(location.href);
let session: PageSession | undefined;

if (site) {
  const send = createSender<ContentToBackground>((message) => browser.runtime.sendMessage(message));
  session = startPageSession({ site, doc: document, send, signal: new AbortController().signal });
  watchHighlightColors(document, new AbortController().signal);
  const onMessage = handle(createContentHandlers(() => session), (sender: { id?: string }) => sender.id === browser.runtime.id);
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => onMessage(message, sender));
}
