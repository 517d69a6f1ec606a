// A chatbot page at a host the manifest does not name (the generic adapter's case), shared by the
// Chromium and Firefox tests of enabling Recital on another site.
import type { LiveFixture } from './stream';

export const CHAT_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Example chat</title></head><body>
<main id="chat">
  <div class="message" data-role="user"><div class="bubble"><p>Tell me about the lighthouse keeper.</p></div></div>
  <div class="message" data-role="assistant"><div class="bubble"><p id="first-answer">Happy to help. Keepers led quiet, orderly lives on remote rocks.</p></div></div>
</main>
<template id="bot-reply"><div class="message" data-role="assistant"><div class="bubble"><p class="stream"></p></div></div></template>
</body></html>`;

export const LIVE: LiveFixture = {
  template: '#bot-reply',
  container: '#chat',
  streamInto: '.stream',
  toggles: [],
};
