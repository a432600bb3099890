import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Activity, Authorise } from '@app/access';
import { Page } from '@app/pagination';
import { Person } from './person.entity';
import {
  FindPersonsArgs,
  PersonByNhsNumberArgs,
  PersonPage,
  PersonsAtPracticeArgs,
  RegisterPersonInput,
  UpdatePersonInput,
} from './person.types';
import { PersonsService } from './persons.service';

@Resolver(() => Person)
export class PersonsResolver {
  constructor(private readonly persons: PersonsService) {}

  @Query(() => Person, { nullable: true, description: 'The person with this NHS number, or null if none is registered.' })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD, person: (args) => ({ nhsNumber: args.nhsNumber }) })
  person(@Args() { nhsNumber }: PersonByNhsNumberArgs): Promise<Person | null> {
    return this.persons.findByNhsNumber(nhsNumber);
  }

  @Query(() => [Person], { description: 'People with this family name and date of birth (for tracing without an NHS number).' })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD })
  findPersons(@Args() args: FindPersonsArgs): Promise<Person[]> {
    return this.persons.findByNameAndBirthDate(args);
  }

  @Query(() => PersonPage, { description: "A GP practice's registered people in name order, a page at a time." })
  @Authorise({ activity: Activity.RUN_POPULATION_QUERIES, organisation: (args) => args.gpPracticeOds })
  personsAtPractice(@Args() args: PersonsAtPracticeArgs): Promise<Page<Person>> {
    return this.persons.pageAtPractice(args);
  }

  @Mutation(() => Person, { description: 'Registers a person. Errors: NHS_NUMBER_INVALID, DUPLICATE, BAD_USER_INPUT.' })
  @Authorise({ activity: Activity.REGISTER_PERSON })
  registerPerson(@Args('input') input: RegisterPersonInput): Promise<Person> {
    return this.persons.register(input);
  }

  @Mutation(() => Person, { description: 'Changes a person. Errors: PERSON_NOT_FOUND, VERSION_CONFLICT, BAD_USER_INPUT.' })
  @Authorise({ activity: Activity.CHANGE_PERSON_RECORD, person: (args) => ({ nhsNumber: args.input?.nhsNumber }) })
  updatePerson(@Args('input') input: UpdatePersonInput): Promise<Person> {
    return this.persons.update(input);
  }
}
