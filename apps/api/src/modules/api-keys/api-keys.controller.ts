import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import {
  ApiKeyResponseDto,
  CreateApiKeyDto,
  CreatedApiKeyResponseDto,
  type ApiKeyResponse,
  type CreatedApiKeyResponse,
} from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';
import { ApiErrorResponses } from '../../common/openapi';

@ApiTags('api-keys')
@ApiBearerAuth()
@RequireRole('ADMIN')
@ApiErrorResponses()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOkResponse({ type: [ApiKeyResponseDto.Output] })
  list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyResponse[]> {
    return this.apiKeys.list(principal);
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto.Output, description: 'The key is shown this once' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    return this.apiKeys.create(principal, body);
  }

  @Delete(':id')
  @ApiOkResponse({ type: ApiKeyResponseDto.Output })
  revoke(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<ApiKeyResponse> {
    return this.apiKeys.revoke(principal, id);
  }
}
