import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ALL_QUEUES } from '@app/queue';
import { REDIS } from '@app/redis';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** Prometheus metrics of this api process: HTTP latency, queue depths, Node defaults. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(moduleRef: ModuleRef, @Inject(REDIS) redis: Redis) {
    collectDefaultMetrics({ register: this.registry });
    const queues = (): Queue[] =>
      ALL_QUEUES.map((name) => moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    new Gauge({
      name: 'queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const queue of queues()) {
          const byState = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, byState[state] ?? 0);
        }
      },
    });
    // Redis runs with noeviction: at maxmemory it refuses writes and the ingress answers 503, so alert well before
    // used reaches max (e.g. used / max > 0.8).
    new Gauge({
      name: 'redis_memory_bytes',
      help: 'Redis memory: used, and the maxmemory limit (0: none)',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      async collect() {
        const info = await redis.info('memory');
        const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
        this.set({ kind: 'used' }, field('used_memory'));
        this.set({ kind: 'max' }, field('maxmemory'));
      },
    });
  }
}
