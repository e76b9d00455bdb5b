import type { TiedProcess } from './tied-process.js';

export interface RunningService {
  /** Connection string for clients (mongodb://… or redis://…). */
  url: string;
  /** True when the URL came from the environment and nothing was started. */
  external: boolean;
  port?: number;
  process?: TiedProcess;
  stop(): Promise<void>;
}
