import { Projection } from '../../read-models/src/projection';
import { kaderStatusProjection } from '../../read-models/src/kader-status';
import { besluitenProjection } from '../../read-models/src/besluiten';
import { werkgroepenProjection } from '../../read-models/src/werkgroepen';
import { participatieProjection } from '../../read-models/src/participatie';
import { opgavenProjection } from '../../read-models/src/opgaven';

/** Every read model the projector keeps. */
export const allProjections = (): Projection[] => [kaderStatusProjection, besluitenProjection, werkgroepenProjection, participatieProjection, opgavenProjection];
