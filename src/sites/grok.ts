import { defineSite } from './define-site';

export const site = defineSite({
  id: 'grok',
  label: 'Grok',
  matches: ['https://grok.com/*'],
  replySelector: ['[id^="response-"].items-start', '[data-testid="assistant-message"]'],
  textRoot: ['.response-content-markdown', '.message-bubble'],
  exclude: [
    '.thinking-container',
    '.action-buttons',
    // Code-block header: the language label is select-none chrome.
    '[data-testid="code-block"] .select-none',
  ],
  streaming: {
    page: ['button[aria-label="Stop model response"]'],
  },
});
