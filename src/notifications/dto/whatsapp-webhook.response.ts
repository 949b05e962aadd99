import { ApiProperty } from '@nestjs/swagger';

export class WhatsAppWebhookResponse {
  @ApiProperty()
  applied: number;
}
