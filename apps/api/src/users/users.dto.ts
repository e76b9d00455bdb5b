import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@app/persistence';
import { UserView } from '../auth/auth.dto.js';

export class CreateUserDto {
  @ApiProperty({ example: 'grace@demo.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10)
  @MaxLength(256)
  password!: string;

  @ApiProperty({ example: 'Grace Hopper' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class UserList {
  @ApiProperty({ type: [UserView] }) items!: UserView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
