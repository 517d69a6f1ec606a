// The words of a backup restore: what a backup would change before anything is written, and
// what was done afterwards. Every sentence must stay true whichever parts the user chose.
import type { LibrarySettings, SettingsDiff } from '../library/store/index';
import { SITES } from '../sites/index';
import { formatBytes } from '../ui/format-bytes';
import type { BackupReport } from './library-client';

export interface RestoreStatus {
  tone: 'info' | 'success' | 'error';
  text: string;
  details?: string[];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const onOff = (isOn: boolean): string => (isOn ? 'on' : 'off');
const arrow = (before: string, after: string): string => `${before} → ${after}`;
const keptFor = (days: number): string =>
  days === 0 ? 'until you clear them' : plural(days, 'day', 'days');

function siteLines(before: readonly string[], after: readonly string[]): string[] {
  const ids = [...new Set([...SITES.map((site) => site.id), ...before, ...after])];
  return ids
    .filter((id) => before.includes(id) !== after.includes(id))
    .map((id) => {
      const label = SITES.find((site) => site.id === id)?.label ?? id;
      return `${label}: ${arrow(onOff(!before.includes(id)), onOff(!after.includes(id)))}`;
    });
}

const SETTING_NAMES: Record<keyof LibrarySettings, string> = {
  minWords: 'Shortest span reported',
  includeNear: 'Report near-verbatim copies',
  disabledSites: 'Chatbot sites',
  highlightColors: 'Highlight colours',
  auditEnabled: 'Audit log',
  auditRetentionDays: 'Keep audit records',
  userSites: 'Sites you enabled',
  markReplies: 'Mark copies in the page',
  teamCatalogue: 'Team catalogue',
};

/** One line per setting the backup would change, in plain words: "ChatGPT: on → off". */
export function describeSettingChanges({ current, patch }: SettingsDiff): string[] {
  const lines: string[] = [];
  const { minWords, includeNear, disabledSites, highlightColors, auditEnabled } = patch;
  if (minWords !== undefined)
    lines.push(`${SETTING_NAMES.minWords}: ${arrow(`${current.minWords}`, `${minWords}`)} words`);
  if (includeNear !== undefined)
    lines.push(
      `${SETTING_NAMES.includeNear}: ${arrow(onOff(current.includeNear), onOff(includeNear))}`,
    );
  if (disabledSites) lines.push(...siteLines(current.disabledSites, disabledSites));
  for (const kind of ['exact', 'near'] as const) {
    const before = current.highlightColors[kind];
    const after = highlightColors?.[kind] ?? before;
    if (after !== before)
      lines.push(`${kind === 'exact' ? 'Exact' : 'Near'} colour: ${arrow(before, after)}`);
  }
  if (auditEnabled !== undefined)
    lines.push(
      `${SETTING_NAMES.auditEnabled}: ${arrow(onOff(current.auditEnabled), onOff(auditEnabled))}`,
    );
  if (patch.markReplies !== undefined)
    lines.push(
      `${SETTING_NAMES.markReplies}: ${arrow(onOff(current.markReplies), onOff(patch.markReplies))}`,
    );
  if (patch.auditRetentionDays !== undefined)
    lines.push(
      `${SETTING_NAMES.auditRetentionDays}: ${arrow(keptFor(current.auditRetentionDays), keptFor(patch.auditRetentionDays))}`,
    );
  return lines;
}

/** Why settings of the backup that differ are left as they are. */
export function describeSettingsNotRestored({ notRestored }: SettingsDiff): string[] {
  return notRestored.map(({ key, reason }) =>
    reason === 'per-site'
      ? 'Sites you enabled yourself are not restored from a backup: enable each again with Recital’s button on that site.'
      : `${SETTING_NAMES[key]}: the backup’s value cannot be read by this version of Recital, so yours stays as it is.`,
  );
}

/** The documents part of a preview: what would be added and what is already there. */
export function describeDocumentsToRestore(
  toAdd: { count: number; bytes: number },
  skipped: number,
): string {
  const add =
    toAdd.count === 0
      ? 'No documents to add: the backup holds none that your library lacks.'
      : `${plural(toAdd.count, 'document', 'documents')} to add (${formatBytes(toAdd.bytes)}).`;
  if (skipped === 0) return add;
  return `${add} ${plural(skipped, 'document is', 'documents are')} already in your library and will be left as ${skipped === 1 ? 'it is' : 'they are'}.`;
}

function documentSentences(report: BackupReport): string[] {
  const parts: string[] = [];
  if (report.added > 0) parts.push(`Restored ${plural(report.added, 'document', 'documents')}.`);
  if (report.duplicates > 0)
    parts.push(
      report.duplicates === 1
        ? '1 document was already in your library, so it was left as it is.'
        : `${report.duplicates} documents were already in your library, so they were left as they are.`,
    );
  if (report.failed.length > 0)
    parts.push(`${plural(report.failed.length, 'document', 'documents')} could not be restored:`);
  return parts;
}

/**
 * Sentences for a finished restore, the good news first. `settingsOffered`: how many setting
 * changes the preview listed (0 when the backup's settings match the library's).
 */
export function describeBackupReport(report: BackupReport, settingsOffered: number): RestoreStatus {
  const parts = documentSentences(report);
  if (parts.length === 0) parts.push('The backup held no documents.');
  if (report.added === 0 && !report.settingsApplied) parts.unshift('Nothing changed.');
  if (report.settingsApplied)
    parts.push(
      `Applied ${plural(settingsOffered, 'setting', 'settings')} from the backup; open chat tabs are updated.`,
    );
  else if (report.settingsError)
    parts.push(`The backup’s settings were not applied: ${report.settingsError}`);
  else if (settingsOffered > 0) parts.push('You kept your current settings.');
  const isError = report.failed.length > 0 || report.settingsError !== undefined;
  const status: RestoreStatus = { tone: isError ? 'error' : 'success', text: parts.join(' ') };
  if (report.failed.length > 0)
    status.details = report.failed.map((f) => `“${f.title}”: ${f.message}`);
  return status;
}
