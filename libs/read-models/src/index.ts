export * from './projection';
export * from './kader-status';
