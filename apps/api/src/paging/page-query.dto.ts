import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ProblemException } from '@app/http';
import { decodeCursor, decodeScoreCursor, InvalidCursorError, type PageRequest, type ScoreKey } from '@app/persistence';

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
  return decodedPage(query, (cursor) => decodeCursor(cursor, dated));
}

/** The page of a list ordered by score a query asks for; a cursor this list did not hand out is `400 invalid_cursor`. */
export function scorePageRequest(query: PageQueryDto): PageRequest<ScoreKey> {
  return decodedPage(query, decodeScoreCursor);
}

function decodedPage<Key>(query: PageQueryDto, decode: (cursor: string) => Key): PageRequest<Key> {
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  if (!query.cursor) return { limit };
  try {
    return { limit, after: decode(query.cursor) };
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ProblemException(400, 'invalid_cursor', 'The cursor is not one this list handed out');
    }
    throw error;
  }
}
