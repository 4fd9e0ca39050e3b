/** Roles a token may carry in its `rol` claim. */
export const ROLLEN = [
  'projectleider',
  'programmateam',
  'directeur',
  'secretaris',
  'bestuurder',
  'gemeente',
  'werkgroeplid',
  'participant',
  'lezer',
  'beheerder',
] as const;
export type Rol = (typeof ROLLEN)[number];

export const isRol = (value: unknown): value is Rol => typeof value === 'string' && (ROLLEN as readonly string[]).includes(value);
