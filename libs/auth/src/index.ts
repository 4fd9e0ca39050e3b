export * from './auth-error';
export * from './authenticator';
export * from './authorisation-doc';
export * from './config';
export * from './dev-token';
export * from './permissions';
export * from './roles';
export * from './signing-key';
