import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './process-alive.js';
import { projectRoot } from './project-root.js';

/** What a running `npm start` records so that the CLI works on the same data. */
export interface LocalState {
  pid: number;
  mongoUri: string;
  redisUrl: string;
  apiUrl: string;
}

export function localDir(): string {
  return join(projectRoot(), '.local');
}

const statePath = (): string => join(localDir(), 'state.json');

export function writeLocalState(state: LocalState): void {
  mkdirSync(localDir(), { recursive: true });
  writeFileSync(statePath(), JSON.stringify(state, null, 2));
}

export function removeLocalState(): void {
  rmSync(statePath(), { force: true });
}

/** The state of a running `npm start`, or undefined when none runs. */
export function readLocalState(): LocalState | undefined {
  let state: LocalState;
  try {
    state = JSON.parse(readFileSync(statePath(), 'utf8')) as LocalState;
  } catch {
    return undefined;
  }
  return isProcessAlive(state.pid) ? state : undefined;
}
