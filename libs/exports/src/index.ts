export * from './besluitenlijst-document';
export * from './besluitenlijst-csv';
export * from './besluitenlijst-pdf';
