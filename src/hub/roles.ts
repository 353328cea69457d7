export const ROLES = ['administrator', 'duty-officer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
