import { Projection } from '../../read-models/src/projection';
import { kaderStatusProjection } from '../../read-models/src/kader-status';

/** Every read model the projector keeps. */
export const allProjections = (): Projection[] => [kaderStatusProjection];
