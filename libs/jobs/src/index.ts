export * from './queue';
export * from './schema';
export * from './feed';
export * from './herinneringen';
export * from './webhooks';
export * from './worker';
export * from './abonnementen';
