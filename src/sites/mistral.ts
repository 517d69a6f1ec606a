import { defineSite } from './define-site';

export const site = defineSite({
  id: 'mistral',
  label: 'Le Chat (Mistral)',
  matches: ['https://chat.mistral.ai/*'],
  replySelector: ['[data-message-author-role="assistant"]'],
  textRoot: ['[data-message-part-type="answer"]'],
  exclude: [
    '[data-message-part-type="reasoning"]',
    // Code-block header (devicon + language name + copy).
    '[data-testid="code-block"] .sticky',
    '.markdown-fenced-code-root .sticky',
  ],
  streaming: {
    page: ['form rect[rx="2"]'],
  },
});
