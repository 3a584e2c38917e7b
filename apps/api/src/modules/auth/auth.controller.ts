import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { LoginRequestDto, LoginResponseDto, MeResponseDto, type LoginResponse, type MeResponse } from './auth.dto';
import { AuthService } from './auth.service';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('auth')
@ApiErrorResponses()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto.Output })
  login(@Body() body: LoginRequestDto, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.login(body.email, body.password, ip);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: MeResponseDto.Output })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.auth.me(principal);
  }
}
