import { ApiProperty } from '@nestjs/swagger';

export class CodeSentResponse {
  @ApiProperty()
  status: string;

  @ApiProperty()
  message: string;
}
