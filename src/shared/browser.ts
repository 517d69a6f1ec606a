// The only import of webextension-polyfill: tests mock this one module, and a Firefox build
// gets the same promise-based API.
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime } from 'webextension-polyfill';
