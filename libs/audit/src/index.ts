export * from './verify-chain';
export * from './audit-trail';
