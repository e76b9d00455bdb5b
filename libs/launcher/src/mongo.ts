import { findExecutable } from './executables.js';
import { LauncherError } from './launcher-error.js';
import { startMongoJavaServer } from './mongo-java-server.js';
import { progress } from './progress.js';
import type { RunningService } from './running-service.js';

/**
 * MONGODB_URI when set; else a `mongod` on PATH as a one-node replica set; else mongo-java-server in memory.
 * The URL names no database: callers choose theirs.
 */
export async function startMongo(): Promise<RunningService> {
  if (process.env.MONGODB_URI) {
    progress('mongodb', 'using MONGODB_URI');
    return { url: process.env.MONGODB_URI, external: true, stop: async () => undefined };
  }
  const tried = ['MONGODB_URI (not set)'];
  try {
    const mongod = findExecutable('mongod');
    if (mongod) {
      tried.push(`mongod at ${mongod}`);
      return await startMongodReplicaSet(mongod);
    }
    tried.push('mongod (not on PATH)', 'mongo-java-server (tools/mongo-server, built with Maven, run with Java 17)');
    return await startMongoJavaServer();
  } catch (error) {
    throw new LauncherError('MongoDB', tried, 'MONGODB_URI (e.g. mongodb://127.0.0.1:27017/?replicaSet=rs0)', error);
  }
}

async function startMongodReplicaSet(systemBinary: string): Promise<RunningService> {
  progress('mongodb', `starting ${systemBinary} as a one-node replica set`);
  const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  const replSet = await MongoMemoryReplSet.create({
    binary: { systemBinary },
    replSet: { count: 1, storageEngine: 'wiredTiger' },
  });
  const url = replSet.getUri();
  progress('mongodb', `ready at ${url}`);
  return { url, external: false, stop: async () => void (await replSet.stop()) };
}
