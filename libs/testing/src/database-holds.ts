import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import mongoose from 'mongoose';
import { JOURNAL_STEP_CHANNEL, type JournalStepRecorded } from '@app/identity';

/**
 * The collection methods a hold can stop: those answering a promise. A cursor (`find`, `aggregate`) is read
 * synchronously by some callers, so it goes ahead and the hold stops the next command.
 */
const HELD_METHODS = [
  'insertOne',
  'insertMany',
  'bulkWrite',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'countDocuments',
  'distinct',
] as const;

/** A point where one piece of work (a delivery, a journal) stops until the test lets it go on. */
class Hold {
  readonly arrival: Promise<void>;
  private arrived!: () => void;
  private readonly gate: Promise<void>;
  private open!: () => void;
  private released = false;

  constructor(
    private armed: boolean,
    private readonly stopsOn: (collection: string) => boolean,
  ) {
    this.arrival = new Promise((resolve) => (this.arrived = resolve));
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  arm(): void {
    this.armed = true;
  }

  /** Whether a command of this work on `collection` waits for the release. */
  stops(collection: string): boolean {
    if (!this.armed || this.released || !this.stopsOn(collection)) return false;
    this.arrived();
    return true;
  }

  wait(): Promise<void> {
    return this.gate;
  }

  release(): void {
    this.released = true;
    this.open();
  }
}

/** Work running up to its hold. */
export interface HeldWork<T> {
  /** Settles once the work waits at its hold, or has finished without reaching it. */
  readonly reached: Promise<void>;
  /** Lets the work go on; answers its outcome. */
  release(): Promise<T>;
}

const holds = new AsyncLocalStorage<Hold>();
let installed = false;

/**
 * Every mongoose collection method of `HELD_METHODS` first asks the hold of the work it runs for (the async context
 * the work was started in: a coalesced batch runs in the context of its first caller) whether to wait.
 */
function installHolds(): void {
  if (installed) return;
  installed = true;
  const prototype = mongoose.Collection.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of HELD_METHODS) {
    const send = prototype[method];
    prototype[method] = function (this: { name: string }, ...args: unknown[]) {
      const hold = holds.getStore();
      if (!hold?.stops(this.name)) return send.apply(this, args);
      return hold.wait().then(() => send.apply(this, args));
    };
  }
}

function held<T>(hold: Hold, work: () => Promise<T>, cleanup = () => {}): HeldWork<T> {
  installHolds();
  const done = holds.run(hold, work).finally(cleanup);
  const settled = done.then(
    () => undefined,
    () => undefined,
  );
  return {
    reached: Promise.race([hold.arrival, settled]),
    release: () => {
      hold.release();
      return done;
    },
  };
}

/** Runs `work` (a delivery) up to its first database command on `collection`, which waits for the release. */
export function holdBefore<T>(collection: string, work: () => Promise<T>): HeldWork<T> {
  return held(new Hold(true, (name) => name === collection), work);
}

/**
 * Runs `work` (a journal's executor, in this process) until it records `step` of `journal`: the journal-step
 * channel's message arms the hold of the work it is published from, so its next database command — the first of the
 * next step — waits for the release. The publish is synchronous; the wait happens in the work's own next await.
 */
export function holdAfterJournalStep<T>(journal: string, step: string, work: () => Promise<T>): HeldWork<T> {
  const hold = new Hold(false, () => true);
  const onStep = (message: unknown): void => {
    const recorded = message as JournalStepRecorded;
    if (recorded.journal === journal && recorded.step === step && holds.getStore() === hold) hold.arm();
  };
  subscribe(JOURNAL_STEP_CHANNEL, onStep);
  return held(hold, work, () => unsubscribe(JOURNAL_STEP_CHANNEL, onStep));
}
