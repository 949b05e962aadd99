import { toWib } from '../common/time';
import type { User } from './user.entity';

export function userView(user: User) {
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
