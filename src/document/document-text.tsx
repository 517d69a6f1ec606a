import { memo } from 'preact/compat';
import { firstEndingAfter, type TextRange } from './find-in-text';

interface DocumentTextProps {
  text: string;
  chunks: readonly TextRange[];
  /** The passage a deep link asked for. */
  passage: TextRange | undefined;
  /** Search matches, sorted, not overlapping. */
  matches: readonly TextRange[];
  /** Index into `matches` of the one stepped to; -1 for none. */
  current: number;
}

interface Mark {
  start: number;
  end: number;
  className: string;
}

/** The marks inside [start, end): the passage and the matches, split where they overlap. */
function marksIn(range: TextRange, props: DocumentTextProps): Mark[] {
  const { passage, matches, current } = props;
  const cuts = new Set<number>();
  const inside = (r: TextRange): boolean => r.start < range.end && r.end > range.start;
  const nearby: { range: TextRange; index: number }[] = [];
  for (let i = firstEndingAfter(matches, range.start); i < matches.length; i++) {
    const match = matches[i];
    if (!match || match.start >= range.end) break;
    nearby.push({ range: match, index: i });
  }
  const hasPassage = passage !== undefined && inside(passage);
  for (const r of [...nearby.map((n) => n.range), ...(hasPassage ? [passage] : [])]) {
    cuts.add(Math.max(r.start, range.start));
    cuts.add(Math.min(r.end, range.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const marks: Mark[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    const classes: string[] = [];
    if (hasPassage && start >= passage.start && end <= passage.end)
      classes.push('recital-doc__passage');
    const match = nearby.find((n) => start >= n.range.start && end <= n.range.end);
    if (match)
      classes.push(
        match.index === current
          ? 'recital-doc__match recital-doc__match--current'
          : 'recital-doc__match',
      );
    if (classes.length > 0) marks.push({ start, end, className: classes.join(' ') });
  }
  return marks;
}

interface ChunkProps {
  text: string;
  start: number;
  end: number;
  marks: readonly Mark[];
  /** The marks as a string: a chunk renders again only when its own marks change. */
  signature: string;
}

/** One piece of the text: plain text nodes, and <mark> elements where something is marked. */
const Chunk = memo(
  function Chunk({ text, start, end, marks }: ChunkProps) {
    const parts = [];
    let at = start;
    for (const mark of marks) {
      if (mark.start > at) parts.push(text.slice(at, mark.start));
      parts.push(
        <mark key={mark.start} class={mark.className}>
          {text.slice(mark.start, mark.end)}
        </mark>,
      );
      at = mark.end;
    }
    if (at < end) parts.push(text.slice(at, end));
    return (
      <div class="recital-doc__chunk" data-start={start}>
        {parts}
      </div>
    );
  },
  (a, b) => a.text === b.text && a.start === b.start && a.signature === b.signature,
);

/**
 * The document's text in chunks (find-in-text.ts's chunkText): each is laid out only near the
 * view (content-visibility in document.css), and only the chunks whose marks change render again
 * when the user steps through matches, so a 5 MB text stays responsive.
 */
export function DocumentText(props: DocumentTextProps) {
  const { text, chunks } = props;
  return (
    <div class="recital-doc__text">
      {chunks.map((chunk) => {
        const marks = marksIn(chunk, props);
        const signature = marks.map((m) => `${m.start}-${m.end}-${m.className}`).join(',');
        return (
          <Chunk
            key={chunk.start}
            text={text}
            start={chunk.start}
            end={chunk.end}
            marks={marks}
            signature={signature}
          />
        );
      })}
    </div>
  );
}
