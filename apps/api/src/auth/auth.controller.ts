import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, MinRole, Public, type UserPrincipal } from '@app/auth';
import { LoginDto, LoginResponse, SignedInUserView } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { LoginRateGuard } from './login-rate.guard.js';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginRateGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; answers a bearer access token' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({
    description:
      '`invalid_credentials` (unknown email or wrong password), or `account_deactivated` (the right password of a ' +
      'deactivated user); both take the same time',
  })
  @ApiTooManyRequestsResponse({
    description:
      'With `Retry-After` (seconds). `login_throttled`: after 5 failed sign-ins of an account in a row, each further ' +
      'attempt waits twice as long as the one before (1 s, 2 s, … 16 s); `account_locked`: after 10, the account is ' +
      'locked for 15 minutes from the latest failure; `too_many_requests`: more than LOGIN_ATTEMPTS_PER_MINUTE ' +
      'sign-ins from one address in a minute (then refused for a minute). A successful sign-in clears the count',
  })
  @ApiServiceUnavailableResponse({ description: '`sign_in_busy`: too many password checks at once; `Retry-After: 1`' })
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto);
  }

  @Post('auth/logout')
  @MinRole('agent')
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
  @MinRole('agent')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, with the name of their tenant' })
  @ApiOkResponse({ type: SignedInUserView })
  me(@CurrentUser() user: UserPrincipal): Promise<SignedInUserView> {
    return this.auth.me(user);
  }
}
