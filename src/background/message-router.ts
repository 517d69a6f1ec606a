import type { ContentToBackground, Handlers, PopupToBackground } from '../shared/messages';
import { dispatch } from '../shared/messages';
import { isPracticePageUrl } from '../shared/practice-page';
import { err, type Result } from '../shared/result';
import type { MessageSenderLike } from './content-handlers';

export type SenderKind = 'content' | 'page' | 'practice' | 'foreign';

/**
 * Who sent a message. Our extension pages (popup, options, an options tab) have our origin as
 * their URL; our content scripts have our id, a tab and the page's URL. Anything else (another
 * extension, a web page through externally_connectable) is foreign.
 */
export function classifySender(sender: MessageSenderLike, extensionId: string): SenderKind {
  if (sender.id !== extensionId) return 'foreign';
  const origin = `chrome-extension://${extensionId}/`;
  const url = sender.url ?? '';
  // Firefox gives extension pages a moz-extension:// URL with a per-install UUID, not the id.
  if (url.startsWith(origin) || url.startsWith('moz-extension://'))
    // The practice chat is a page that also runs the content pipeline, in a tab of its own.
    return typeof sender.tab?.id === 'number' && isPracticePageUrl(url) ? 'practice' : 'page';
  if (typeof sender.tab?.id === 'number' && /^https?:\/\//.test(url)) return 'content';
  return 'foreign';
}

/** True when `message` names a content message (own property of the content handlers). */
function isContentMessage(handlers: object, message: unknown): boolean {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(handlers, type);
}

/**
 * The one onMessage dispatcher of the background: content-script messages go to the content
 * handlers, extension-page messages to the page handlers, and each only reaches its own map.
 */
export function createMessageRouter(deps: {
  extensionId: string;
  content: Handlers<ContentToBackground, MessageSenderLike>;
  pages: Handlers<PopupToBackground, MessageSenderLike>;
}): (message: unknown, sender: MessageSenderLike) => Promise<Result<unknown>> {
  return async (message, sender) => {
    switch (classifySender(sender, deps.extensionId)) {
      case 'content':
        return dispatch(deps.content, message, sender);
      case 'page':
        return dispatch(deps.pages, message, sender);
      case 'practice':
        return isContentMessage(deps.content, message)
          ? dispatch(deps.content, message, sender)
          : dispatch(deps.pages, message, sender);
      default:
        return err('forbidden-sender', 'Messages are accepted only from Recital itself.');
    }
  };
}
