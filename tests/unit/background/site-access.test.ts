import { beforeEach, describe, expect, it, vi } from 'vitest';

interface Registered {
  id: string;
  matches?: string[];
  js?: string[];
}

const fake = vi.hoisted(() => ({
  granted: new Set<string>(),
  registered: [] as Registered[],
  calls: [] as string[],
  /** The content script's file as runtime.getManifest() gives it (Firefox: an absolute URL). */
  manifestJs: 'src/content/index.js',
}));

vi.mock('../../../src/shared/browser', () => ({
  browser: {
    runtime: {
      getManifest: () => ({
        content_scripts: [{ js: [fake.manifestJs], matches: ['https://chatgpt.com/*'] }],
      }),
    },
    permissions: {
      contains: async ({ origins }: { origins: string[] }) =>
        origins.every((o) => fake.granted.has(o)),
      remove: async ({ origins }: { origins: string[] }) =>
        origins.every((o) => fake.granted.delete(o)),
    },
    scripting: {
      getRegisteredContentScripts: async ({ ids }: { ids: string[] }) =>
        fake.registered.filter((s) => ids.includes(s.id)),
      registerContentScripts: async (scripts: Registered[]) => {
        fake.calls.push(...scripts.map((s) => `register ${s.id} ${s.js?.join()}`));
        fake.registered.push(...scripts);
      },
      updateContentScripts: async (scripts: Registered[]) => {
        for (const update of scripts) {
          fake.calls.push(`update ${update.id} ${update.js?.join()}`);
          const current = fake.registered.find((s) => s.id === update.id);
          if (current) current.js = update.js;
        }
      },
      unregisterContentScripts: async ({ ids }: { ids: string[] }) => {
        fake.calls.push(...ids.map((id) => `unregister ${id}`));
        fake.registered = fake.registered.filter((s) => !ids.includes(s.id));
      },
      executeScript: async ({ target, files }: { target: { tabId: number }; files: string[] }) =>
        void fake.calls.push(`inject ${target.tabId} ${files.join()}`),
    },
  },
}));

const { createSiteAccess } = await import('../../../src/background/site-access');

const ORIGIN = 'https://chat.example.test';
const ID = `recital-site:${ORIGIN}`;

beforeEach(() => {
  fake.granted = new Set([`${ORIGIN}/*`]);
  fake.registered = [];
  fake.calls = [];
  fake.manifestJs = 'src/content/index.js';
});

describe('site access', () => {
  it('registers and injects the one self-contained content script the manifest lists', async () => {
    await createSiteAccess().enable(7, ORIGIN);
    expect(fake.calls).toEqual([
      `register ${ID} src/content/index.js`,
      'inject 7 src/content/index.js',
    ]);
    expect(fake.registered).toEqual([
      expect.objectContaining({ id: ID, matches: [`${ORIGIN}/*`], js: ['src/content/index.js'] }),
    ]);
  });

  it('registers and injects the root-relative path where the manifest gives a moz-extension:// URL (Firefox)', async () => {
    fake.manifestJs = 'moz-extension://0b6f5e2c-1f0a-4c2e-9d7e-5a1b2c3d4e5f/src/content/index.js';
    await createSiteAccess().enable(7, ORIGIN);
    expect(fake.calls).toEqual([
      `register ${ID} src/content/index.js`,
      'inject 7 src/content/index.js',
    ]);
  });

  it('refuses to enable an origin without its host permission', async () => {
    fake.granted.clear();
    await expect(createSiteAccess().enable(7, ORIGIN)).rejects.toThrow(
      `No permission for ${ORIGIN}.`,
    );
    expect(fake.calls).toEqual([]);
  });

  it.each([
    { case: 'a registration of this build is left alone', js: ['src/content/index.js'], calls: [] },
    {
      case: 'a registration naming an earlier build’s loader is pointed at this build’s file',
      js: ['assets/index.ts-loader-usAFH-Ca.js'],
      calls: [`update ${ID} src/content/index.js`],
    },
  ])('at startup, $case', async ({ js, calls }) => {
    fake.registered = [{ id: ID, matches: [`${ORIGIN}/*`], js }];
    await createSiteAccess().sync([ORIGIN]);
    expect(fake.calls).toEqual(calls);
    expect(fake.registered.map((s) => s.js)).toEqual([['src/content/index.js']]);
  });

  it('at startup, registers only the origins that still have their permission', async () => {
    await createSiteAccess().sync([ORIGIN, 'https://revoked.example.test']);
    expect(fake.calls).toEqual([`register ${ID} src/content/index.js`]);
  });

  it('disabling unregisters the script and gives the permission back', async () => {
    const access = createSiteAccess();
    await access.enable(7, ORIGIN);
    await access.disable(ORIGIN);
    expect(fake.registered).toEqual([]);
    expect(await access.hasPermission(ORIGIN)).toBe(false);
  });
});
