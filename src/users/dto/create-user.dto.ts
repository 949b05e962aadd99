import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsAcceptablePassword } from '../../auth/password-rule';
import { Role } from '../role.enum';

export class CreateUserDto {
  @ApiProperty({ example: 'petugas.lentengagung' })
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]{3,64}$/, { message: 'username must be 3-64 letters, digits, dots, dashes or underscores' })
  username: string;

  @ApiProperty({ minLength: 8, description: 'Not one of the most common passwords, not the username' })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  @IsAcceptablePassword(['username'])
  password: string;

  @ApiProperty({ enum: [Role.Admin, Role.CoopManager, Role.Officer], description: 'Buyers register through POST /buyers' })
  @IsEnum(Role)
  role: Role;

  @ApiPropertyOptional({ type: [String], description: 'Required for OFFICER: the dropping points they work at' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsUUID('4', { each: true })
  droppingPointIds?: string[];

  @ApiPropertyOptional({ description: 'Required for COOP_MANAGER' })
  @IsOptional()
  @IsUUID('4')
  cooperativeId?: string;
}
