import type { NextFunction, Request, Response } from 'express';

/** Full semantic version of the API contract (API Design Rules: /core/version-header). */
export const API_VERSION = '1.0.0';
export const API_BASE = '/api/v1';

export const apiVersionHeader = (_req: Request, res: Response, next: NextFunction) => {
  res.setHeader('API-Version', API_VERSION);
  next();
};
