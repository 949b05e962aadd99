import { ApiProperty } from '@nestjs/swagger';

export class WaveNotificationCountsResponse {
  @ApiProperty()
  waveId: string;

  @ApiProperty()
  total: number;

  @ApiProperty({
    description: 'Per channel (whatsapp, sms, email), the number of messages in each status',
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
  })
  byChannel: Record<string, Record<string, number>>;
}
