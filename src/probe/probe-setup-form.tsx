import type { RefObject } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { wordAtOffset } from '../core/index';
import type { LibraryDocument } from '../library/store/index';
import { siteLabelOf } from './site-label';
import type { ChatTab } from './probe-client';
import { checkSetup, DEFAULT_SETUP, PROMPT_TEMPLATES, type ProbeSetup } from './probe-plan';

export interface SetupFormProps {
  documents: LibraryDocument[];
  tabs: ChatTab[];
  initialDocId: string | undefined;
  readText: (docId: string) => Promise<string | undefined>;
  onStart: (doc: LibraryDocument, tab: ChatTab, setup: ProbeSetup) => void;
  onRefreshTabs: () => void;
}

/** Most characters of a document shown for picking places: the text view stays responsive. */
const PICK_VIEW_CHARS = 300_000;

const numberOf = (value: string): number => (value.trim() === '' ? NaN : Number(value));

/** The series' choices: document, chat, passages, lengths and the prompt. */
export function ProbeSetupForm(props: SetupFormProps) {
  const { documents, tabs } = props;
  const [docId, setDocId] = useState(props.initialDocId ?? documents[0]?.id ?? '');
  const [tabId, setTabId] = useState<number | undefined>(tabs[0]?.tabId);
  const [setup, setSetup] = useState<ProbeSetup>(DEFAULT_SETUP);
  const [text, setText] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const view = useRef<HTMLPreElement>(null);
  const doc = documents.find((d) => d.id === docId);
  const tab = tabs.find((t) => t.tabId === tabId) ?? tabs[0];
  const picked = setup.choice.kind === 'picked' ? setup.choice.wordStarts : [];

  const choose = async (kind: ProbeSetup['choice']['kind']): Promise<void> => {
    if (kind === 'chapters') setSetup({ ...setup, choice: { kind } });
    else if (kind === 'random') setSetup({ ...setup, choice: { kind, seed: 1 } });
    else {
      setSetup({ ...setup, choice: { kind, wordStarts: [] } });
      setText(await props.readText(docId));
    }
  };

  // The view holds one text node, so the selection's offset is an offset into the text.
  const addPicked = (): void => {
    const selection = view.current?.ownerDocument.getSelection();
    const node = selection?.anchorNode;
    if (!text || !node || node.parentNode !== view.current) {
      setProblem('Select a word in the text first.');
      return;
    }
    setProblem(undefined);
    const start = wordAtOffset(text, selection.anchorOffset);
    if (!picked.includes(start))
      setSetup({ ...setup, choice: { kind: 'picked', wordStarts: [...picked, start] } });
  };

  const submit = (event: Event): void => {
    event.preventDefault();
    const why = !doc ? 'Choose a document.' : !tab ? 'Open a chat first.' : checkSetup(setup);
    setProblem(why);
    if (!why && doc && tab) props.onStart(doc, tab, setup);
  };

  return (
    <form class="recital-card probe-setup" onSubmit={submit} noValidate>
      <div class="probe-setup__grid">
        <label class="recital-field">
          <span class="recital-label">Document</span>
          <select
            class="recital-input"
            value={docId}
            onChange={(e) => {
              setDocId(e.currentTarget.value);
              setText(undefined);
              if (setup.choice.kind === 'picked')
                setSetup({ ...setup, choice: { kind: 'chapters' } });
            }}
          >
            {documents.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
                {d.author ? ` (${d.author})` : ''}
              </option>
            ))}
          </select>
        </label>
        <ChatField tabs={tabs} tab={tab} onChoose={setTabId} onRefresh={props.onRefreshTabs} />
      </div>
      <ChoiceFields setup={setup} setSetup={setSetup} choose={(kind) => void choose(kind)} />
      {setup.choice.kind === 'picked' && (
        <PickPanel text={text} picked={picked.length} view={view} onAdd={addPicked} />
      )}
      <LengthAndPromptFields setup={setup} setSetup={setSetup} />
      {problem && (
        <p class="recital-field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" class="recital-button recital-button--primary">
        Start the probe series
      </button>
    </form>
  );
}

function NumberField(props: { label: string; value: number; onChange: (n: number) => void }) {
  return (
    <label class="recital-field">
      <span class="recital-label">{props.label}</span>
      <input
        class="recital-input"
        type="number"
        min={1}
        value={Number.isNaN(props.value) ? '' : props.value}
        onInput={(e) => props.onChange(numberOf(e.currentTarget.value))}
      />
    </label>
  );
}

