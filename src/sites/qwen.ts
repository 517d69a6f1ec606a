import { defineSite } from './define-site';

export const site = defineSite({
  id: 'qwen',
  label: 'Qwen',
  matches: ['https://chat.qwen.ai/*'],
  replySelector: ['.qwen-chat-message-assistant'],
  // Other phase-* values are reported while thinking (unverified); never read those as the answer.
  textRoot: [
    '.response-message-content.phase-answer',
    '.response-message-content:not([class*="phase-think"])',
  ],
  exclude: [
    '[class*="qwen-chat-thinking"]',
    '.qwen-markdown-code-header',
    // Monaco code blocks: the line-number gutter; the code is in the aria-hidden .view-lines.
    '.monaco-editor .margin',
    '.monaco-editor .line-numbers',
  ],
  streaming: {
    // The send button turns into the enabled stop control while the model runs.
    page: ['.send-button:not(.disabled)'],
  },
});
