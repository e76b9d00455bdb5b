import { useId } from 'react';
import type { ConfigField } from './channelFields';

interface ConfigInputsProps {
  fields: ConfigField[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  /** Rotating: every field may stay empty (it then keeps its value). */
  allOptional?: boolean;
}

/** The inputs of a channel's config; secrets are password inputs that never show a stored value. */
export function ConfigInputs({ fields, values, onChange, allOptional = false }: ConfigInputsProps) {
  const prefix = useId();
  return (
    <>
      {fields.map((field) => {
        const inputId = `${prefix}-${field.name}`;
        const optional = allOptional || field.optional;
        const common = {
          id: inputId,
          name: field.name,
          value: values[field.name] ?? '',
          placeholder: field.placeholder,
          required: !optional,
          spellCheck: false,
        };
        return (
          <div className="field" key={field.name}>
            <label htmlFor={inputId}>
              {field.label}
              {optional && !allOptional ? <span className="muted"> (optional)</span> : null}
            </label>
            {field.list ? (
              <textarea {...common} rows={3} onChange={(event) => onChange(field.name, event.target.value)} />
            ) : (
              <input
                {...common}
                type={field.secret ? 'password' : 'text'}
                autoComplete={field.secret ? 'new-password' : 'off'}
                onChange={(event) => onChange(field.name, event.target.value)}
              />
            )}
          </div>
        );
      })}
    </>
  );
}
