import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { out } from './print.js';
import { positiveSetting } from './settings.js';

/**
 * `npm run bench:reliability`: the proof suites at the sizes (PROOF_SCALE=bench): R1 10,000 deliveries sent
 * 1–3 times, R2 100 racers and 1,000 numbers, R3 200 merges, detaches, moves and undos with the worker SIGKILLed 20
 * times, R4 Redis and the database out for R4_OUTAGE_SECONDS (20) during ingest, R5 10,000 fuzzed requests per inbound
 * endpoint, R6 the authorization matrix and R8 replays. They are the CI tests themselves, run by Jest against its own local services (127.0.0.1
 * only), one file after another; the run is stopped after RELIABILITY_BUDGET_MINUTES. Prints every figure the suites
 * report, then whether each passed.
 */
const BUDGET_MINUTES = positiveSetting('RELIABILITY_BUDGET_MINUTES', 45);
const SUITES = [
  'apps/api/src/authorization-matrix.int-spec.ts',
  'apps/api/src/inbound/inbound-fuzzing.int-spec.ts',
  'apps/worker/src/mail/smtp-fuzzing.int-spec.ts',
  'test/reliability.e2e-spec.ts',
  'test/worker-kills.e2e-spec.ts',
  'test/outages.e2e-spec.ts',
];
const FIGURE = /^R\d+ /;

const jest = spawn(
  process.execPath,
  ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', ...SUITES],
  { env: { ...process.env, PROOF_SCALE: 'bench' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
);
const results: string[] = [];
createInterface({ input: jest.stdout }).on('line', (line) => {
  if (FIGURE.test(line)) out(line);
});
createInterface({ input: jest.stderr }).on('line', (line) => {
  if (/^\s*(PASS|FAIL|Tests:|✕|●)/.test(line)) results.push(line.trim());
});
const started = Date.now();
out(`Reliability proofs at bench size (budget ${BUDGET_MINUTES} min): ${SUITES.join(', ')}`);
const budget = setTimeout(() => {
  out(`stopped: the budget of ${BUDGET_MINUTES} minutes ran out`);
  // Jest and the services it started run in the group of the child started here.
  if (jest.pid !== undefined) process.kill(-jest.pid, 'SIGTERM');
}, BUDGET_MINUTES * 60_000);
jest.on('exit', (code) => {
  clearTimeout(budget);
  for (const line of results) out(line);
  out(
    `${code === 0 ? 'all proofs held' : 'a proof failed or did not finish'} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  process.exit(code ?? 1);
});
