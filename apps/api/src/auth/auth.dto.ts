import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@app/persistence';

export class LoginDto {
  @ApiProperty({ example: 'admin@demo.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'demo-admin-password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

/** The signed-in user with the name of their tenant, for the console's header. */
export class SignedInUserView extends UserView {
  @ApiProperty({ description: 'The name of the user’s tenant', example: 'Demo' }) tenantName!: string;
}

export class LoginResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ type: SignedInUserView }) user!: SignedInUserView;
}
