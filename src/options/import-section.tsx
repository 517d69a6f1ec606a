import type { RefObject } from 'preact';
import { FileImport } from './file-import';
import type { LibraryClient } from './library-client';
import { PasteForm } from './paste-form';

interface ImportSectionProps {
  sectionRef: RefObject<HTMLElement | null>;
  client: LibraryClient | undefined;
  onChanged: () => Promise<void>;
}

export function ImportSection({ sectionRef, client, onChanged }: ImportSectionProps) {
  return (
    <section
      id="import"
      ref={sectionRef}
      tabIndex={-1}
      class="recital-section"
      aria-labelledby="import-heading"
    >
      <div class="recital-section__head">
        <h2 id="import-heading">Import</h2>
      </div>
      <p class="recital-section__intro">
        Add files from your computer, or paste a text. Recital keeps the words only; formatting and
        images are left out.
      </p>
      <div class="recital-import-grid">
        <FileImport client={client} onChanged={onChanged} />
        <PasteForm client={client} onChanged={onChanged} />
      </div>
    </section>
  );
}
