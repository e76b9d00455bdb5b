import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MetricsService } from './metrics.service.js';

/** Times every request; labels use the route pattern, never the raw path, to keep cardinality bounded. */
export function useHttpMetrics(app: NestFastifyApplication): void {
  const { httpDuration } = app.get(MetricsService);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      const route = request.is404 || !request.routeOptions.url ? 'unmatched' : request.routeOptions.url;
      httpDuration.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    });
}
