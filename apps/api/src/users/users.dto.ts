import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
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

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'false deactivates the user (they can no longer sign in); true reactivates' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class TenantUserView extends UserView {
  @ApiProperty({ description: 'Whether the user can sign in' }) active!: boolean;
  @ApiProperty() createdAt!: string;
}

export class UserList {
  @ApiProperty({ type: [TenantUserView] }) items!: TenantUserView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
