export * from './notificatie';
export * from './signing';
export * from './delivery';
export * from './retry';
export * from './callback-guard';
