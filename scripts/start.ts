import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  appReady,
  localDir,
  progress,
  removeLocalState,
  runApp,
  setUpMachine,
  spawnApp,
  startLocalServices,
  writeLocalState,
  type TiedProcess,
} from '@app/launcher';

/**
 * `npm start`: local services (unless MONGODB_URI / REDIS_URL are set), the demo tenant, then the api (with the
 * built console) and the worker. Ctrl-C stops everything.
 */
function jwtSecret(): string {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  const file = join(localDir(), 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(localDir(), { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

async function seedDemo(env: NodeJS.ProcessEnv): Promise<string> {
  progress('demo', 'seeding the demo tenant');
  const seeded = await runApp('cli', ['demo:seed'], { env });
  if (seeded.code !== 0) throw new Error(`demo:seed failed: ${seeded.output}`);
  return seeded.stdout;
}

function printCredentials(seedOutput: string, apiUrl: string): void {
  const demo = JSON.parse(seedOutput) as {
    users: { email: string; password: string; role: string }[];
    channels: { id: string; kind: string }[];
    connectorKeys: { channelId: string; key: string }[];
  };
  const lines = [
    '',
    `Contact center running at ${apiUrl}  (API docs: ${apiUrl}/api/docs)`,
    'Demo users:',
    ...demo.users.map((user) => `  ${user.role.padEnd(10)} ${user.email.padEnd(26)} ${user.password}`),
    'Demo channels:',
    ...demo.channels.map((channel) => `  ${channel.kind.padEnd(10)} ${channel.id}`),
    ...demo.connectorKeys.map((key) => `  connector key for ${key.channelId}: ${key.key}`),
    'Full demo data (secrets included): npm run cli -- demo:seed',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  await setUpMachine();
  const services = await startLocalServices({ redis: { dataDir: join(localDir(), 'redis') } });
  const children: TiedProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      progress('start', 'stopping');
      await Promise.all(children.map((child) => child.stop()));
      await services.stop();
      removeLocalState();
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    const port = process.env.PORT ?? '3000';
    const apiUrl = `http://localhost:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      PORT: port,
      MONGODB_URI: services.mongo.url,
      REDIS_URL: services.redis.url,
      JWT_SECRET: jwtSecret(),
      // Raw inbound mail and attachments, kept across runs like Redis's data.
      STORAGE_DIR: process.env.STORAGE_DIR ?? join(localDir(), 'storage'),
    };
    writeLocalState({ pid: process.pid, mongoUri: services.mongo.url, redisUrl: services.redis.url, apiUrl });
    const seedOutput = await seedDemo(env);

    progress('api', 'starting');
    const api = spawnApp('api', { env, forward: { stream: process.stdout, prefix: '[api] ' } });
    children.push(api);
    progress('worker', 'starting');
    const worker = spawnApp('worker', { env, forward: { stream: process.stdout, prefix: '[worker] ' } });
    children.push(worker);
    for (const [name, child] of [
      ['api', api],
      ['worker', worker],
    ] as const) {
      void child.exited.then((code) => {
        if (stopping) return;
        process.stderr.write(`${name} exited ${code === null ? 'on a signal' : `with code ${code}`}\n`);
        void stopAll(1);
      });
    }
    await Promise.all([appReady('api', api), appReady('worker', worker)]);
    progress('api', `ready on port ${port}`);
    printCredentials(seedOutput, apiUrl);
  } catch (error) {
    process.stderr.write(`start failed: ${(error as Error).message}\n`);
    await stopAll(1);
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`start failed: ${(error as Error).message}\n`);
  process.exit(1);
}
