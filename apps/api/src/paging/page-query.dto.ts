import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ProblemException } from '@app/http';
import { decodeCursor, InvalidCursorError, type PageRequest } from '@app/persistence';

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 100;

export class PageQueryDto {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}

/** The page a query asks for; a cursor this list did not hand out is `400 invalid_cursor`. */
export function pageRequest(query: PageQueryDto, dated: boolean): PageRequest {
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  if (!query.cursor) return { limit };
  try {
    return { limit, after: decodeCursor(query.cursor, dated) };
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ProblemException(400, 'invalid_cursor', 'The cursor is not one this list handed out');
    }
    throw error;
  }
}
