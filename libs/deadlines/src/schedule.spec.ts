import { DeadlineItem, STANDAARD_BELEID, deadlineJobs, herplan } from './schedule';

const actiepunt: DeadlineItem = { id: 'ap-1', soort: 'actiepunt', deadline: '2025-06-13', status: 'open' };

describe('deadline schedule', () => {
  it('given an open actiepunt, then the owner is reminded a week and a day before, and it escalates when overdue', () => {
    const jobs = deadlineJobs(actiepunt);
    expect(jobs.map(({ kind, runAt, target }) => ({ kind, runAt, target }))).toEqual([
      { kind: 'herinnering', runAt: '2025-06-06T07:00:00.000Z', target: 'eigenaar' },
      { kind: 'herinnering', runAt: '2025-06-12T07:00:00.000Z', target: 'eigenaar' },
      { kind: 'escalatie', runAt: '2025-06-14T07:00:00.000Z', target: 'pt-mz-hr' },
      { kind: 'escalatie', runAt: '2025-06-21T07:00:00.000Z', target: 'directeurenoverleg' },
    ]);
    expect(jobs.every((job) => job.itemId === 'ap-1' && job.soort === 'actiepunt' && job.deadline === '2025-06-13')).toBe(true);
  });

  it('gives the same job ids every time, so the queue does not fill with duplicates', () => {
    expect(deadlineJobs(actiepunt).map((j) => j.jobId)).toEqual(deadlineJobs({ ...actiepunt }).map((j) => j.jobId));
    expect(new Set(deadlineJobs(actiepunt).map((j) => j.jobId)).size).toBe(4);
  });

  it('keeps a mijlpaal and an actiepunt with the same id apart', () => {
    const mijlpaal = deadlineJobs({ ...actiepunt, soort: 'mijlpaal' }).map((j) => j.jobId);
    expect(mijlpaal.some((id) => deadlineJobs(actiepunt).some((j) => j.jobId === id))).toBe(false);
  });

  it('given a moved deadline, when rescheduled, then all old jobs disappear and new ones appear', () => {
    const voor = deadlineJobs(actiepunt);
    const na = deadlineJobs({ ...actiepunt, deadline: '2025-07-01' });
    const { verwijderen, toevoegen } = herplan(voor, na);
    expect(verwijderen.sort()).toEqual(voor.map((j) => j.jobId).sort());
    expect(toevoegen).toEqual(na);
    expect(toevoegen[0].runAt).toBe('2025-06-24T07:00:00.000Z');
  });

  it('given nothing changed, when rescheduled, then the queue is left alone', () => {
    expect(herplan(deadlineJobs(actiepunt), deadlineJobs(actiepunt))).toEqual({ verwijderen: [], toevoegen: [] });
  });

  it.each(['gereed', 'vervallen', 'bereikt'])('given a %s item, then no jobs remain and all queued ones go', (status) => {
    const voor = deadlineJobs(actiepunt);
    const na = deadlineJobs({ ...actiepunt, status });
    expect(na).toEqual([]);
    expect(herplan(voor, na).verwijderen).toHaveLength(4);
  });

  it('follows a custom policy with durations in ISO 8601', () => {
    const jobs = deadlineJobs(
      { id: 'm-1', soort: 'mijlpaal', deadline: '2025-12-31', status: 'gepland' },
      { herinneringen: ['P1M'], escalaties: [{ na: 'P2W', naar: 'bestuurscommissie-maatschappij' }], tijdstip: '08:30' },
    );
    expect(jobs.map((j) => [j.kind, j.runAt, j.target])).toEqual([
      ['herinnering', '2025-11-30T08:30:00.000Z', 'eigenaar'],
      ['escalatie', '2026-01-15T08:30:00.000Z', 'bestuurscommissie-maatschappij'],
    ]);
  });

  it('refuses an invalid deadline or duration instead of scheduling at a wrong time', () => {
    expect(() => deadlineJobs({ ...actiepunt, deadline: '13-06-2025' })).toThrow(/geen geldige deadline/);
    expect(() => deadlineJobs(actiepunt, { ...STANDAARD_BELEID, herinneringen: ['7 dagen'] })).toThrow(/ISO 8601/);
  });
});
