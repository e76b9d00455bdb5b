import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWhatsappWebhook, verifyWhatsappSignature } from '@app/channels';
import { addInboundJobs, type InboundJob } from '@app/queue';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BENCH_WHATSAPP } from './whatsapp.js';

/**
 * The hand-written ingresses bench:ingest holds the api against, run as a process of their own (forked by ingest.ts,
 * like the api is): verify the signature, parse, enqueue, answer. One enqueues with BullMQ (the same job ids and
 * options as the api), one with a bare Redis LPUSH. Sends the two URLs to the parent; only 127.0.0.1.
 */
const { REDIS_URL, BENCH_TENANT_ID, BENCH_CHANNEL_ID } = process.env as Record<string, string>;
const LPUSH_KEY = 'bench:ingest:lpush';

type Enqueue = (jobs: InboundJob[]) => Promise<unknown>;

function handler(enqueue: Enqueue) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!verifyWhatsappSignature(raw, String(request.headers['x-hub-signature-256']), BENCH_WHATSAPP.appSecret)) {
        response.writeHead(401).end();
        return;
      }
      const receivedAt = new Date().toISOString();
      const jobs = parseWhatsappWebhook(JSON.parse(raw.toString('utf8')), BENCH_WHATSAPP.phoneNumberId).events.map(
        (event): InboundJob => ({ tenantId: BENCH_TENANT_ID, channelId: BENCH_CHANNEL_ID, event, receivedAt }),
      );
      enqueue(jobs).then(
        () => response.writeHead(200).end(),
        () => response.writeHead(503).end(),
      );
    });
  };
}

async function listen(enqueue: Enqueue): Promise<string> {
  const server = createServer(handler(enqueue));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp/${BENCH_CHANNEL_ID}`;
}

async function main(): Promise<void> {
  const connection = { url: REDIS_URL, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
  const queue = new Queue('inbound', { connection });
  const redis = new Redis(REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const bullmq = await listen((jobs) => addInboundJobs(queue, jobs));
  const lpush = await listen((jobs) => redis.lpush(LPUSH_KEY, ...jobs.map((job) => JSON.stringify(job))));
  process.send?.({ bullmq, lpush });
}

void main();
