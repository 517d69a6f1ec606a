import type { SiteDefinition } from './define-site';
import { site as chatgpt } from './chatgpt';
import { site as claude } from './claude';
import { site as copilot } from './copilot';
import { site as deepseek } from './deepseek';
import { site as gemini } from './gemini';
import { site as grok } from './grok';
import { site as meta } from './meta';
import { site as mistral } from './mistral';
import { site as perplexity } from './perplexity';
import { site as poe } from './poe';
import { site as qwen } from './qwen';

/** Every built-in site adapter. */
export const SITES: SiteDefinition[] = [
  chatgpt,
  claude,
  gemini,
  copilot,
  perplexity,
  deepseek,
  mistral,
  grok,
  poe,
  meta,
  qwen,
];

/**
 * True when `url` matches a manifest match pattern of the forms used here:
 * `scheme://host/path`, where scheme may be `*` (http or https), host may start with `*.`
 * (the host itself and its subdomains) and path may contain `*` wildcards.
 */
export function matchesPattern(pattern: string, url: string): boolean {
  const parts = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!parts) return false;
  const [, scheme = '', host = '', path = ''] = parts;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const protocol = parsed.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : protocol !== scheme)
    return false;
  const hostname = parsed.hostname;
  if (host.startsWith('*.')) {
    const base = host.slice(2);
    if (hostname !== base && !hostname.endsWith(`.${base}`)) return false;
  } else if (host !== '*' && hostname !== host) {
    return false;
  }
  const pathRegex = new RegExp(`^${path.split('*').map(escapeRegex).join('.*')}$`);
  return pathRegex.test(parsed.pathname + parsed.search);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The built-in adapter whose `matches` cover `url`, or undefined (also for invalid URLs). */
export function siteForUrl(
  url: string,
  sites: readonly SiteDefinition[] = SITES,
): SiteDefinition | undefined {
  return sites.find((site) => site.matches.some((pattern) => matchesPattern(pattern, url)));
}
