export * from './config';
export * from './runtime';
export * from './projections';
export * from './metrics';
export * from './service-health';
