export * from './vergadering';
export * from './stemuitslag';
export * from './woo';
export * from './kader-commands';
