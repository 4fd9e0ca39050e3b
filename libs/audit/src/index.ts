export * from './verify-chain';
