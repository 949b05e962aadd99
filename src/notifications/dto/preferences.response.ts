import { ApiProperty } from '@nestjs/swagger';

export class PreferencesResponse {
  @ApiProperty()
  unsubscribeLink: string;

  @ApiProperty()
  language: string;

  @ApiProperty()
  whatsapp: boolean;

  @ApiProperty()
  sms: boolean;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty()
  announcements: boolean;
}

export class ContactResponse {
  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty()
  language: string;
}
