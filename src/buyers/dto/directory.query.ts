import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value);
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export const PAGE_SIZE_MAX = 200;

/** One page of a long list: `page` counts from 1. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: PAGE_SIZE_MAX, default: 50 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(PAGE_SIZE_MAX)
  pageSize?: number;
}

export class BuyerDirectoryQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only civil servants of this agency (an id from GET /agencies)' })
  @IsOptional()
  @IsUUID('4')
  agencyId?: string;

  @ApiPropertyOptional({ description: 'true: only those who registered (set a password); false: rostered, not yet registered' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'registered must be true or false' })
  registered?: boolean;

  @ApiPropertyOptional({ description: 'Part of the name, or the start of the NIP' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UptakeQuery extends PageQuery {
  @ApiPropertyOptional({ description: "Only this agency's civil servants in the list (an id from GET /agencies)" })
  @IsOptional()
  @IsUUID('4')
  agencyId?: string;

  @ApiPropertyOptional({ description: 'false (default): the list of who did not order; true: of who ordered' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'ordered must be true or false' })
  ordered?: boolean;
}

/** The page asked for, with its defaults. */
export function pageOf(query: PageQuery): { page: number; pageSize: number; offset: number } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  return { page, pageSize, offset: (page - 1) * pageSize };
}
