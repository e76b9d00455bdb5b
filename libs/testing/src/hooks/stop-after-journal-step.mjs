// Loaded into an app process with `node --import` by crash tests (see crash-hooks.ts): when the journal step named
// by STOP_AFTER_JOURNAL_STEP (`merge:move-conversations`) has been recorded — or, with STOP_AFTER_JOURNAL_STEPS=n,
// the n-th step of any journal this process records — the whole process freezes as a crash would leave it, and says
// so on stdout so the test knows when to kill it. Plain JavaScript: it runs in the built app.
import { subscribe } from 'node:diagnostics_channel';
import { writeSync } from 'node:fs';

const wanted = process.env.STOP_AFTER_JOURNAL_STEP;
const stepsBeforeStop = Number(process.env.STOP_AFTER_JOURNAL_STEPS ?? 0);
let recorded = 0;

subscribe('contact-center:journal.step', ({ journal, undo, id, step }) => {
  // A detach's or a move's undo is a journal of the same kind with steps of the same names: named apart here.
  const name = undo ? `${journal}-undo` : journal;
  recorded += 1;
  if (`${name}:${step}` === wanted) freeze(`${name} ${id} stopped after ${step}`);
  else if (recorded === stepsBeforeStop) freeze(`journal step ${recorded} (${name} ${id} ${step}) stopped`);
});

function freeze(line) {
  writeSync(1, `${line}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
