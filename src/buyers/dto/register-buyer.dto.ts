import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { EmployeeKind } from '../buyer.entity';

export class RegisterBuyerDto {
  @ApiProperty({ example: '198503122010011001', description: '18-digit NIP (or NI PPPK with kind PPPK)' })
  @IsString()
  @Matches(/^\d{18}$/, { message: 'nip must be exactly 18 digits' })
  nip: string;

  @ApiPropertyOptional({ enum: EmployeeKind, default: EmployeeKind.Pns })
  @IsOptional()
  @IsEnum(EmployeeKind)
  kind?: EmployeeKind;

  @ApiProperty({ example: 'Siti Rahmawati' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Kementerian Koperasi dan UKM' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  agency: string;

  @ApiProperty({ example: '+6281234567890' })
  @IsString()
  @Matches(/^\+?[0-9 -]{8,20}$/, { message: 'phone must be 8-20 digits, optionally with + and spaces' })
  phone: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('4')
  defaultDroppingPointId?: string;
}
