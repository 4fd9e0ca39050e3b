export * from './kader-status';
