import express, { NextFunction, Request, Response } from 'express';
import { createServer } from 'node:http';
import request from 'supertest';
import { answerBeforeExpress } from './before-express';
import { routesFirst } from './routes-first';

/** An Express app with two middlewares and one route, served with the routes-first lane in front. */
function serve(passing: boolean) {
  const calls: string[] = [];
  const app = express();
  const skippable = (req: Request, _res: Response, next: NextFunction) => {
    calls.push(`skippable ${req.url}`);
    next();
  };
  app.use(skippable);
  app.use((req: Request, _res: Response, next: NextFunction) => {
    calls.push(`always ${req.url}`);
    next();
  });
  app.post('/kaders/:id', (req: Request, res: Response) => res.json({ id: req.params.id }));
  const server = createServer(app);
  answerBeforeExpress(server, () => [routesFirst(app, { passes: passing ? new Set([skippable]) : undefined })]);
  return { server, calls };
}

describe('routesFirst: middleware that passes on the requests it takes', () => {
  it('is not called for a request the lane takes, and still is where Express dispatches', async () => {
    const { server, calls } = serve(true);
    expect((await request(server).post('/kaders/k-1').send({})).body).toEqual({ id: 'k-1' });
    expect(calls).toEqual(['always /kaders/k-1']);
    calls.length = 0;
    // A trailing slash is not the lane's: Express runs every middleware.
    expect((await request(server).post('/kaders/k-1/').send({})).body).toEqual({ id: 'k-1' });
    expect(calls).toEqual(['skippable /kaders/k-1/', 'always /kaders/k-1/']);
  });

  it('is called as usual when it is not named', async () => {
    const { server, calls } = serve(false);
    expect((await request(server).post('/kaders/k-2').send({})).body).toEqual({ id: 'k-2' });
    expect(calls).toEqual(['skippable /kaders/k-2', 'always /kaders/k-2']);
  });
});
