import { defineSite } from './define-site';

// CSS-module classes keep a stable prefix and a hashed suffix, hence [class*=...].
export const site = defineSite({
  id: 'poe',
  label: 'Poe',
  matches: ['https://poe.com/*'],
  replySelector: [
    '[id^="message-"]:has([class*="Message_leftSideMessageBubble"])',
    '[id^="message-"]:has([class*="Message_botMessageBubble"])',
  ],
  textRoot: ['[class*="Markdown_markdownContainer"]', '[class*="Message_selectableText"]'],
  exclude: [
    '[class*="MessageOverflowActions"]',
    '[class*="MarkdownCodeBlock_codeHeader"]',
    '[class*="MarkdownCodeBlock_languageName"]',
  ],
  streaming: {
    reply: ['[data-complete="false"]'],
    page: ['button[aria-label="Stop message"]'],
  },
});
