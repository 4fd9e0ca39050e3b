import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemBody } from './problem';

/** API Design Rules /core/no-trailing-slash: a trailing slash is a 404, never a redirect. */
export const noTrailingSlash = (req: Request, res: Response, next: NextFunction) => {
  if (req.path.length > 1 && req.path.endsWith('/') && !req.path.startsWith('/api/v1/docs')) {
    const problem = new ProblemException(404, 'niet-gevonden', 'Niet gevonden', 'Deze URL bestaat niet: paden eindigen nooit op een schuine streep.');
    res.status(404).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(problem, req.path)));
    return;
  }
  next();
};
