import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin', description: 'Username; buyers use their 18-digit NIP' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'change-me-please' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class TokenDto {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ enum: ['ADMIN', 'COOP_MANAGER', 'OFFICER', 'BUYER'] })
  role: string;

  @ApiProperty({ example: '8h' })
  expiresIn: string;

  @ApiProperty({ example: 0, description: 'Failed login attempts on this account since its last login (tell the user when not 0)' })
  failedAttemptsSinceLastLogin: number;
}
