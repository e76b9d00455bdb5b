import { useId, useRef, useState } from 'react';

interface CopyFieldProps {
  label: string;
  value: string;
  testId?: string;
  /** Shown without its label (a table cell names it). */
  compact?: boolean;
}

/** A read-only value with a Copy button, for webhook URLs and keys pasted elsewhere. */
export function CopyField({ label, value, testId, compact = false }: CopyFieldProps) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Without clipboard permission the value is selected, ready for Ctrl+C.
      input.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  }

  return (
    <div className={compact ? 'copy-field copy-field-compact' : 'copy-field'}>
      <label htmlFor={inputId} className={compact ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <div className="copy-field-row">
        <input
          id={inputId}
          ref={input}
          readOnly
          value={value}
          data-testid={testId}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          className="button button-secondary button-small"
          type="button"
          onClick={() => void copy()}
          aria-label={`Copy ${label.toLowerCase()}`}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}
