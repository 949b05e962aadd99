import { ApiProperty } from '@nestjs/swagger';

export class OrderMessagesMessage {
  @ApiProperty()
  id: string;

  @ApiProperty()
  kind: string;

  @ApiProperty()
  channel: string;

  @ApiProperty()
  status: string;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ type: String, nullable: true })
  sentAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  deliveredAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  readAt: string | null;
}

export class OrderMessagesResponse {
  @ApiProperty()
  orderId: string;

  @ApiProperty({ type: () => [OrderMessagesMessage] })
  messages: OrderMessagesMessage[];
}
