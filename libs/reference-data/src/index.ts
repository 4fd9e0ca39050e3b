export * from './gemeenten';
export * from './gremia';
