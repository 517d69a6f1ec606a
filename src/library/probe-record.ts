// A memorization probe's record (issue #19), as the probe log keeps it and a backup carries it.
// Pure: the store and the backup format share its type and its check.
import type { ProbeScores } from '../core/index';
import { isRecord } from '../shared/is-record';

/** One probe: the prompt put into a chat, the reply the user got, and its scores. */
export interface ProbeRecord {
  /** `${runId}:${position}`: the same probe of a series is stored once. */
  id: string;
  /** One series of probes: one document, one chat, started at one time. */
  runId: string;
  /** Milliseconds since the epoch when the reply was scored. */
  time: number;
  docId: string;
  title: string;
  author?: string;
  /** The adapter of the chat (`chatgpt`, `generic:host`) and the page's address. */
  siteId: string;
  url: string;
  /** Document word where the prefix starts; the prefix and continuation lengths in words. */
  wordStart: number;
  prefixWords: number;
  continuationWords: number;
  /** The prompt as it went into the composer (the template filled with the prefix). */
  prompt: string;
  prefix: string;
  continuation: string;
  reply: string;
  scores: ProbeScores;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function isScores(v: unknown): v is ProbeScores {
  if (!isRecord(v)) return false;
  const counts = [
    'continuationWords',
    'replyWords',
    'longestRun',
    'inOrderWords',
    'exactStartWords',
    'firstWords',
  ];
  return (
    counts.every((key) => isCount(v[key])) &&
    typeof v.inOrderShare === 'number' &&
    v.inOrderShare >= 0 &&
    v.inOrderShare <= 1 &&
    typeof v.firstWordsExact === 'boolean' &&
    Array.isArray(v.spans)
  );
}

/** Whether `v` is a whole probe record (a backup's, checked before it is written). */
export function isProbeRecord(v: unknown): v is ProbeRecord {
  if (!isRecord(v)) return false;
  const strings = ['id', 'runId', 'docId', 'title', 'siteId', 'url', 'prompt', 'prefix'];
  return (
    strings.every((key) => isString(v[key])) &&
    isString(v.continuation) &&
    isString(v.reply) &&
    (v.author === undefined || isString(v.author)) &&
    isCount(v.time) &&
    isCount(v.wordStart) &&
    isCount(v.prefixWords) &&
    isCount(v.continuationWords) &&
    isScores(v.scores)
  );
}
