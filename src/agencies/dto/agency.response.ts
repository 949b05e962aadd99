import { ApiProperty } from '@nestjs/swagger';

export class AgencyResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  shortName: string | null;
}
