// Loaded into an app process with `node --import` by crash tests (see crash-hooks.ts): when the journal step named
// by STOP_AFTER_JOURNAL_STEP (`merge:move-conversations`) has been recorded, the whole process freezes as a crash
// would leave it, and says so on stdout so the test knows when to kill it. Plain JavaScript: it runs in the built app.
import { subscribe } from 'node:diagnostics_channel';
import { writeSync } from 'node:fs';

const wanted = process.env.STOP_AFTER_JOURNAL_STEP;

subscribe('contact-center:journal.step', ({ journal, undo, id, step }) => {
  // A detach's or a move's undo is a journal of the same kind with steps of the same names: named apart here.
  const name = undo ? `${journal}-undo` : journal;
  if (`${name}:${step}` !== wanted) return;
  writeSync(1, `${name} ${id} stopped after ${step}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
