import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { MalformedPayloadError } from '@app/channels';
import { ProblemException } from '@app/http';
import { QueueUnavailableError } from '@app/queue';

/** Providers back off on their own schedules; this is a hint for connectors and for Mailgun. */
const RETRY_AFTER = { 'Retry-After': '30' } as const;

/**
 * The two failures every ingress route shares: a delivery that cannot be read (400, retrying cannot help) and a
 * queue that cannot take it (503 with Retry-After, so the provider retries instead of losing the message).
 */
@Injectable()
export class IngressErrorsInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Ingress');

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof MalformedPayloadError) {
          throw new ProblemException(400, 'malformed_payload', error.message);
        }
        if (error instanceof QueueUnavailableError) {
          this.logger.warn(`delivery refused, the queue is unavailable: ${String((error.cause as Error)?.message)}`);
          throw new ProblemException(
            503,
            'queue_unavailable',
            'The delivery could not be queued; retry later',
            {},
            RETRY_AFTER,
          );
        }
        throw error;
      }),
    );
  }
}
