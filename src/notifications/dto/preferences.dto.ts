import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

export class PreferencesDto {
  @ApiPropertyOptional({ enum: ['id', 'en'], description: 'Language of the messages (Bahasa Indonesia by default)' })
  @IsOptional()
  @IsIn(['id', 'en'])
  language?: 'id' | 'en';

  @ApiPropertyOptional({ description: 'Messages by WhatsApp to the roster phone' })
  @IsOptional()
  @IsBoolean()
  whatsapp?: boolean;

  @ApiPropertyOptional({ description: 'Messages (or the fallback) by SMS to the roster phone' })
  @IsOptional()
  @IsBoolean()
  sms?: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'Email address for messages (and the last fallback); null removes it' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ description: 'Announcements (a wave opened); order and payment messages cannot be turned off' })
  @IsOptional()
  @IsBoolean()
  announcements?: boolean;
}

/** A staff member's (officer's, cooperative manager's) addresses for the messages their work brings. */
export class ContactDto {
  @ApiPropertyOptional({ nullable: true, description: 'Indonesian mobile number for WhatsApp (SMS as the fallback); null removes it' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Email address (the purchase order comes with its PDF and CSV); null removes it' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ enum: ['id', 'en'], description: 'Language of the messages (Bahasa Indonesia by default)' })
  @IsOptional()
  @IsIn(['id', 'en'])
  language?: 'id' | 'en';
}
