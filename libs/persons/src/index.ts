// The NHS number itself is checked in @app/validation, so that every library can take one.
export { checkNhsNumber, IsNhsNumber, nhsCheckDigit } from '@app/validation';
export { CommunicationNeed, NhsNumberVerificationStatus, PersonFlag, Sex } from './person-codes';
export { Person } from './person.entity';
export { PersonsModule } from './persons.module';
export { PersonsService } from './persons.service';
export { RegisterPersonInput, UpdatePersonInput } from './person.types';
