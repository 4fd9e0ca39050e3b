export * from './kader-status';
export * from './stamp';
