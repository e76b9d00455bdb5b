import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Public, type UserPrincipal } from '@app/auth';
import { LoginDto, LoginResponse, SignedInUserView } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; answers a bearer access token' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({
    description:
      '`invalid_credentials` (unknown email or wrong password), or `account_deactivated` (the right password of a ' +
      'deactivated user); both take the same time',
  })
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Sign out: every access token of the user stops working and their open consoles get session.revoked',
  })
  @ApiNoContentResponse({ description: 'Signed out everywhere' })
  logout(@CurrentUser() user: UserPrincipal): Promise<void> {
    return this.auth.logout(user);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, with the name of their tenant' })
  @ApiOkResponse({ type: SignedInUserView })
  me(@CurrentUser() user: UserPrincipal): Promise<SignedInUserView> {
    return this.auth.me(user);
  }
}
