import {
  BESLISSEND_GREMIUM,
  GEMEENTEN,
  GREMIA,
  HOLLAND_RIJNLAND,
  SUBREGIOS,
  gemeenteByCode,
  gemeenteVanGremium,
  gremiumByCode,
  isGremiumCode,
  isLokaalGremiumVan,
  magBesluitenOver,
  subregioOf,
} from '.';

describe('reference data: gemeenten en subregio\'s van Holland Rijnland', () => {
  it('kent precies 13 gemeenten met unieke CBS-codes en TOOI-ids', () => {
    expect(GEMEENTEN).toHaveLength(13);
    expect(new Set(GEMEENTEN.map((g) => g.code)).size).toBe(13);
    expect(new Set(GEMEENTEN.map((g) => g.tooi)).size).toBe(13);
    expect(new Set(GEMEENTEN.map((g) => g.naam)).size).toBe(13);
    GEMEENTEN.forEach((g) => expect(g.code).toMatch(/^GM\d{4}$/));
  });

  it('geeft Leiden zijn TOOI-id en schrijft Alphen aan den Rijn officieel', () => {
    expect(gemeenteByCode('GM0546')).toEqual({
      code: 'GM0546',
      naam: 'Leiden',
      tooi: 'https://identifier.overheid.nl/tooi/id/gemeente/gm0546',
      subregio: 'leidse-regio',
    });
    expect(gemeenteByCode('GM0484')?.naam).toBe('Alphen aan den Rijn');
    expect(gemeenteByCode('GM0363')).toBeUndefined();
  });

  it('deelt de gemeenten in drie subregio\'s zoals de tabel in DOMAIN.md', () => {
    const leden = Object.fromEntries(SUBREGIOS.map((s) => [s.code, [...s.gemeenten].sort()]));
    expect(leden).toEqual({
      'leidse-regio': ['GM0546', 'GM0547', 'GM0579', 'GM0626', 'GM0638'],
      'duin-en-bollenstreek': ['GM0534', 'GM0537', 'GM0553', 'GM0575', 'GM1525'],
      rijnstreek: ['GM0484', 'GM0569', 'GM1884'],
    });
    expect(SUBREGIOS.map((s) => s.naam)).toEqual(['Leidse regio', 'Duin- en Bollenstreek', 'Rijnstreek']);
  });

  it('plaatst elke gemeente in precies een subregio', () => {
    const alle = SUBREGIOS.flatMap((s) => s.gemeenten);
    expect(alle).toHaveLength(13);
    expect(new Set(alle).size).toBe(13);
    expect(subregioOf('GM1884')?.code).toBe('rijnstreek');
    expect(subregioOf('GM1525')?.naam).toBe('Duin- en Bollenstreek');
    expect(subregioOf('GM9999')).toBeUndefined();
  });

  it('kent Holland Rijnland zelf als samenwerkingsorgaan van alle 13', () => {
    expect(HOLLAND_RIJNLAND.tooi).toBe('https://identifier.overheid.nl/tooi/id/so/so0507');
    expect(HOLLAND_RIJNLAND.gemeenten).toHaveLength(13);
  });
});

describe('reference data: gremia', () => {
  it('kent de vaste gremia en college en raad van elke gemeente, met unieke codes', () => {
    expect(GREMIA).toHaveLength(4 + 2 * 13);
    expect(new Set(GREMIA.map((g) => g.code)).size).toBe(GREMIA.length);
    expect(gremiumByCode('raad-GM0553')).toMatchObject({ naam: 'Gemeenteraad Lisse', soort: 'bestuurlijk', gemeente: 'GM0553' });
    expect(gremiumByCode('directeurenoverleg')).toMatchObject({ soort: 'ambtelijk' });
    expect(gremiumByCode('bestuurscommissie-maatschappij')).toMatchObject({ soort: 'bestuurlijk' });
  });

  it('herkent geldige gremiumcodes en weigert onbekende', () => {
    expect(isGremiumCode('pt-mz-hr')).toBe(true);
    expect(isGremiumCode('college-GM0579')).toBe(true);
    expect(isGremiumCode('werkgroep-wg-1')).toBe(true);
    expect(isGremiumCode('college-GM0363')).toBe(false); // Amsterdam is not in Holland Rijnland
    expect(isGremiumCode('dagelijks-bestuur')).toBe(false);
    expect(isGremiumCode('werkgroep-')).toBe(false);
  });

  it('koppelt een lokaal gremium aan zijn eigen gemeente', () => {
    expect(gemeenteVanGremium('raad-GM0537')).toBe('GM0537');
    expect(gemeenteVanGremium('directeurenoverleg')).toBeUndefined();
    expect(isLokaalGremiumVan('college-GM0537', 'GM0537')).toBe(true);
    expect(isLokaalGremiumVan('college-GM0537', 'GM0534')).toBe(false);
  });

  it('laat elk gremium alleen besluiten over wat het toekomt', () => {
    expect(BESLISSEND_GREMIUM['plan-van-aanpak']).toBe('directeurenoverleg');
    expect(BESLISSEND_GREMIUM.kader).toBe('bestuurscommissie-maatschappij');
    expect(magBesluitenOver('directeurenoverleg', 'plan-van-aanpak')).toBe(true);
    expect(magBesluitenOver('pt-mz-hr', 'plan-van-aanpak')).toBe(false);
    expect(magBesluitenOver('bestuurscommissie-maatschappij', 'kader')).toBe(true);
    expect(magBesluitenOver('raad-GM0546', 'kader')).toBe(true);
    expect(magBesluitenOver('raad-GM0546', 'concept-kader')).toBe(false);
    expect(magBesluitenOver('projectgroep', 'overig')).toBe(true);
  });
});
