export * from './gebied';
export * from './opgave';
export * from './voortgang';
