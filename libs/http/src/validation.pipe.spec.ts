import { Transform } from 'class-transformer';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { ProblemException } from './problem.exception.js';
import { createValidationPipe, trimmed } from './validation.pipe.js';

class NameDto {
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  name?: string;
}

const validate = (body: unknown): Promise<NameDto> =>
  createValidationPipe().transform(body, { type: 'body', metatype: NameDto }) as Promise<NameDto>;

describe('trimmed', () => {
  it('trims a string before it is validated', async () => {
    expect(await validate({ name: '  Ann Lee \n' })).toEqual({ name: 'Ann Lee' });
  });

  it('leaves a blank string empty, so that a minimum length refuses it', async () => {
    await expect(validate({ name: '   ' })).rejects.toBeInstanceOf(ProblemException);
  });

  it('keeps what is not a string for the other validators to judge', async () => {
    await expect(validate({ name: 42 })).rejects.toBeInstanceOf(ProblemException);
    expect(trimmed({ value: 42 })).toBe(42);
  });
});

describe('nesting', () => {
  it('refuses a body nested deeper than class-transformer can walk as 400 too_deeply_nested', async () => {
    const deep = JSON.parse('['.repeat(5000) + ']'.repeat(5000)) as unknown;
    await expect(validate(deep)).rejects.toMatchObject({ response: { code: 'too_deeply_nested' } });
  });
});
