import { Projection } from '../../read-models/src/projection';
import { kaderStatusProjection } from '../../read-models/src/kader-status';
import { besluitenProjection } from '../../read-models/src/besluiten';

/** Every read model the projector keeps. */
export const allProjections = (): Projection[] => [kaderStatusProjection, besluitenProjection];
