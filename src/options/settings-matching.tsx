import { useState } from 'preact/hooks';
import type { SettingsGroupProps } from './settings-group';

/** The shortest passage to flag, and whether near copies count. */
export function SettingsMatching({ settings, save }: SettingsGroupProps) {
  const [minWords, setMinWords] = useState(String(settings.minWords));
  const minWordsValue = Number(minWords);
  const isMinWordsValid =
    Number.isInteger(minWordsValue) && minWordsValue >= 1 && minWordsValue <= 1000;
  return (
    <fieldset class="recital-card recital-settings__group">
      <legend class="recital-card__title">What to flag</legend>
      <div class="recital-field">
        <label class="recital-label" for="s-min-words">
          Shortest passage to flag <span class="recital-muted">(words, 1 to 1000)</span>
        </label>
        <input
          id="s-min-words"
          class="recital-input recital-settings__number"
          type="number"
          min={1}
          max={1000}
          step={1}
          value={minWords}
          aria-invalid={!isMinWordsValid}
          aria-describedby="s-min-words-help"
          onInput={(e) => setMinWords(e.currentTarget.value)}
          onChange={() =>
            isMinWordsValid &&
            minWordsValue !== settings.minWords &&
            void save({ minWords: minWordsValue })
          }
        />
        <p
          id="s-min-words-help"
          class={isMinWordsValid ? 'recital-muted recital-settings__help' : 'recital-field-error'}
        >
          {isMinWordsValid
            ? 'Shorter runs of shared words are common phrases, not copying. 12 is a good start.'
            : 'Enter a whole number from 1 to 1000.'}
        </p>
      </div>
      <label class="recital-settings__check">
        <input
          type="checkbox"
          checked={settings.includeNear}
          onChange={(e) => void save({ includeNear: e.currentTarget.checked })}
        />
        <span>
          Also flag near-verbatim passages
          <span class="recital-muted recital-settings__help">
            {' '}
            Copies with a few words changed, added or dropped.
          </span>
        </span>
      </label>
    </fieldset>
  );
}
