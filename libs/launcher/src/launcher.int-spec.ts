import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { findExecutable } from './executables.js';
import { startMongo } from './mongo.js';
import { isProcessAlive } from './process-alive.js';
import { startRedis } from './redis.js';

function withEnv(name: string, value: string | undefined): () => void {
  const previous = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  return () => {
    if (previous === undefined) delete process.env[name];
    else process.env[name] = previous;
  };
}

describe('service launcher', () => {
  it('uses REDIS_URL when it is set and starts nothing', async () => {
    const restore = withEnv('REDIS_URL', 'redis://redis.example:6390/2');
    try {
      const redis = await startRedis();
      expect(redis).toMatchObject({ url: 'redis://redis.example:6390/2', external: true });
      expect(redis.process).toBeUndefined();
    } finally {
      restore();
    }
  });

  it('uses MONGODB_URI when it is set and starts nothing', async () => {
    const restore = withEnv('MONGODB_URI', 'mongodb://db.example:27017/?replicaSet=rs0');
    try {
      const mongo = await startMongo();
      expect(mongo).toMatchObject({ url: 'mongodb://db.example:27017/?replicaSet=rs0', external: true });
      expect(mongo.process).toBeUndefined();
    } finally {
      restore();
    }
  });

  it('starts its own Redis when REDIS_URL is not set, and stops it', async () => {
    const restore = withEnv('REDIS_URL', undefined);
    const redis = await startRedis();
    restore();
    const client = new Redis(redis.url);
    try {
      expect(redis.external).toBe(false);
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
      await redis.stop();
    }
    expect(isProcessAlive(redis.process!.pid)).toBe(false);
  });

  it.each(['always', 'everysec'] as const)(
    'starts a Redis of its own with an append-only file fsynced %s, even when REDIS_URL is set',
    async (appendfsync) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'redis-aof-'));
      const redis = await startRedis({ own: true, dataDir, appendfsync });
      const client = new Redis(redis.url);
      try {
        expect(redis.external).toBe(false);
        expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
        expect(await client.config('GET', 'appendfsync')).toEqual(['appendfsync', appendfsync]);
      } finally {
        client.disconnect();
        await redis.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it('starts its own Mongo-wire database when MONGODB_URI is not set, and stops it', async () => {
    const restore = withEnv('MONGODB_URI', undefined);
    const mongo = await startMongo();
    restore();
    const connection = await mongoose.createConnection(mongo.url, { dbName: 'launcher_check' }).asPromise();
    try {
      expect(mongo.external).toBe(false);
      const ping = await connection.db!.admin().command({ ping: 1 });
      expect(ping.ok).toBe(1);
    } finally {
      await connection.close();
      await mongo.stop();
    }
    const afterStop = mongoose.createConnection(mongo.url, { serverSelectionTimeoutMS: 1_000 });
    await expect(afterStop.asPromise()).rejects.toThrow();
    await afterStop.close();
    // A mongod on PATH runs under mongodb-memory-server, which owns its process; mongo-java-server is tied to ours.
    if (findExecutable('mongod')) expect(mongo.process).toBeUndefined();
    else expect(isProcessAlive(mongo.process!.pid)).toBe(false);
  });
});
