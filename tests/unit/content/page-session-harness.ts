import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';
import { makeGenericSite } from '../../../src/sites/generic';
import type { ContentToBackground, Message, Send } from '../../../src/shared/messages';
import type { Result } from '../../../src/shared/result';

export const site = makeGenericSite('https://chat.example', '.reply');

export interface Pending {
  message: Message<ContentToBackground>;
  resolve: (r: Result<unknown>) => void;
}

export function fakeBackground() {
  const pending: Pending[] = [];
  const send = ((type, payload) =>
    new Promise((resolve) =>
      pending.push({
        message: { type, payload } as Message<ContentToBackground>,
        resolve: resolve as (r: Result<unknown>) => void,
      }),
    )) as Send<ContentToBackground>;
  return { pending, send };
}

export type ReplyChanged = ContentToBackground['replyChanged']['request'];

export function changeOf(pending: Pending | undefined): ReplyChanged['change'] | undefined {
  return (pending?.message.payload as ReplyChanged | undefined)?.change;
}

export function frames() {
  let queue: (() => void)[] = [];
  return {
    requestFrame: (cb: () => void) => void queue.push(cb),
    async run() {
      await new Promise((r) => setTimeout(r, 0));
      const q = queue;
      queue = [];
      q.forEach((cb) => cb());
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

export function addReply(text: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'reply';
  el.textContent = text;
  document.body.append(el);
  return el;
}

/**
 * The shadow roots created during each test, newest last: the overlay's is closed, so a test
 * gets it the way only its creator can, from `attachShadow`'s return value.
 */
export function captureShadowRoots() {
  let spy: MockInstance<Element['attachShadow']> | undefined;
  beforeEach(() => {
    spy = vi.spyOn(Element.prototype, 'attachShadow');
  });
  afterEach(() => spy?.mockRestore());
  return {
    roots: (): ShadowRoot[] => spy?.mock.results.map((r) => r.value as ShadowRoot) ?? [],
  };
}
