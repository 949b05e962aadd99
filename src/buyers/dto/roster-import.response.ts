import { ApiProperty } from '@nestjs/swagger';

export class RosterImportResponse {
  @ApiProperty()
  imported: number;
}
