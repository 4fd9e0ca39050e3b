export * from './personal-data-vault';
export * from './person-directory';
