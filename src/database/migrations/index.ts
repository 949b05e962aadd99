import { InitialSchema1795400334203 } from './1795400334203-InitialSchema';

/** Every migration in order of creation; add each newly generated one here. */
export const MIGRATIONS = [InitialSchema1795400334203];
