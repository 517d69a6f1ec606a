// Firefox's runtime.getManifest() lists content scripts as absolute moz-extension:// URLs, while
// Chrome lists them as the manifest wrote them; scripting.registerContentScripts and
// executeScript accept only paths relative to the extension's root, in both browsers.

/** `file` as a path relative to the extension's root: `src/content/index.js`. */
export function extensionRelativePath(file: string): string {
  const isUrl = /^[a-z][a-z\d+.-]*:/i.test(file);
  const path = isUrl ? decodeURI(new URL(file).pathname) : file;
  return path.replace(/^\/+/, '');
}
