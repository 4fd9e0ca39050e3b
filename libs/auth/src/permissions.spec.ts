import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../../event-store/src';
import { authorise, COMMAND_TYPES, mayRead, Permission, PERMISSIONS } from './permissions';
import { renderAuthorisationDoc } from './authorisation-doc';
import { ROLLEN } from './roles';

const actor = (role: string, organisation?: string): Actor => ({ id: `${role}-1`, role, ...(organisation && { organisation }) });

describe('authorisation table', () => {
  it('has a row for every command the domain deciders handle', () => {
    const named = `StartKader WijsProjectleiderAan BetreedFase ZetFaseTerug PlanMijlpaal VerschuifMijlpaal BehaalMijlpaal
      AnnuleerMijlpaal KoppelBesluit TrekBesluitIn WijzigBesluitUitkomst RegistreerLokaleVaststelling PlanVergadering
      VoegAgendapuntToe NeemBesluit RectificeerBesluit StelBesluitenlijstVast PubliceerBesluitenlijst
      StelWerkgroepIn VoegLidToe VerwijderLid HefWerkgroepOp MaakActiepuntAan WijsActiepuntToe VerschuifActiepunt MeldActiepuntGereed
      LaatActiepuntVervallen PlanParticipatieronde RegistreerInbreng BeantwoordInbreng SluitParticipatieronde LegOpgaveVast
      VerplaatsOpgave StelDoel MeldRealisatie TrekRealisatieIn VergeetPersoon VerifieerKeten`.split(/\s+/);
    expect(COMMAND_TYPES).toEqual(expect.arrayContaining(named));
    expect(COMMAND_TYPES.every((command) => PERMISSIONS[command].rollen.length > 0)).toBe(true);
  });

  describe.each(COMMAND_TYPES)('%s', (command) => {
    const permission: Permission = PERMISSIONS[command];
    // An actor whose organisation matches the target, so only the role decides.
    const matching = (role: string) =>
      role === 'secretaris' && permission.binding === 'gemeente'
        ? { actor: actor(role, 'college-GM0547'), target: { gemeente: 'GM0547' } }
        : { actor: actor(role, permission.binding === 'gemeente' ? 'GM0547' : 'bestuurscommissie-maatschappij'), target: { gremium: 'bestuurscommissie-maatschappij', gemeente: 'GM0547' } };

    it.each(ROLLEN)('role %s is allowed exactly when the table lists it', (role) => {
      const { actor: who, target } = matching(role);
      const result = authorise(who, command, target);
      expect(result.allowed).toBe(permission.rollen.includes(role));
      if (!result.allowed) expect(result.reason).toContain(command);
    });
  });

  it('keeps decisions with their owners: a lezer, bestuurder or participant never records a besluit, a projectleider never takes one', () => {
    for (const role of ['lezer', 'bestuurder', 'participant', 'projectleider']) {
      expect(authorise(actor(role, 'bestuurscommissie-maatschappij'), 'NeemBesluit', { gremium: 'bestuurscommissie-maatschappij' }).allowed).toBe(false);
    }
    // a lezer changes nothing; a calendar key only lets him read the deadlines in his own calendar
    expect(COMMAND_TYPES.filter((command) => authorise(actor('lezer'), command).allowed)).toEqual(['GeefAgendasleutel']);
    expect(COMMAND_TYPES.filter((command) => (PERMISSIONS[command] as Permission).rollen.includes('beheerder'))).toEqual(['VergeetPersoon', 'VerifieerKeten', 'BeheerAbonnementen']);
  });

  it('refuses a command that is not in the table, whoever asks', () => {
    expect(authorise(actor('beheerder'), 'WisAlles')).toEqual({ allowed: false, reason: 'De opdracht WisAlles is onbekend.' });
  });

  it('refuses a role that is not known', () => {
    expect(authorise(actor('burgemeester'), 'StartKader').allowed).toBe(false);
    expect(mayRead(actor('burgemeester'))).toBe(false);
    expect(ROLLEN.every((role) => mayRead(actor(role)))).toBe(true);
  });
});

describe('gremium binding', () => {
  const secretaris = actor('secretaris', 'bestuurscommissie-maatschappij');

  it('given the secretaris of the bestuurscommissie, then he records a besluit for the bestuurscommissie', () => {
    expect(authorise(secretaris, 'NeemBesluit', { gremium: 'bestuurscommissie-maatschappij' })).toEqual({ allowed: true });
  });

  it('given the secretaris of the bestuurscommissie, then he cannot record for the directeurenoverleg', () => {
    const result = authorise(secretaris, 'PubliceerBesluitenlijst', { gremium: 'directeurenoverleg' });
    expect(result).toEqual({ allowed: false, reason: expect.stringContaining('directeurenoverleg') });
  });

  it('given no gremium on the target, then a secretaris is refused rather than trusted', () => {
    expect(authorise(secretaris, 'PlanVergadering', {}).allowed).toBe(false);
    expect(authorise(actor('secretaris'), 'PlanVergadering', { gremium: 'bestuurscommissie-maatschappij' }).allowed).toBe(false);
  });

  it('given a projectleider on a gremium-bound row he is listed on, then the gremium does not matter', () => {
    expect(authorise(actor('projectleider'), 'KoppelBesluit', { gremium: 'directeurenoverleg' })).toEqual({ allowed: true });
  });
});

describe('gemeente binding', () => {
  it('given the gemeente role of Leiden, then it reports its own realisatie and not that of Katwijk', () => {
    const leiden = actor('gemeente', 'GM0546');
    expect(authorise(leiden, 'MeldRealisatie', { gemeente: 'GM0546' })).toEqual({ allowed: true });
    expect(authorise(leiden, 'MeldRealisatie', { gemeente: 'GM0537' })).toEqual({ allowed: false, reason: expect.stringContaining('GM0537') });
  });

  it('given the secretaris of a college or raad, then he registers the local adoption of that gemeente only', () => {
    expect(authorise(actor('secretaris', 'college-GM0546'), 'RegistreerLokaleVaststelling', { gemeente: 'GM0546' }).allowed).toBe(true);
    expect(authorise(actor('secretaris', 'raad-GM0546'), 'RegistreerLokaleVaststelling', { gemeente: 'GM0546' }).allowed).toBe(true);
    expect(authorise(actor('secretaris', 'raad-GM0546'), 'RegistreerLokaleVaststelling', { gemeente: 'GM0547' }).allowed).toBe(false);
    expect(authorise(actor('secretaris', 'bestuurscommissie-maatschappij'), 'RegistreerLokaleVaststelling', { gemeente: 'GM0546' }).allowed).toBe(false);
  });

  it('given no gemeente on the target, then a gemeente role is refused', () => {
    expect(authorise(actor('gemeente', 'GM0546'), 'MeldRealisatie', {}).allowed).toBe(false);
  });

  it('given the programmateam, then it reports realisatie for any gemeente', () => {
    expect(authorise(actor('programmateam'), 'MeldRealisatie', { gemeente: 'GM1884' })).toEqual({ allowed: true });
  });
});

describe('docs/AUTHORISATION.md', () => {
  it('is the text generated from the table (run scripts/generate-authorisation-doc.ts after changing a row)', () => {
    const committed = readFileSync(join(__dirname, '../../../docs/AUTHORISATION.md'), 'utf8');
    expect(committed).toBe(renderAuthorisationDoc());
  });
});
