// The content script's fillComposer command: the prompt is checked, then handed to the filler;
// a page without a prompt box answers an error the probe page shows.
import { describe, expect, it } from 'vitest';
import { createContentHandlers, type FillComposer } from '../../../src/content/content-handlers';

describe('fillComposer', () => {
  it('hands a good prompt to the filler and answers what it filled', async () => {
    const seen: string[] = [];
    const fill: FillComposer = (prompt) => {
      seen.push(prompt);
      return { ok: true, kind: 'contenteditable' };
    };
    const handlers = createContentHandlers(() => undefined, undefined, undefined, fill);
    expect(await handlers.fillComposer({ prompt: 'Continue: It was' }, undefined)).toEqual({
      ok: true,
      value: { kind: 'contenteditable' },
    });
    expect(seen).toEqual(['Continue: It was']);
  });

  it.each([
    ['no payload', null],
    ['no prompt', {}],
    ['an empty prompt', { prompt: '   ' }],
    ['a number', { prompt: 5 }],
    ['a prompt past 20,000 characters', { prompt: 'x'.repeat(20_001) }],
  ])('refuses %s without filling anything', async (_name, payload) => {
    let filled = 0;
    const handlers = createContentHandlers(
      () => undefined,
      undefined,
      undefined,
      () => {
        filled++;
        return { ok: true, kind: 'textarea' };
      },
    );
    const answer = await handlers.fillComposer(payload as never, undefined);
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
    expect(filled).toBe(0);
  });

  it('passes on why the box could not be filled', async () => {
    const handlers = createContentHandlers(
      () => undefined,
      undefined,
      undefined,
      () => ({
        ok: false,
        message: 'Recital found no prompt box on this page.',
      }),
    );
    expect(await handlers.fillComposer({ prompt: 'x' }, undefined)).toEqual({
      ok: false,
      error: { code: 'no-composer', message: 'Recital found no prompt box on this page.' },
    });
  });
});
