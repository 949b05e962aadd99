import { ApiProperty } from '@nestjs/swagger';
import { UserView } from '../user.view';

/** The account after a password reset, with the temporary password when the administrator gave none (answered once). */
export class PasswordResetUserResponse extends UserView {
  @ApiProperty({ type: String, nullable: true })
  temporaryPassword: string | null;
}
