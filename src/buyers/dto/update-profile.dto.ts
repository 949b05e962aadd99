import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

/**
 * What a civil servant may change about themselves. The roster's fields (NIP, name, agency) are not
 * here: an unknown field is refused with 400 naming it.
 */
export class UpdateProfileDto {
  @ApiPropertyOptional({ example: '081234567890', description: 'An Indonesian mobile number: one-time codes and order messages go to it' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 -]{8,20}$/, { message: 'phone must be 8-20 digits, optionally with + and spaces' })
  phone?: string;

  @ApiPropertyOptional({ description: 'Required with phone: the phone receives password-reset codes, so changing it takes the password' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword?: string;

  @ApiPropertyOptional({ nullable: true, description: 'A dropping point, or null for none (IsOptional lets null through)' })
  @IsOptional()
  @IsUUID('4')
  defaultDroppingPointId?: string | null;
}
