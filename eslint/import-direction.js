// @ts-check
// ESLint rule `recital/import-direction`: imports point inward (docs: STYLE.md rule 2). Each
// relative import is resolved against the importing file, so `../library/x` and
// `../../library/x` are judged by the folder they reach, not by how they are spelled.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** What each top-level folder of src/ may import besides itself. Folders not named are pages. */
export const ALLOWED_IMPORTS = {
  core: [],
  shared: ['core'],
  sites: ['core', 'shared'],
  library: ['core', 'shared', 'sites'],
  background: ['core', 'shared', 'sites', 'library'],
  content: ['core', 'shared', 'sites'],
  ui: ['core', 'shared', 'sites'],
  cli: ['core', 'library/import', 'shared'],
  server: ['core', 'library/import', 'shared'],
  // The practice chat: a page that runs the content pipeline itself (no content script can run
  // in an extension page; docs/architecture.md).
  practice: ['core', 'shared', 'sites', 'library', 'ui', 'content'],
};
/** A page (popup, options, audit, welcome, check, any new one) imports these, never another page. */
export const PAGE_IMPORTS = ['core', 'shared', 'sites', 'library', 'ui'];

/** `src/<folder>/...` of an absolute path, or undefined outside src/. */
function srcPath(file) {
  const relative = path.relative(path.join(ROOT, 'src'), file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep);
}

function allowedFor(folder) {
  return ALLOWED_IMPORTS[folder] ?? PAGE_IMPORTS;
}

function isAllowed(allowed, target) {
  return allowed.some((entry) => {
    const parts = entry.split('/');
    return parts.every((part, i) => target[i] === part);
  });
}

/** @type {import('eslint').Rule.RuleModule} */
export const importDirection = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports between the folders of src/ point inward (STYLE.md rule 2).' },
    schema: [],
    messages: {
      wrongDirection:
        'src/{{from}} may import only {{allowed}} (and itself), not src/{{to}}: imports point inward.',
    },
  },
  create(context) {
    const from = srcPath(context.filename);
    if (!from || from.length < 2) return {};
    const [folder] = from;
    const allowed = allowedFor(folder);
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = srcPath(path.resolve(path.dirname(context.filename), source));
      if (!target || target[0] === folder) return;
      if (isAllowed(allowed, target)) return;
      context.report({
        node,
        messageId: 'wrongDirection',
        data: {
          from: folder,
          to: (target.length > 1 ? target.slice(0, -1) : target).join('/'),
          allowed: allowed.length > 0 ? allowed.join(', ') : 'nothing else',
        },
      });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) =>
        node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
