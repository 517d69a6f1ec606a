import type { BrowserContext, Page } from 'playwright-core';

export interface WorldMark {
  /** The text the mark covers on screen; `null` for a mark out of view. */
  text: string | null;
  inside: boolean;
}

export function marksInWorld(arg: { kind: string; selector?: string }): WorldMark[];

export function markColorsInWorld(arg: { kind: string }): string[];

export function cardInWorld(): {
  text: string;
  box: { x: number; y: number; width: number; height: number };
  button: { x: number; y: number } | null;
} | null;

export function markCentreInWorld(arg: { kind: string }): { x: number; y: number } | null;

export interface IsolatedWorld {
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  detach(): Promise<void>;
}

export function isolatedWorld(
  context: BrowserContext,
  page: Page,
  timeoutMs?: number,
): Promise<IsolatedWorld>;
