import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class ReplyTemplateDto {
  @ApiProperty({ example: 'order_update', description: 'The name of a template approved for the WhatsApp account' })
  @Matches(/^[a-z0-9_]{1,512}$/, { message: 'name must be a template name: lower-case letters, digits, _' })
  name!: string;

  @ApiProperty({ example: 'en_US', description: 'The language code the template was approved in' })
  @Matches(/^[a-z]{2,3}(_[A-Z]{2})?$/, { message: 'language must be a code such as en or en_US' })
  language!: string;

  @ApiPropertyOptional({ type: [String], example: ['Ann', '4711'], description: 'The body’s {{1}}, {{2}}, … in order' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  parameters?: string[];
}

export class ReplyAttachmentDto {
  @ApiProperty({ example: 'https://files.example/invoice-4711.pdf', description: 'Where the provider fetches it' })
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  url!: string;

  @ApiProperty({ example: 'application/pdf' })
  @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'contentType must be a media type such as image/jpeg' })
  contentType!: string;

  @ApiPropertyOptional({ example: 'invoice-4711.pdf' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
}

export class SendReplyDto {
  @ApiPropertyOptional({ example: 'Your order left our warehouse today.', maxLength: 4096 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  text?: string;

  @ApiPropertyOptional({
    type: [ReplyAttachmentDto],
    description: 'Links the provider fetches (WhatsApp: one, with the text as its caption; SMS: up to 10 as MMS)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ReplyAttachmentDto)
  attachments?: ReplyAttachmentDto[];

  @ApiPropertyOptional({
    type: ReplyTemplateDto,
    description: 'WhatsApp only: a template message, which Meta delivers outside the 24-hour customer-service window',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReplyTemplateDto)
  template?: ReplyTemplateDto;
}
