import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { startProjector } from './api-process';

describe('starting a service for the bench', () => {
  it('refuses when its port already answers, instead of measuring the process that holds it', async () => {
    const squatter = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as AddressInfo;
    try {
      await expect(startProjector({ DATABASE_URL: 'postgres://nowhere/none' }, port, 2_000)).rejects.toThrow(/already answers before it started/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
