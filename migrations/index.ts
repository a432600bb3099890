import { CreatePersonRegister1795502400000 } from './1795502400000-create-person-register';

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const migrations = [CreatePersonRegister1795502400000];
