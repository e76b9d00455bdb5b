import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { PageQueryDto } from '../paging/page-query.dto.js';
import {
  CreatedWebhookSubscription,
  CreateWebhookSubscriptionDto,
  WebhookDeliveryList,
  WebhookSubscriptionList,
  WebhookSubscriptionView,
} from './webhooks.dto.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@MinRole('admin')
@ApiForbiddenResponse({ description: 'Admins only' })
@Controller('api/v1/webhook-subscriptions')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe a URL to events',
    description:
      'Each event is POSTed as JSON `{ id, type, occurredAt, tenantId, data }`, signed in `X-Signature: ' +
      't=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, at least once (dedupe on `id`), in order per customer.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookSubscription, description: 'The secret is shown only in this response' })
  @ApiBadRequestResponse({
    description: '`validation_failed`; `webhook_url_refused` for a private, loopback or reserved address',
  })
  create(
    @CurrentUser() actor: UserPrincipal,
    @Body() dto: CreateWebhookSubscriptionDto,
  ): Promise<CreatedWebhookSubscription> {
    return this.webhooks.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: WebhookSubscriptionList })
  list(@CurrentUser() actor: UserPrincipal): Promise<WebhookSubscriptionList> {
    return this.webhooks.list(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookSubscriptionView })
  @ApiNotFoundResponse({ description: 'No such subscription in the tenant' })
  get(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<WebhookSubscriptionView> {
    return this.webhooks.get(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed with its delivery log; nothing more is sent to it' })
  @ApiNotFoundResponse({ description: 'No such subscription in the tenant' })
  remove(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<void> {
    return this.webhooks.remove(actor, id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused subscription: what it missed is delivered, in order per customer' })
  @ApiOkResponse({ type: WebhookSubscriptionView })
  @ApiNotFoundResponse({ description: 'No such subscription in the tenant' })
  @ApiConflictResponse({ description: '`webhook_subscription_not_paused`' })
  resume(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<WebhookSubscriptionView> {
    return this.webhooks.resume(actor, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log: each event’s attempts (status code, latency, error), next retry' })
  @ApiOkResponse({ type: WebhookDeliveryList })
  @ApiNotFoundResponse({ description: 'No such subscription in the tenant' })
  deliveries(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<WebhookDeliveryList> {
    return this.webhooks.deliveriesOf(actor, id, query);
  }
}
