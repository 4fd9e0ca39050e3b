export * from './kader-besluiten';
