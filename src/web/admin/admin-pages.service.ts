import { Injectable } from '@nestjs/common';
import {
  AdminPagesRepository,
  AgencyListed,
  CalendarWave,
  CooperativeWithProducts,
  PointListed,
  StaffAccount,
} from './admin-pages.repository';

/** The lists the administrator's pages show (the API has them per item, or not at all). */
@Injectable()
export class AdminPagesService {
  constructor(private readonly repository: AdminPagesRepository) {}

  cooperatives(): Promise<CooperativeWithProducts[]> {
    return this.repository.cooperatives();
  }

  droppingPoints(): Promise<PointListed[]> {
    return this.repository.droppingPoints();
  }

  /** The staff accounts (every role but buyers, or only `role`). */
  accounts(role?: string): Promise<StaffAccount[]> {
    return this.repository.accounts(role ?? null);
  }

  agencies(): Promise<AgencyListed[]> {
    return this.repository.agencies();
  }

  /** Waves whose ordering window touches the month (WIB) starting on `monthStart` (YYYY-MM-01). */
  wavesOfMonth(monthStart: string): Promise<CalendarWave[]> {
    return this.repository.wavesOfMonth(monthStart);
  }

  recentWaves(): Promise<CalendarWave[]> {
    return this.repository.recentWaves();
  }
}
