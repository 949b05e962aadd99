export enum Role {
  Admin = 'ADMIN',
  CoopManager = 'COOP_MANAGER',
  Officer = 'OFFICER',
  Buyer = 'BUYER',
}
