import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { MessageList, MessagesQueryDto } from './conversations.dto.js';
import { ConversationsService } from './conversations.service.js';

@ApiTags('conversations')
@ApiBearerAuth()
@MinRole('agent')
@Controller('api/v1/conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get(':id/messages')
  @ApiOkResponse({
    type: MessageList,
    description: 'Ordered by provider time (sentAt, then id); ascending unless asked',
  })
  @ApiBadRequestResponse({ description: '`invalid_cursor` or `validation_failed`' })
  @ApiNotFoundResponse({ description: '`not_found`: no such conversation in this tenant' })
  messages(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Query() query: MessagesQueryDto,
  ): Promise<MessageList> {
    return this.conversations.messagesOf(actor, id, query);
  }
}
