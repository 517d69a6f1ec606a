import { SITES } from '../sites/index';

/** The name of a chatbot site for people, or its id when Recital no longer knows it. */
export function siteLabelOf(siteId: string): string {
  return SITES.find((s) => s.id === siteId)?.label ?? siteId;
}
