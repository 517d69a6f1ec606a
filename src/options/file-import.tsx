import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ImportProgress } from './import-progress';
import { ImportResults } from './import-results';
import type { LibraryClient } from './library-client';
import {
  runImportBatch,
  toBatchFiles,
  type BatchFileResult,
  type BatchProgress,
  type BatchSummary,
} from './run-import-batch';

const ACCEPTED_EXTENSIONS = '.txt,.md,.html,.htm,.epub,.pdf,.docx';

// A result and a progress report arrive for every file, hundreds a minute in a big batch; the
// page draws them at most this often, so drawing takes little of the time the import needs.
const DRAW_EVERY_MS = 100;

interface FileImportProps {
  client: LibraryClient | undefined;
  onChanged: () => Promise<void>;
}

/** Choose or drop many files; they are imported one by one with progress and a result per file. */
export function FileImport({ client, onChanged }: FileImportProps) {
  const id = useId();
  const [progress, setProgress] = useState<BatchProgress>();
  const [results, setResults] = useState<BatchFileResult[]>([]);
  const [summary, setSummary] = useState<BatchSummary>();
  const [isRunning, setIsRunning] = useState(false);
  const [isStopping, setIsStopping] = useState(false);
  const [isDragOver, setIsDragOver] = useState(false);
  const stopRequested = useRef(false);
  const undrawn = useRef<{
    results: BatchFileResult[];
    progress?: BatchProgress;
    timer?: ReturnType<typeof setTimeout>;
  }>({ results: [] });

  const draw = (): void => {
    const { results: added, progress: latest, timer } = undrawn.current;
    clearTimeout(timer);
    undrawn.current = { results: [] };
    if (added.length > 0) setResults((previous) => [...previous, ...added]);
    if (latest) setProgress(latest);
  };
  const drawSoon = (): void => {
    undrawn.current.timer ??= setTimeout(draw, DRAW_EVERY_MS);
  };

  // Leaving mid-batch would silently drop the files not yet imported: ask first.
  useEffect(() => {
    if (!isRunning) return undefined;
    const warn = (e: BeforeUnloadEvent): void => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isRunning]);

  const start = async (files: File[]): Promise<void> => {
    if (!client || isRunning || files.length === 0) return;
    stopRequested.current = false;
    setIsRunning(true);
    setIsStopping(false);
    setSummary(undefined);
    setResults([]);
    const batch = toBatchFiles(files);
    const done = await runImportBatch(batch, (file) => client.startImport(file), {
      onProgress: (latest) => {
        undrawn.current.progress = latest;
        drawSoon();
      },
      onResult: (result) => {
        undrawn.current.results.push(result);
        drawSoon();
      },
      shouldStop: () => stopRequested.current,
      inFlight: client.importCapacity,
    });
    client.finishImports();
    draw();
    setSummary(done);
    setIsRunning(false);
    setIsStopping(false);
    if (done.imported > 0) await onChanged();
  };

  const canImport = client !== undefined && !isRunning;

  return (
    <div class="recital-card recital-file-import">
      <h3 class="recital-card__title">Import files</h3>
      <div
        class={`recital-dropzone${isDragOver ? ' recital-dropzone--over' : ''}${canImport ? '' : ' recital-dropzone--disabled'}`}
        onDragEnter={(e) => {
          e.preventDefault();
          if (!canImport) return;
          setIsDragOver(true);
          client.prepareImports();
        }}
        onDragOver={(e) => {
          e.preventDefault();
          if (e.dataTransfer) e.dataTransfer.dropEffect = canImport ? 'copy' : 'none';
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setIsDragOver(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setIsDragOver(false);
          if (canImport) void start([...(e.dataTransfer?.files ?? [])]);
        }}
      >
        <p class="recital-dropzone__lead">
          {isRunning ? 'You can add more files when this import finishes' : 'Drag your files here'}
        </p>
        <p class="recital-muted">or</p>
        <span class="recital-file-button">
          <input
            id={`${id}-files`}
            class="recital-visually-hidden"
            type="file"
            multiple
            accept={ACCEPTED_EXTENSIONS}
            disabled={!canImport}
            aria-describedby={`${id}-formats`}
            // The file dialog opens: the import workers start and warm up while the user picks.
            onClick={() => client?.prepareImports()}
            onChange={(e) => {
              const input = e.currentTarget;
              const files = [...(input.files ?? [])];
              input.value = '';
              void start(files);
            }}
          />
          <label
            for={`${id}-files`}
            class="recital-button recital-button--primary"
            aria-disabled={!canImport}
          >
            Choose files…
          </label>
        </span>
        <p id={`${id}-formats`} class="recital-muted recital-dropzone__formats">
          Plain text (.txt), Markdown (.md), web pages (.html), e-books (.epub), PDF and Word
          (.docx). You can pick many at once.
        </p>
      </div>
      <ImportProgress
        progress={progress}
        isRunning={isRunning}
        isStopping={isStopping}
        summary={summary}
        onCancel={() => {
          stopRequested.current = true;
          setIsStopping(true);
        }}
      />
      <ImportResults
        results={results}
        onClear={
          isRunning
            ? undefined
            : () => {
                setResults([]);
                setSummary(undefined);
                setProgress(undefined);
              }
        }
      />
    </div>
  );
}
