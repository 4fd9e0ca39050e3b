export * from './duration';
export * from './schedule';
