import { SITES } from '../sites/index';

/** The name of a chatbot site for people: a built-in's label, a user site's host. */
export function siteLabelOf(siteId: string): string {
  return SITES.find((s) => s.id === siteId)?.label ?? siteId.replace(/^generic:/, '');
}
