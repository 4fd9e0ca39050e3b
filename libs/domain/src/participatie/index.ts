export * from './participatieronde';
