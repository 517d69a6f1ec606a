// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type LibrarySettings } from '../../../src/library/store/index';
import { SettingsTeam } from '../../../src/options/settings-team';
import type { TeamAccess } from '../../../src/options/team-access';
import { err, ok } from '../../../src/shared/result';

vi.mock('../../../src/shared/browser', () => ({ browser: {} }));

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function fakeAccess(granted = true) {
  return {
    request: vi.fn<TeamAccess['request']>(async () => granted),
    remove: vi.fn<TeamAccess['remove']>(async () => undefined),
    check: vi.fn<TeamAccess['check']>(async () => ok('Connected: the service answered.')),
  };
}

/** Renders the group over settings that `save` really changes, as the settings section does. */
async function mount(team: Partial<LibrarySettings['teamCatalogue']> = {}, granted = true) {
  let settings: LibrarySettings = {
    ...DEFAULT_SETTINGS,
    teamCatalogue: { ...DEFAULT_SETTINGS.teamCatalogue, ...team },
  };
  const access = fakeAccess(granted);
  const save = vi.fn(async (patch: Partial<LibrarySettings>) => {
    settings = { ...settings, ...patch };
    draw();
  });
  const draw = () => render(h(SettingsTeam, { settings, save, access }), root);
  await act(draw);
  return { access, save, settings: () => settings };
}

const $ = <T extends Element>(selector: string): T => {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};
const checkbox = () => $<HTMLInputElement>('input[type=checkbox]');
const button = (label: string): HTMLButtonElement => {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent === label);
  if (!found) throw new Error(`no button ${label}`);
  return found;
};
async function type(selector: string, value: string) {
  await act(() => {
    const input = $<HTMLInputElement>(selector);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function click(el: HTMLElement) {
  await act(async () => {
    el.click();
    await new Promise((r) => setTimeout(r, 0));
  });
}
async function toggle(isOn: boolean) {
  await act(async () => {
    checkbox().checked = isOn;
    checkbox().dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
  });
}

describe('the Team catalogue settings group', () => {
  it('is off by default and shows the token masked', async () => {
    await mount({ url: 'https://team.example.com', token: 'tok' });
    expect(checkbox().checked).toBe(false);
    expect($<HTMLInputElement>('#s-team-token').type).toBe('password');
    expect(root.textContent).toContain('when off, Recital sends nothing');
  });

  it('explains why plain http is refused for any host but this computer', async () => {
    await mount();
    await type('#s-team-url', 'http://team.example.com');
    expect($('#s-team-url-help').textContent).toContain('allowed only for localhost and 127.0.0.1');
    expect($('#s-team-url').getAttribute('aria-invalid')).toBe('true');
    await type('#s-team-url', 'http://127.0.0.1:8080');
    expect($('#s-team-url').getAttribute('aria-invalid')).toBe('false');
  });

  it('asks for exactly the server’s origin when turned on, then saves it on', async () => {
    const { access, settings } = await mount();
    await type('#s-team-url', 'https://team.example.com/recital');
    await type('#s-team-token', 'tok');
    await toggle(true);
    expect(access.request).toHaveBeenCalledWith('https://team.example.com');
    expect(settings().teamCatalogue).toEqual({
      enabled: true,
      url: 'https://team.example.com/recital',
      token: 'tok',
    });
    expect(checkbox().checked).toBe(true);
  });

  it('stays off, saying why, when the permission is declined or the fields are empty', async () => {
    const { save } = await mount({}, false);
    await toggle(true);
    expect(root.textContent).toContain('Enter the service’s address and token first.');
    await type('#s-team-url', 'https://team.example.com');
    await type('#s-team-token', 'tok');
    await toggle(true);
    expect(root.textContent).toContain(
      'needs your permission to connect to https://team.example.com',
    );
    expect(save).not.toHaveBeenCalled();
  });

  it('gives the permission back when turned off, and the old one when the address changes', async () => {
    const on = { enabled: true, url: 'https://a.example.com', token: 'tok' };
    const first = await mount(on);
    await toggle(false);
    expect(first.access.remove).toHaveBeenCalledWith('https://a.example.com');
    expect(first.settings().teamCatalogue.enabled).toBe(false);
    render(null, root);

    const second = await mount(on);
    await type('#s-team-url', 'https://b.example.com');
    await click(button('Save address and token'));
    expect(second.access.request).toHaveBeenCalledWith('https://b.example.com');
    expect(second.access.remove).toHaveBeenCalledWith('https://a.example.com');
    expect(second.settings().teamCatalogue).toEqual({ ...on, url: 'https://b.example.com' });
  });

  it.each([
    [err('unauthorized', 'the server refused the token (401)'), 'refused the token (401)'],
    [err('unreachable', 'x did not answer (Failed to fetch)'), 'could not reach team.example.com'],
    [err('not-recital', 'HTTP 404'), 'is not a Recital catalogue service'],
    [err('busy', '429'), 'is busy (429)'],
    [err('unavailable', '503'), 'cannot reach its catalogue (503)'],
    [ok('Connected: the service answered and accepted the token.'), 'Connected'],
  ])('tests the connection and says what it found (%j)', async (answer, says) => {
    const { access } = await mount({ url: 'https://team.example.com', token: 'tok' });
    access.check.mockResolvedValue(answer);
    await click(button('Test connection'));
    expect(access.request).toHaveBeenCalledWith('https://team.example.com');
    expect(access.check).toHaveBeenCalledWith({
      enabled: false,
      url: 'https://team.example.com',
      token: 'tok',
    });
    expect(root.textContent).toContain(says);
    // The setting is off: the test leaves no permission behind.
    expect(access.remove).toHaveBeenCalledWith('https://team.example.com');
  });
});
