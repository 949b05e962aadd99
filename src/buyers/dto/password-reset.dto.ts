import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsAcceptablePassword } from '../../auth/password-rule';

export class PasswordResetDto {
  @ApiProperty({ example: '198503122010011001' })
  @IsString()
  @Matches(/^\d{18}$/, { message: 'nip must be exactly 18 digits' })
  nip: string;
}

export class ConfirmPasswordResetDto {
  @ApiProperty({ example: '198503122010011001' })
  @IsString()
  @Matches(/^\d{18}$/, { message: 'nip must be exactly 18 digits' })
  nip: string;

  @ApiProperty({ example: '482913', description: 'The one-time code sent to the phone of the account' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits sent to your phone' })
  code: string;

  @ApiProperty({ minLength: 8, description: 'Not one of the most common passwords, not containing the NIP' })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  @IsAcceptablePassword(['nip'])
  newPassword: string;
}
