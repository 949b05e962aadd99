import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional } from 'class-validator';
import { Role } from '../role.enum';

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: Role, description: 'Only accounts of this role (any case: officer, OFFICER)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsEnum(Role, { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role?: Role;
}
