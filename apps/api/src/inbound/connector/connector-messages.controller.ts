import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ConnectorKey, CurrentPrincipal, type ConnectorPrincipal } from '@app/auth';
import { AcceptedMessageView, ConnectorMessageDto } from './connector-message.dto.js';
import { ConnectorMessagesService } from './connector-messages.service.js';

@ApiTags('connectors')
@ApiBearerAuth()
@Controller('api/v1/channels/:channelId/messages')
export class ConnectorMessagesController {
  constructor(private readonly messages: ConnectorMessagesService) {}

  @Post()
  @HttpCode(202)
  @ConnectorKey('channelId')
  @ApiOperation({
    summary: 'Deliver an inbound message from a custom connector or webchat',
    description:
      'Authenticated with a connector key of this api or webchat channel (`Authorization: Bearer <key>`). ' +
      'Answers 202 once the message is durably queued; sending the same externalId again is absorbed.',
  })
  @ApiParam({ name: 'channelId', description: 'The api or webchat channel', example: '665f1c2a9b1e8a0012345678' })
  @ApiBody({
    type: ConnectorMessageDto,
    examples: {
      known: {
        summary: 'A customer with a phone number',
        value: {
          externalId: 'msg-2026-0001',
          from: { address: '+4915112345678', name: 'Ann Example' },
          text: 'Hello, where is my order?',
          sentAt: '2026-03-01T09:30:00Z',
          threadHint: 'order-4711',
        },
      },
      anonymous: {
        summary: 'An anonymous webchat visitor with an attachment',
        value: {
          externalId: 'webchat-7f3a-0003',
          from: { sessionId: 'webchat-session-7f3a' },
          text: 'Here is the receipt',
          attachments: [
            { url: 'https://cdn.example.com/receipt.pdf', contentType: 'application/pdf', name: 'receipt.pdf' },
          ],
        },
      },
    },
  })
  @ApiAcceptedResponse({ type: AcceptedMessageView, description: 'Queued for processing' })
  @ApiBadRequestResponse({ description: 'validation_failed: e.g. neither from.address nor from.sessionId' })
  @ApiUnauthorizedResponse({ description: 'unauthenticated: missing, unknown or revoked connector key' })
  @ApiForbiddenResponse({ description: 'wrong_channel: the key belongs to another channel' })
  @ApiServiceUnavailableResponse({ description: 'queue_unavailable: not queued, retry after Retry-After seconds' })
  accept(
    // @ConnectorKey: the AuthGuard lets only a connector key of this channel through.
    @CurrentPrincipal() principal: ConnectorPrincipal,
    @Body() dto: ConnectorMessageDto,
  ): Promise<AcceptedMessageView> {
    return this.messages.accept(principal, dto);
  }
}
