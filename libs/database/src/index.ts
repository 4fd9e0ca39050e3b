export * from './database';
export * from './timestamps';
export * from './postgres';
export * from './pglite';
export * from './create-database';
