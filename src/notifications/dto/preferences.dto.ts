import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, MaxLength, ValidateIf } from 'class-validator';

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
