import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditLogPageResponse } from '@herald/contracts';
import { CurrentPrincipal, RequireRole } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { AuditLogPageResponseDto, AuditLogQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit-log')
@ApiBearerAuth()
@RequireRole('ADMIN')
@ApiErrorResponses()
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditLogPageResponseDto.Output, description: "The account's audit log, newest first" })
  list(@CurrentPrincipal() principal: Principal, @Query() query: AuditLogQueryDto): Promise<AuditLogPageResponse> {
    return this.audit.list(principal, query);
  }
}
