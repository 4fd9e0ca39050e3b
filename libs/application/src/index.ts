export * from './handle-command';
export * from './stream-states';
