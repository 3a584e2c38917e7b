import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { CreateApiKeyDto, type ApiKeyResponse, type CreatedApiKeyResponse } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth()
@RequireRole('ADMIN')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyResponse[]> {
    return this.apiKeys.list(principal);
  }

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    return this.apiKeys.create(principal, body);
  }

  @Delete(':id')
  revoke(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ApiKeyResponse> {
    return this.apiKeys.revoke(principal, id);
  }
}
