export * from './types';
export * from './errors';
export * from './hash';
export * from './subscription';
export * from './sql/schema';
export * from './sql/sql-event-store';
