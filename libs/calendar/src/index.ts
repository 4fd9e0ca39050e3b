export * from './kader-calendar';
