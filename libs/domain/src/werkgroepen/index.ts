export * from './werkgroep';
