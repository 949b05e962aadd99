import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { uniqueViolationColumns } from '../common/postgres-errors';
import { Role } from '../users/role.enum';
import { Cooperative } from './cooperative.entity';
import { CooperativesRepository } from './cooperatives.repository';
import { CreateCooperativeDto } from './dto/create-cooperative.dto';
import { CreateProductDto } from './dto/create-product.dto';
import { Product } from './product.entity';

@Injectable()
export class CooperativesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cooperatives: CooperativesRepository,
  ) {}

  async create(dto: CreateCooperativeDto): Promise<Cooperative> {
    try {
      return await this.cooperatives.add({ name: dto.name, region: dto.region ?? '', phone: dto.phone ?? '' });
    } catch (error) {
      if (uniqueViolationColumns(error) === 'name') {
        throw new DomainError(ErrorCode.Conflict, `A cooperative named "${dto.name}" exists`);
      }
      throw error;
    }
  }

  /** A cooperative manager sees only their own cooperative. */
  list(user: AuthUser): Promise<Cooperative[]> {
    const where = user.role === Role.CoopManager ? { id: user.cooperativeId } : {};
    return this.cooperatives.list(where);
  }

  async get(id: string, user: AuthUser): Promise<Cooperative> {
    this.assertMayManage(id, user);
    const cooperative = await this.cooperatives.withProducts(id);
    if (!cooperative) throw DomainError.notFound('Cooperative');
    return cooperative;
  }

  async addProduct(cooperativeId: string, dto: CreateProductDto, user: AuthUser): Promise<Product> {
    this.assertMayManage(cooperativeId, user);
    const sizes = dto.packs.map((pack) => pack.sizeKg);
    if (new Set(sizes).size !== sizes.length) throw DomainError.validation('packs', 'packs must have distinct sizeKg');
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.cooperatives.exists(manager, cooperativeId))) throw DomainError.notFound('Cooperative');
      try {
        return await this.cooperatives.addProduct(manager, {
          cooperativeId,
          commodity: dto.commodity,
          name: dto.name,
          pricePerKgRp: dto.pricePerKgRp,
          availableKg: dto.availableKg ?? 0,
          packs: dto.packs.map((pack) => ({ sizeKg: pack.sizeKg, priceRp: pack.priceRp ?? pack.sizeKg * dto.pricePerKgRp })),
        });
      } catch (error) {
        if (uniqueViolationColumns(error) === 'cooperative_id, name') {
          throw new DomainError(ErrorCode.Conflict, `The cooperative already sells "${dto.name}"`);
        }
        throw error;
      }
    });
  }

  private assertMayManage(cooperativeId: string, user: AuthUser): void {
    if (user.role === Role.CoopManager && user.cooperativeId !== cooperativeId) {
      throw DomainError.forbidden('You manage another cooperative');
    }
  }
}
