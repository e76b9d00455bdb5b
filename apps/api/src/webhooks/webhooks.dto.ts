import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@app/domain';

export class CreateWebhookSubscriptionDto {
  @ApiProperty({ example: 'https://crm.example.com/hooks/contact-center' })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['customer.merged', 'customer.created'] })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  events!: WebhookEventType[];

  @ApiPropertyOptional({ description: 'Signs the deliveries; generated when absent. Write-only.' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;
}

export class WebhookSubscriptionView {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events!: WebhookEventType[];
  @ApiProperty({ enum: ['active', 'paused'] }) status!: 'active' | 'paused';
  @ApiPropertyOptional({ description: 'Failing since then, not delivered once after' }) failingSince?: string;
  @ApiPropertyOptional() pausedAt?: string;
  @ApiProperty() createdAt!: string;
}

export class CreatedWebhookSubscription extends WebhookSubscriptionView {
  @ApiProperty({ description: 'Shown in this response only: verify the X-Signature of each delivery with it' })
  secret!: string;
}

export class WebhookSubscriptionList {
  @ApiProperty({ type: [WebhookSubscriptionView] }) items!: WebhookSubscriptionView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DeliveryAttemptView {
  @ApiProperty() attempt!: number;
  @ApiProperty() at!: string;
  @ApiPropertyOptional() statusCode?: number;
  @ApiProperty() latencyMs!: number;
  @ApiPropertyOptional() error?: string;
  @ApiPropertyOptional({ description: 'When it is tried again' }) nextAttemptAt?: string;
}

export class WebhookDeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The event id receivers dedupe on' }) eventId!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'paused'] }) status!: string;
  @ApiProperty({ type: [DeliveryAttemptView] }) attempts!: DeliveryAttemptView[];
  @ApiPropertyOptional({ description: 'The next retry, while pending' }) nextRetryAt?: string;
  @ApiPropertyOptional() failureReason?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class WebhookDeliveryList {
  @ApiProperty({ type: [WebhookDeliveryView] }) items!: WebhookDeliveryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
