import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import argon2 from 'argon2';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AppConfigService } from '@app/config';
import { ProblemException } from '@app/http';

const DEFAULT_ARGON2_CONCURRENCY = 2;

/** Hashes waiting beyond this many are refused at once: a flood is answered, not queued into minutes. */
const MAX_WAITING_PER_SLOT = 32;

/**
 * argon2id hashing and verification, at most ARGON2_CONCURRENCY at a time: each runs on the libuv pool, which the
 * rest of the process (file and DNS work) shares, so a sign-in flood must not take all of its threads.
 */
@Injectable()
export class PasswordService {
  private readonly limit: LimitFunction;
  private readonly maxWaiting: number;

  constructor(@Inject(ConfigService) config: AppConfigService) {
    // The CLI's configuration is not validated (it needs only the database), so its values are raw or absent.
    const concurrency = Number(config.get('ARGON2_CONCURRENCY', { infer: true }) ?? DEFAULT_ARGON2_CONCURRENCY);
    this.limit = pLimit(concurrency);
    this.maxWaiting = concurrency * MAX_WAITING_PER_SLOT;
  }

  hash(password: string): Promise<string> {
    return this.bounded(() => argon2.hash(password, { type: argon2.argon2id }));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.bounded(async () => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    });
  }

  private bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit.pendingCount >= this.maxWaiting) {
      return Promise.reject(
        new ProblemException(
          503,
          'sign_in_busy',
          'Too many sign-ins at once; try again in a moment',
          {},
          {
            'Retry-After': '1',
          },
        ),
      );
    }
    return this.limit(work);
  }
}
