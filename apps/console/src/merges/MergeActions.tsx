import { useState } from 'react';
import type { ConsoleContext } from '../consoleContext';
import type { CustomerProfile } from '../customers/types';
import { ProfileMergeDialog, type MergeDirection } from './ProfileMergeDialog';

interface MergeActionsProps {
  context: ConsoleContext;
  customer: CustomerProfile;
  onMerged: (survivorId: string) => void;
}

/** "Merge with…" (this profile is kept) and "Merge into…" (this one is removed) on a customer page. */
export function MergeActions({ context, customer, onMerged }: MergeActionsProps) {
  const [direction, setDirection] = useState<MergeDirection | null>(null);
  return (
    <div className="actions merge-actions">
      <button
        className="button button-small button-secondary"
        type="button"
        title="Find another profile of this person and merge it into this one, which is kept"
        data-testid="merge-with-button"
        onClick={() => setDirection('with')}
      >
        Merge with…
      </button>
      <button
        className="button button-small button-secondary"
        type="button"
        title="Find the profile to keep and merge this one into it; this one is removed"
        data-testid="merge-into-button"
        onClick={() => setDirection('into')}
      >
        Merge into…
      </button>
      {direction ? (
        <ProfileMergeDialog
          context={context}
          customer={customer}
          direction={direction}
          onClose={() => setDirection(null)}
          onMerged={(survivorId) => {
            setDirection(null);
            onMerged(survivorId);
          }}
        />
      ) : null}
    </div>
  );
}
