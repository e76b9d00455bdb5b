import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class ConnectorSenderDto {
  @ApiPropertyOptional({
    description: "A phone number or email address, as the channel's kind implies. Required without sessionId.",
    example: '+4915112345678',
  })
  @ValidateIf((sender: ConnectorSenderDto) => sender.sessionId === undefined || sender.address !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'address or sessionId is required' })
  @MaxLength(320)
  address?: string;

  @ApiPropertyOptional({
    description:
      'An anonymous session (webchat). Required without address; with only a session the sender is anonymous.',
    example: 'webchat-session-7f3a',
  })
  @ValidateIf((sender: ConnectorSenderDto) => sender.address === undefined || sender.sessionId !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'sessionId or address is required' })
  @MaxLength(200)
  sessionId?: string;

  @ApiPropertyOptional({ example: 'Ann Example' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class ConnectorAttachmentDto {
  @ApiPropertyOptional({ example: 'https://cdn.example.com/receipt.pdf' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  @MaxLength(2048)
  url?: string;

  @ApiProperty({ example: 'application/pdf' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  contentType!: string;

  @ApiPropertyOptional({ example: 'receipt.pdf' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;
}

/** The normalized message of a custom connector or webchat (API.md, "Inbound"). */
export class ConnectorMessageDto {
  @ApiProperty({
    description: "The connector's own id for the message: a message sent again with the same id is absorbed.",
    example: 'msg-2026-0001',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  externalId!: string;

  @ApiProperty({ type: ConnectorSenderDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ConnectorSenderDto)
  from!: ConnectorSenderDto;

  @ApiPropertyOptional({ example: 'Hello, where is my order?' })
  @IsOptional()
  @IsString()
  @MaxLength(65_536)
  text?: string;

  @ApiPropertyOptional({ type: [ConnectorAttachmentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ConnectorAttachmentDto)
  attachments?: ConnectorAttachmentDto[];

  @ApiPropertyOptional({
    description: 'ISO 8601; when absent, the time it was received',
    example: '2026-03-01T09:30:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  sentAt?: string;

  @ApiPropertyOptional({
    description: "The connector's conversation key: messages of one sender with the same hint share a conversation.",
    example: 'order-4711',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  threadHint?: string;
}

export class AcceptedMessageView {
  @ApiProperty({ example: true }) accepted!: boolean;
  @ApiProperty({ example: 'msg-2026-0001' }) externalId!: string;
}
