export { checkNhsNumber, IsNhsNumber, nhsCheckDigit } from './nhs-number';
export { CommunicationNeed, NhsNumberVerificationStatus, PersonFlag, Sex } from './person-codes';
export { Person } from './person.entity';
export { PersonsModule } from './persons.module';
export { PersonsService } from './persons.service';
