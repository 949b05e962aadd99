import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { uniqueViolationColumns } from '../common/postgres-errors';
import { Role } from '../users/role.enum';
import { UsersRepository } from '../users/users.repository';
import { DroppingPoint } from './dropping-point.entity';
import { DroppingPointsRepository } from './dropping-points.repository';
import { CreateDroppingPointDto } from './dto/create-dropping-point.dto';

@Injectable()
export class DroppingPointsService {
  constructor(
    private readonly points: DroppingPointsRepository,
    private readonly users: UsersRepository,
  ) {}

  async create(dto: CreateDroppingPointDto): Promise<DroppingPoint> {
    try {
      return await this.points.add(dto);
    } catch (error) {
      if (uniqueViolationColumns(error) === 'name') {
        throw new DomainError(ErrorCode.Conflict, `A dropping point named "${dto.name}" exists`);
      }
      throw error;
    }
  }

  list(): Promise<DroppingPoint[]> {
    return this.points.list();
  }

  /**
   * Officers act only at their own points. Another point's existence is no secret (points are
   * listed publicly to buyers), so for a point's own routes the answer is 403, not 404.
   */
  async assertOfficerScope(user: AuthUser, droppingPointId: string): Promise<void> {
    if (!(await this.serves(user, droppingPointId))) throw DomainError.forbidden('You do not work at this dropping point');
  }

  /**
   * For something that lives at a point (an order, a delivery trip): an officer of another point
   * gets the same 404 as for an id that does not exist, so the answer does not tell that it exists
   * elsewhere (issue 16, finding 9).
   */
  async assertOfficerScopeOrNotFound(user: AuthUser, droppingPointId: string, what: string): Promise<void> {
    if (!(await this.serves(user, droppingPointId))) throw DomainError.notFound(what);
  }

  private async serves(user: AuthUser, droppingPointId: string): Promise<boolean> {
    if (user.role === Role.Admin) return true;
    return this.users.servesAt(user.userId, droppingPointId);
  }
}
