import { ApiProperty } from '@nestjs/swagger';
import { toWib } from '../common/time';
import { Role } from './role.enum';
import type { User } from './user.entity';

export class UserView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  role: Role;

  @ApiProperty({ type: String, nullable: true })
  cooperativeId: string | null;

  @ApiProperty({ type: [String] })
  droppingPointIds: string[];

  @ApiProperty()
  disabled: boolean;

  @ApiProperty()
  createdAt: string;
}

export function userView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    cooperativeId: user.cooperativeId,
    droppingPointIds: (user.droppingPoints ?? []).map((point) => point.id),
    disabled: user.disabledAt !== null,
    createdAt: toWib(user.createdAt),
  };
}
