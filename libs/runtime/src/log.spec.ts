import { log, logSoon } from './runtime';

describe('log lines', () => {
  let writes: string[];
  beforeEach(() => {
    writes = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (writes.push(String(chunk)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  it('given lines logged soon in one turn, then they go out in one write, in order, as log writes them', async () => {
    logSoon('verzoek', { route: 'GET /a', status: 200 });
    logSoon('verzoek', { route: 'GET /b', status: 404 });
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    log('verzoek', { route: 'GET /c', status: 201 });
    const lines = writes.join('').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.level, l.message, l.route, l.status])).toEqual([
      ['info', 'verzoek', 'GET /a', 200], ['info', 'verzoek', 'GET /b', 404], ['info', 'verzoek', 'GET /c', 201],
    ]);
    expect(Object.keys(lines[0])).toEqual(Object.keys(lines[2]));
  });
});
