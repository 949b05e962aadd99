import { ApiProperty } from '@nestjs/swagger';

export class TripProgressResponse {
  @ApiProperty()
  tripId: string;

  @ApiProperty()
  status: string;
}
