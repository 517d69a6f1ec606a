// One probe series as it runs: put a prompt into the chat, wait for the user to send it and for
// the reply to complete, score it, keep it, step on when the user asks.
import { useEffect, useRef, useState } from 'preact/hooks';
import { scoreProbe, type ProbeCut } from '../core/index';
import type { LibraryDocument, ProbeRecord } from '../library/store/index';
import type { ChatTab, ProbeClient } from './probe-client';
import { fillTemplate, type ProbeSetup } from './probe-plan';

/** How often the page asks the background for the chat's replies while it waits. */
const POLL_MS = 1000;

type ProbeStep =
  | { kind: 'ready' }
  | { kind: 'waiting'; prompt: string }
  | { kind: 'scored'; record: ProbeRecord }
  | { kind: 'done' };

export interface ProbeSeries {
  runId: string;
  doc: LibraryDocument;
  tab: ChatTab;
  setup: ProbeSetup;
  cuts: ProbeCut[];
}

export interface ProbeRun {
  position: number;
  step: ProbeStep;
  problem: string | undefined;
  /** Puts the current probe's prompt into the chat's prompt box (never sends it). */
  fill(): Promise<void>;
  /** The next passage (after a scored or skipped probe). */
  next(): void;
}

export function useProbeRun(
  series: ProbeSeries,
  client: ProbeClient,
  save: (record: ProbeRecord) => Promise<void>,
): ProbeRun {
  const [position, setPosition] = useState(0);
  const [step, setStep] = useState<ProbeStep>(
    series.cuts.length > 0 ? { kind: 'ready' } : { kind: 'done' },
  );
  const [problem, setProblem] = useState<string>();
  const known = useRef<Set<string>>(new Set());

  // While waiting: the answer is the newest reply that was not on the page at the fill.
  useEffect(() => {
    if (step.kind !== 'waiting') return undefined;
    const cut = series.cuts[position];
    if (!cut) return undefined;
    let stopped = false;
    const timer = setInterval(() => {
      void client.replyTexts(series.tab.tabId).then(async (replies) => {
        if (stopped || !replies) return;
        const fresh = replies.filter((r) => !known.current.has(r.replyId));
        const answer = fresh[fresh.length - 1];
        if (!answer?.isComplete) return;
        stopped = true;
        clearInterval(timer);
        const record: ProbeRecord = {
          id: `${series.runId}:${position}`,
          runId: series.runId,
          time: Date.now(),
          docId: series.doc.id,
          title: series.doc.title,
          ...(series.doc.author !== undefined && { author: series.doc.author }),
          siteId: series.tab.siteId,
          url: series.tab.url,
          wordStart: cut.wordStart,
          prefixWords: series.setup.prefixWords,
          continuationWords: series.setup.continuationWords,
          prompt: step.prompt,
          prefix: cut.prefix,
          continuation: cut.continuation,
          reply: answer.text,
          scores: scoreProbe(cut.prefix, cut.continuation, answer.text),
        };
        try {
          await save(record);
        } catch (e) {
          setProblem(
            `The probe was scored but not saved: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
        setStep({ kind: 'scored', record });
      });
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [step, position, series, client, save]);

  const fill = async (): Promise<void> => {
    const cut = series.cuts[position];
    if (!cut) return;
    setProblem(undefined);
    const replies = await client.replyTexts(series.tab.tabId);
    if (!replies) {
      setProblem('Recital cannot reach the chat tab. Is it still open?');
      return;
    }
    known.current = new Set(replies.map((r) => r.replyId));
    const prompt = fillTemplate(series.setup.template, cut.prefix);
    const filled = await client.fillComposer(series.tab.tabId, prompt);
    if (!filled.ok) {
      setProblem(`${filled.error.message} You can copy the prompt below and paste it yourself.`);
      setStep({ kind: 'waiting', prompt });
      return;
    }
    setStep({ kind: 'waiting', prompt });
    await client.showTab(series.tab.tabId);
  };

  const next = (): void => {
    const following = position + 1;
    setPosition(following);
    setProblem(undefined);
    setStep(following < series.cuts.length ? { kind: 'ready' } : { kind: 'done' });
  };

  return { position, step, problem, fill, next };
}
