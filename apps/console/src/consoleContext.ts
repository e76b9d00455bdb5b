import type { CurrentUser } from './types';
import type { ConnectionState, ConsoleSocket } from './useRealtime';

/** What every page of the signed-in console shares: the user, the socket and its state. */
export interface ConsoleContext {
  token: string;
  user: CurrentUser;
  socket: ConsoleSocket | null;
  connection: ConnectionState;
  onUnauthorized: () => void;
}
