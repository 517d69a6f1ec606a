// The practice chat runs Recital's own reply pipeline in this extension page: a content script
// cannot be injected into an extension page, so the page starts the same page session a chatbot
// tab gets, talking to the background over the same port (see docs/architecture.md).
import { render } from 'preact';
import { startPageSession } from '../content/page-session';
import { browser } from '../shared/browser';
import { CONTENT_PORT_NAME, createSender, type ContentToBackground } from '../shared/messages';
import { createPortTransport } from '../shared/port-transport';
import '../ui/recital.css';
import './practice.css';
import { PracticeApp } from './practice-app';
import { practiceSite } from './practice-site';

const openSend = (signal: AbortSignal) =>
  createSender<ContentToBackground>(
    createPortTransport(() => browser.runtime.connect({ name: CONTENT_PORT_NAME }), signal),
  );

let isStarted = false;
// Started once the chat is on the page, after the sample library is there.
const startSession = (): void => {
  if (isStarted) return;
  isStarted = true;
  startPageSession({ site: practiceSite, doc: document, openSend, isExtensionPage: true });
};

render(<PracticeApp onChatShown={startSession} />, document.getElementById('app') as HTMLElement);