type SetSetup = (setup: ProbeSetup) => void;

function ChoiceFields({
  setup,
  setSetup,
  choose,
}: {
  setup: ProbeSetup;
  setSetup: SetSetup;
  choose: (kind: ProbeSetup['choice']['kind']) => void;
}) {
  return (
    <fieldset class="recital-field probe-setup__choice">
      <legend class="recital-label">Passages</legend>
      <label>
        <input
          type="radio"
          name="choice"
          checked={setup.choice.kind === 'chapters'}
          onChange={() => choose('chapters')}
        />{' '}
        Chapter openings
      </label>
      <label>
        <input
          type="radio"
          name="choice"
          checked={setup.choice.kind === 'random'}
          onChange={() => choose('random')}
        />{' '}
        Random passages, seed{' '}
        <input
          class="recital-input probe-setup__small"
          type="number"
          aria-label="Seed"
          value={setup.choice.kind === 'random' ? setup.choice.seed : 1}
          disabled={setup.choice.kind !== 'random'}
          onInput={(e) =>
            setSetup({
              ...setup,
              choice: { kind: 'random', seed: numberOf(e.currentTarget.value) | 0 },
            })
          }
        />
      </label>
      <label>
        <input
          type="radio"
          name="choice"
          checked={setup.choice.kind === 'picked'}
          onChange={() => choose('picked')}
        />{' '}
        Places I pick in the text
      </label>
    </fieldset>
  );
}

function PickPanel(props: {
  text: string | undefined;
  picked: number;
  view: RefObject<HTMLPreElement | null>;
  onAdd: () => void;
}) {
  return (
    <div class="probe-pick">
      <p class="recital-muted">
        Select a word where a probe should start, then add it. {props.picked} picked.
      </p>
      <pre class="probe-pick__text" ref={props.view}>
        {props.text === undefined ? 'Loading the text…' : props.text.slice(0, PICK_VIEW_CHARS)}
      </pre>
      <button
        type="button"
        class="recital-button recital-button--secondary recital-button--small"
        onClick={props.onAdd}
      >
        Add the selected place
      </button>
    </div>
  );
}

function LengthAndPromptFields({ setup, setSetup }: { setup: ProbeSetup; setSetup: SetSetup }) {
  return (
    <>
      <div class="probe-setup__grid">
        <NumberField
          label="Probes"
          value={setup.count}
          onChange={(count) => setSetup({ ...setup, count })}
        />
        <NumberField
          label="Prefix words"
          value={setup.prefixWords}
          onChange={(prefixWords) => setSetup({ ...setup, prefixWords })}
        />
        <NumberField
          label="Continuation words"
          value={setup.continuationWords}
          onChange={(continuationWords) => setSetup({ ...setup, continuationWords })}
        />
      </div>
      <label class="recital-field">
        <span class="recital-label">Prompt template</span>
        <select
          class="recital-input"
          aria-label="Built-in templates"
          onChange={(e) => setSetup({ ...setup, template: e.currentTarget.value })}
        >
          {PROMPT_TEMPLATES.map((t) => (
            <option key={t.name} value={t.text}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label class="recital-field">
        <span class="recital-label">
          Prompt{' '}
          <span class="recital-muted">
            ({'{prefix}'} is replaced by the passage's opening words)
          </span>
        </span>
        <textarea
          class="recital-input probe-setup__template"
          value={setup.template}
          onInput={(e) => setSetup({ ...setup, template: e.currentTarget.value })}
        />
      </label>
    </>
  );
}

function ChatField(props: {
  tabs: ChatTab[];
  tab: ChatTab | undefined;
  onChoose: (tabId: number) => void;
  onRefresh: () => void;
}) {
  return (
    <div class="recital-field">
      <label class="recital-label" for="probe-tab">
        Chat
      </label>
      <select
        id="probe-tab"
        class="recital-input"
        value={props.tab?.tabId}
        onChange={(e) => props.onChoose(Number(e.currentTarget.value))}
      >
        {props.tabs.length === 0 && <option value="">No open chat Recital watches</option>}
        {props.tabs.map((t) => (
          <option key={t.tabId} value={t.tabId}>
            {siteLabelOf(t.siteId)}: {t.title}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="recital-button recital-button--ghost recital-button--small"
        onClick={props.onRefresh}
      >
        Look for open chats again
      </button>
    </div>
  );
}
