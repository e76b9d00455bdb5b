import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document, generated from the DTOs: UI at /api/docs, JSON at /api/docs-json. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Contact Center API')
    .setDescription(
      'Omnichannel contact-center backend: channels, customers, identities and merges. ' +
        'Errors are RFC 9457 problem+json with a stable `code`. Realtime events use socket.io on the same port.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
