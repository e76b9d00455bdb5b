import { channel } from 'node:diagnostics_channel';

/** A step of a multi-step change (a merge, a detach, an undo, a move), recorded in its journal. */
export interface JournalStepRecorded {
  journal: 'merge' | 'detach' | 'undo' | 'move';
  /** The journal undoes another of its kind (a detach's or a move's undo; a merge's is journal `undo`). */
  undo: boolean;
  tenantId: string;
  id: string;
  step: string;
}

/**
 * Published once a journal step is recorded and before the next one starts, for tracing and for crash tests that
 * stop a worker between two steps (a subscriber installed with `node --import`). Costs nothing without subscribers.
 */
export const JOURNAL_STEP_CHANNEL = 'contact-center:journal.step';

const stepRecorded = channel(JOURNAL_STEP_CHANNEL);

export function publishJournalStep(event: JournalStepRecorded): void {
  if (stepRecorded.hasSubscribers) stepRecorded.publish(event);
}
