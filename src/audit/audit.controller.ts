import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { AuditService } from './audit.service';
import { HistoryEntryView, historyEntryView } from './audit.view';

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Everything that happened to an order, oldest first: who, when, what, before and after, from which request. */
  @Get('orders/:id/history')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: HistoryEntryView, isArray: true })
  async history(@IdParam() id: string) {
    return (await this.audit.orderHistory(id)).map(historyEntryView);
  }
}
