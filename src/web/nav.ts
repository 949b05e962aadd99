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
    { href: '/profil', label: 'buyer.nav.profile' },
  ],
  [Role.Officer]: [{ href: '/petugas', label: 'desk.nav.points' }],
  [Role.CoopManager]: [
    { href: '/koperasi', label: 'koperasi.nav.home' },
    { href: '/koperasi/produk', label: 'koperasi.nav.products' },
  ],
  [Role.Admin]: [
    { href: '/admin', label: 'admin.nav.home' },
    { href: '/admin/gelombang', label: 'admin.nav.waves' },
    { href: '/admin/koperasi', label: 'admin.nav.cooperatives' },
    { href: '/admin/titik', label: 'admin.nav.points' },
    { href: '/admin/akun', label: 'admin.nav.accounts' },
    { href: '/admin/instansi', label: 'admin.nav.agencies' },
    { href: '/admin/pegawai', label: 'admin.nav.roster' },
    { href: '/admin/pembeli', label: 'admin.nav.buyers' },
    { href: '/admin/laporan', label: 'admin.nav.reports' },
    { href: '/admin/audit', label: 'admin.nav.audit' },
  ],
};
