import type { MergeField } from '@app/domain';
import { movesInWords } from '../suggestions/describe';
import type { MergePreview } from '../suggestions/types';
import { chosenHolder, fieldLabel, IDENTIFIER_FIELD, valueLabel, type MergeConflict, type MergePicks } from './picks';

const WARNINGS: Record<string, string> = {
  both_recently_active:
    'Both profiles were active in the last 30 days: merging two profiles in use can confuse the customer.',
};

interface MergePreviewDetailsProps {
  preview: MergePreview;
  picks: MergePicks;
  onPick: (field: MergeField, customerId: string) => void;
  /** While the merge is being sent, picks no longer change. */
  disabled: boolean;
}

/** What moves, the kept profile's fields after the merge with a choice wherever the profiles disagree, and warnings. */
export function MergePreviewDetails({ preview, picks, onPick, disabled }: MergePreviewDetailsProps) {
  const moves = movesInWords(preview.moves);
  const { result, conflicts } = preview;
  const conflictOf = (field: string): MergeConflict | undefined =>
    conflicts.find((conflict) => conflict.field === field);
  const pick = (field: string) => {
    const conflict = conflictOf(field);
    return conflict ? (
      <FieldPick conflict={conflict} preview={preview} picks={picks} onPick={onPick} disabled={disabled} />
    ) : undefined;
  };
  const pickedIdentifierTypes = conflicts.flatMap((conflict) =>
    conflict.field.startsWith(IDENTIFIER_FIELD) ? [conflict.field.slice(IDENTIFIER_FIELD.length)] : [],
  );
  const plainIdentifiers = result.uniqueIdentifiers.filter(
    (identifier) => !pickedIdentifierTypes.includes(identifier.type),
  );

  return (
    <div className="preview" data-testid="merge-preview">
      <h3>What moves to the kept profile</h3>
      {moves.length > 0 ? (
        <ul className="moves" data-testid="merge-moves">
          {moves.map((move) => (
            <li key={move}>{move}</li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="merge-moves">
          Nothing but the profile itself.
        </p>
      )}

      <h3>Result</h3>
      {conflicts.length > 0 ? (
        <p className="muted small">The profiles disagree where you see a choice: pick the value to keep.</p>
      ) : null}
      <dl className="fields" data-testid="merge-result">
        <dt>Name</dt>
        <dd>{pick('name') ?? result.name ?? <span className="muted">none</span>}</dd>
        <dt>Kind</dt>
        <dd>{pick('kind') ?? valueLabel('kind', result.kind)}</dd>
        <dt>Contact data</dt>
        <dd>
          {result.contactData.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="plain">
              {result.contactData.map((contact) => (
                <li key={`${contact.type}:${contact.value}`}>
                  {contact.type} {contact.value}
                  {contact.grantsAccess ? <span className="badge">grants access</span> : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Unique identifiers</dt>
        <dd>
          {plainIdentifiers.length === 0 && pickedIdentifierTypes.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="plain">
              {plainIdentifiers.map((identifier) => (
                <li key={`${identifier.type}:${identifier.value}`}>
                  {identifier.type} {identifier.value}
                </li>
              ))}
              {pickedIdentifierTypes.map((type) => (
                <li key={type}>{pick(`${IDENTIFIER_FIELD}${type}`)}</li>
              ))}
            </ul>
          )}
        </dd>
      </dl>

      {preview.warnings.length > 0 ? (
        <ul className="warnings" role="note" data-testid="merge-warnings">
          {preview.warnings.map((warning, index) => (
            <li key={`${warning.code}:${index}`}>{WARNINGS[warning.code] ?? warning.code.replaceAll('_', ' ')}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface FieldPickProps {
  conflict: MergeConflict;
  preview: MergePreview;
  picks: MergePicks;
  onPick: (field: MergeField, customerId: string) => void;
  disabled: boolean;
}

/** One radio per value of a field the profiles disagree on; the checked one is what the result keeps. */
function FieldPick({ conflict, preview, picks, onPick, disabled }: FieldPickProps) {
  const chosen = chosenHolder(conflict, preview.result, picks);
  const field = conflict.field as MergeField;
  const identifierType = field.startsWith(IDENTIFIER_FIELD) ? field.slice(IDENTIFIER_FIELD.length) : undefined;
  const sideOf = (customerId: string): string =>
    customerId === preview.survivor.id ? 'the kept profile' : 'the removed profile';
  return (
    <fieldset className="pick" data-testid="merge-pick" data-field={field} disabled={disabled}>
      {identifierType ? (
        <legend className="pick-legend">{identifierType}</legend>
      ) : (
        <legend className="visually-hidden">{fieldLabel(field)} to keep</legend>
      )}
      {conflict.values.map((value) => (
        <label key={value.customerId} className="choice-option">
          <input
            type="radio"
            name={`pick-${field}`}
            value={value.customerId}
            checked={chosen === value.customerId}
            onChange={() => onPick(field, value.customerId)}
          />
          <span>
            {valueLabel(field, value.value)} <span className="muted small">from {sideOf(value.customerId)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
