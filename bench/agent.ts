import type { AccountsService } from '@app/auth';
import { io, type Socket } from 'socket.io-client';
import { BENCH_PASSWORD } from './services.js';

/** An agent of the tenant, answering its email (the password is BENCH_PASSWORD). */
export async function createBenchAgent(accounts: AccountsService, tenantId: string, runId: string): Promise<string> {
  const email = `agent-${runId}@bench.example`;
  await accounts.createUser(tenantId, { email, password: BENCH_PASSWORD, name: 'Bench agent', role: 'agent' });
  return email;
}

/** An agent's access token, from the login route. */
export async function signIn(base: string, email: string): Promise<string> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

/** The console's socket.io connection, signed in with the token; it fails rather than reconnects. */
export async function connectConsole(base: string, accessToken: string): Promise<Socket> {
  const socket = io(base, { auth: { token: accessToken }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}
