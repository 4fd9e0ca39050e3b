export * from './opgave';
export * from './voortgang';
