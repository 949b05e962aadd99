import { Module } from '@nestjs/common';
import { AgenciesModule } from '../../agencies/agencies.module';
import { AuditModule } from '../../audit/audit.module';
import { BuyerDirectoryModule } from '../../buyers/buyer-directory.module';
import { BuyersModule } from '../../buyers/buyers.module';
import { CooperativesModule } from '../../cooperatives/cooperatives.module';
import { DroppingPointsModule } from '../../dropping-points/dropping-points.module';
import { ReportsModule } from '../../reports/reports.module';
import { UsersModule } from '../../users/users.module';
import { WavesModule } from '../../waves/waves.module';
import { AdminLiveModule } from './admin-live.module';
import { AdminDirectoryController } from './admin-directory.controller';
import { AdminPagesService } from './admin-pages.service';
import { AdminReportsController } from './admin-reports.controller';
import { AdminSetupController } from './admin-setup.controller';
import { AdminWavesController } from './admin-waves.controller';

/** The programme administrator's pages under /admin (GET /admin/queues stays the queue dashboard's). */
@Module({
  imports: [
    AdminLiveModule,
    WavesModule,
    CooperativesModule,
    DroppingPointsModule,
    UsersModule,
    AgenciesModule,
    BuyersModule,
    BuyerDirectoryModule,
    ReportsModule,
    AuditModule,
  ],
  controllers: [AdminSetupController, AdminWavesController, AdminReportsController, AdminDirectoryController],
  providers: [AdminPagesService],
})
export class AdminPagesModule {}
