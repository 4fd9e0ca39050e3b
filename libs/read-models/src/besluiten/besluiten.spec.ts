import { createPgliteDatabase } from '../../../database/src';
import { describeBesluitenReadModel } from './besluiten.suite';

describeBesluitenReadModel('PGlite', () => createPgliteDatabase());
