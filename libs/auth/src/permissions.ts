import type { Actor } from '../../event-store/src';
import { isRol, Rol } from './roles';

/**
 * none: the role alone decides. gremium: a secretaris acts only for the gremium named in his token's
 * `organisatie` claim. gemeente: a secretaris only for `college-GMxxxx`/`raad-GMxxxx` and a gemeente role
 * only for its own GM code. Other roles in a bound row act for the regional process as a whole.
 */
export type Binding = 'none' | 'gremium' | 'gemeente';

export interface Permission {
  rollen: readonly Rol[];
  binding: Binding;
}

export interface AuthorisationTarget {
  gremium?: string;
  gemeente?: string;
}

export type AuthorisationResult = { allowed: true } | { allowed: false; reason: string };

const rule = (rollen: readonly Rol[], binding: Binding = 'none'): Permission => ({ rollen, binding });

const KADERTEAM: Rol[] = ['projectleider', 'programmateam'];
const UITWERKING: Rol[] = ['projectleider', 'programmateam', 'werkgroeplid'];

/** Command type -> who may issue it. One row per command; decisions belong to the body that owns them. */
export const PERMISSIONS = {
  // Kader and its phases: the directeurenoverleg gives the assignment, the projectleider runs it.
  StartKader: rule(['directeur']),
  WijsProjectleiderAan: rule(['directeur']),
  BetreedFase: rule(['projectleider', 'directeur']),
  ZetFaseTerug: rule(['projectleider', 'directeur']),
  PlanMijlpaal: rule(KADERTEAM),
  VerschuifMijlpaal: rule(KADERTEAM),
  BehaalMijlpaal: rule(KADERTEAM),
  AnnuleerMijlpaal: rule(['projectleider', 'directeur']),
  KoppelBesluit: rule(['secretaris', 'projectleider'], 'gremium'),
  // Also the withdrawal inside a Vergadering: the domain uses one command type for both.
  TrekBesluitIn: rule(['secretaris'], 'gremium'),
  WijzigBesluitUitkomst: rule(['secretaris'], 'gremium'),
  RegistreerLokaleVaststelling: rule(['secretaris', 'gemeente'], 'gemeente'),
  // Meetings and decisions: recorded by the clerks of the gremium itself.
  PlanVergadering: rule(['secretaris'], 'gremium'),
  VoegAgendapuntToe: rule(['secretaris'], 'gremium'),
  NeemBesluit: rule(['secretaris'], 'gremium'),
  RectificeerBesluit: rule(['secretaris'], 'gremium'),
  StelBesluitenlijstVast: rule(['secretaris'], 'gremium'),
  PubliceerBesluitenlijst: rule(['secretaris'], 'gremium'),
  // Werkgroepen and their actiepunten.
  StelWerkgroepIn: rule(['projectleider']),
  VoegLidToe: rule(['projectleider']),
  VerwijderLid: rule(['projectleider']),
  HefWerkgroepOp: rule(['projectleider']),
  MaakActiepuntAan: rule(UITWERKING),
  WijsActiepuntToe: rule(UITWERKING),
  VerschuifActiepunt: rule(UITWERKING),
  MeldActiepuntGereed: rule(UITWERKING),
  LaatActiepuntVervallen: rule(KADERTEAM),
  // Participatie: partners bring in, the kader team answers what was done with it.
  PlanParticipatieronde: rule(KADERTEAM),
  RegistreerInbreng: rule(['projectleider', 'programmateam', 'werkgroeplid', 'participant']),
  BeantwoordInbreng: rule(UITWERKING),
  SluitParticipatieronde: rule(['projectleider']),
  // Opgaven and their schaalniveau.
  LegOpgaveVast: rule(KADERTEAM),
  VerplaatsOpgave: rule(KADERTEAM),
  StelDoel: rule(KADERTEAM),
  MeldRealisatie: rule(['gemeente', 'programmateam'], 'gemeente'),
  TrekRealisatieIn: rule(['gemeente', 'programmateam'], 'gemeente'),
  // Beheer.
  VergeetPersoon: rule(['beheerder']),
  VerifieerKeten: rule(['beheerder', 'directeur']),
  // Actions that write no event but still need the table.
  BeheerAbonnementen: rule(['beheerder', 'projectleider', 'programmateam']),
  GeefAgendasleutel: rule(['projectleider', 'programmateam', 'directeur', 'secretaris', 'bestuurder', 'gemeente', 'werkgroeplid', 'lezer']),
} satisfies Record<string, Permission>;

export type CommandType = keyof typeof PERMISSIONS;

export const COMMAND_TYPES = Object.keys(PERMISSIONS) as CommandType[];

const allowed: AuthorisationResult = { allowed: true };
const denied = (reason: string): AuthorisationResult => ({ allowed: false, reason });

const GEMEENTE_GREMIUM = /^(college|raad)-(GM\d{4})$/;

const checkGremium = (actor: Actor, target: AuthorisationTarget): AuthorisationResult => {
  if (!target.gremium) return denied('Het gremium waarvoor u dit vastlegt is niet bekend.');
  if (actor.organisation !== target.gremium) {
    return denied(`U bent secretaris van ${actor.organisation ?? 'geen gremium'} en kunt niets vastleggen voor ${target.gremium}.`);
  }
  return allowed;
};

const checkGemeente = (actor: Actor, target: AuthorisationTarget): AuthorisationResult => {
  if (!target.gemeente) return denied('De gemeente waarvoor u dit vastlegt is niet bekend.');
  const ownGemeente = actor.role === 'secretaris' ? GEMEENTE_GREMIUM.exec(actor.organisation ?? '')?.[2] : actor.organisation;
  if (ownGemeente !== target.gemeente) {
    return denied(`U handelt namens ${actor.organisation ?? 'geen organisatie'} en kunt niets vastleggen voor gemeente ${target.gemeente}.`);
  }
  return allowed;
};

const BOUND_ROLES: Record<Exclude<Binding, 'none'>, readonly Rol[]> = {
  gremium: ['secretaris'],
  gemeente: ['secretaris', 'gemeente'],
};

/** Pure: may this actor issue this command for this gremium or gemeente? Unknown commands are refused. */
export const authorise = (actor: Actor, commandType: string, target: AuthorisationTarget = {}): AuthorisationResult => {
  const permission: Permission | undefined = (PERMISSIONS as Record<string, Permission>)[commandType];
  if (!permission) return denied(`De opdracht ${commandType} is onbekend.`);
  if (!isRol(actor.role) || !permission.rollen.includes(actor.role)) {
    return denied(`Met de rol ${actor.role} mag u ${commandType} niet uitvoeren; dat mag: ${permission.rollen.join(', ')}.`);
  }
  if (permission.binding === 'none' || !BOUND_ROLES[permission.binding].includes(actor.role)) return allowed;
  return permission.binding === 'gremium' ? checkGremium(actor, target) : checkGemeente(actor, target);
};

/** Reads are open to every known role. */
export const mayRead = (actor: Actor): boolean => isRol(actor.role);

