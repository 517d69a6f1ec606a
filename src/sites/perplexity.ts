import { defineSite } from './define-site';

export const site = defineSite({
  id: 'perplexity',
  label: 'Perplexity',
  matches: ['https://www.perplexity.ai/*', 'https://perplexity.ai/*'],
  replySelector: [
    'div[id^="markdown-content-"]',
    // 2026-08+: an empty placeholder sibling shares the classes but has no rendered markdown.
    '.prose.dark\\:prose-invert.inline:has([data-renderer="lm"])',
  ],
  // 2026-09 user bubbles render markdown with the same classes.
  notInside: ['[class*="group/user-bubble"]'],
  exclude: ['[data-testid="code-language-indicator"]', '[data-testid="copy-code-button"]'],
  streaming: {
    page: ['button[aria-label^="Stop response"]'],
  },
});
