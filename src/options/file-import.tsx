import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ImportProgress } from './import-progress';
import { ImportResults } from './import-results';
import type { LibraryClient } from './library-client';
import { useImportBatch } from './use-import-batch';

const ACCEPTED_EXTENSIONS = '.txt,.md,.html,.htm,.epub,.pdf,.docx';

interface FileImportProps {
  client: LibraryClient | undefined;
  onChanged: () => Promise<void>;
}

/** Choose or drop many files; they are imported one by one with progress and a result per file. */
export function FileImport({ client, onChanged }: FileImportProps) {
  const id = useId();
  const batch = useImportBatch(client, onChanged);
  const { progress, results, summary, isRunning, isStopping, start, stop, clear } = batch;
  const [isDragOver, setIsDragOver] = useState(false);

  const canImport = client !== undefined && !isRunning;
  const outcomeRef = useRef<HTMLDivElement>(null);

  // The batch's outcome shows here, beside the controls the user started from, and takes focus:
  // the library above may have grown by a page meanwhile, and the news must not land off-screen.
  useEffect(() => {
    if (!summary) return;
    outcomeRef.current?.focus({ preventScroll: true });
    outcomeRef.current?.scrollIntoView({ block: 'nearest' });
  }, [summary]);

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
      <div
        ref={outcomeRef}
        tabIndex={-1}
        class="recital-import-outcome"
        role="group"
        aria-label="Import outcome"
      >
        <ImportProgress
          progress={progress}
          isRunning={isRunning}
          isStopping={isStopping}
          summary={summary}
          indexing={batch.indexing}
          indexError={batch.indexError}
          onCancel={stop}
        />
        <ImportResults results={results} onClear={isRunning ? undefined : clear} />
      </div>
    </div>
  );
}
