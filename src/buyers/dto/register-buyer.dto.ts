import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsAcceptablePassword } from '../../auth/password-rule';
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

  @ApiPropertyOptional({
    example: 'Siti Rahmawati',
    description: 'Required without a roster; where a roster exists it is the truth and this is ignored',
  })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    example: 'Kementerian Koperasi dan UKM',
    description: 'Required without a roster; where a roster exists it is the truth and this is ignored',
  })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  agency?: string;

  @ApiPropertyOptional({
    example: '+6281234567890',
    description: "Required without a roster; where a roster exists the code goes to the roster's phone and this is ignored",
  })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 -]{8,20}$/, { message: 'phone must be 8-20 digits, optionally with + and spaces' })
  phone?: string;

  @ApiProperty({ minLength: 8, description: 'Not one of the most common passwords, not containing the NIP' })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  @IsAcceptablePassword(['nip'])
  password: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('4')
  defaultDroppingPointId?: string;
}

/** The second step where a roster exists: the code sent to the roster's phone. */
export class ConfirmRegistrationDto {
  @ApiProperty({ example: '198503122010011001' })
  @IsString()
  @Matches(/^\d{18}$/, { message: 'nip must be exactly 18 digits' })
  nip: string;

  @ApiProperty({ example: '482913', description: 'The one-time code sent to the phone the roster holds for this NIP' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits sent to your phone' })
  code: string;
}
