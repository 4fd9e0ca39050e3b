export * from './projection';
export * from './queries';
