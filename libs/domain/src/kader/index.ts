export * from './events';
export * from './commands';
export * from './state';
export * from './mijlpalen';
export * from './voorwaarden';
export * from './decide';
