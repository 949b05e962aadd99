import { Role } from '../users/role.enum';

export interface NavLink {
  href: string;
  /** Catalogue key of the link text. */
  label: string;
}

/** The layout's menu per role; each area adds its own role's links here. */
export const NAV_BY_ROLE: Record<Role, NavLink[]> = {
  [Role.Buyer]: [
    { href: '/gelombang', label: 'buyer.nav.waves' },
    { href: '/pesanan', label: 'buyer.nav.orders' },
  ],
  [Role.Officer]: [],
  [Role.CoopManager]: [],
  [Role.Admin]: [],
};
