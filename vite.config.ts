import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import base from './manifest.json' with { type: 'json' };

const browser = process.env.BROWSER === 'firefox' ? 'firefox' : 'chrome';

// Firefox MV3 has no service worker background yet: crxjs reads background.scripts[0] there.
const manifest = (
  browser === 'firefox'
    ? {
        ...base,
        background: { scripts: [base.background.service_worker], type: 'module' },
        browser_specific_settings: {
          gecko: {
            id: 'recital@recital.invalid',
            strict_min_version: '142.0',
            data_collection_permissions: { required: ['none'] },
          },
        },
      }
    : base
) as ManifestV3Export;

export default defineConfig({
  plugins: [crx({ manifest, browser })],
  build: {
    outDir: browser === 'firefox' ? 'dist-firefox' : 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Pages the manifest does not name: crxjs builds only the ones it references.
    rollupOptions: {
      input: {
        audit: 'src/audit/index.html',
        welcome: 'src/welcome/index.html',
        check: 'src/check/index.html',
      },
    },
  },
});
