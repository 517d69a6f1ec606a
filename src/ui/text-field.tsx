interface TextFieldProps {
  id: string;
  label: string;
  /** A muted note after the label, shown in parentheses. */
  hint?: string;
  value: string;
  onInput: (value: string) => void;
}

/** A labelled one-line text input, laid out as the library's forms lay out their fields. */
export function TextField({ id, label, hint, value, onInput }: TextFieldProps) {
  return (
    <div class="recital-field">
      <label class="recital-label" for={id}>
        {label}
        {hint && (
          <>
            {' '}
            <span class="recital-muted">({hint})</span>
          </>
        )}
      </label>
      <input
        id={id}
        class="recital-input"
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </div>
  );
}
