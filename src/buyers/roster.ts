// Where the waves controller reads it from (its module cannot import the buyers module, which imports waves).
export { programmeHasRoster } from './buyers.repository';
