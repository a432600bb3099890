/**
 * Names and streets shaped like England's, most common first (they are drawn by rank). Given names
 * follow the decade a person was born in; a share of people have names from the communities that
 * live in Essex, with the languages an interpreter may be needed for.
 */

type ByDecade = readonly { bornBefore: number; female: readonly string[]; male: readonly string[] }[];

export const ENGLISH_GIVEN_NAMES: ByDecade = [
  {
    bornBefore: 1945,
    female: ['Margaret', 'Joan', 'Dorothy', 'Jean', 'Joyce', 'Doris', 'Irene', 'Barbara', 'Eileen', 'Betty', 'Vera', 'Kathleen', 'Sylvia', 'Audrey', 'Elsie', 'Edna', 'Phyllis', 'Winifred', 'Gladys', 'Marjorie'],
    male: ['John', 'William', 'Kenneth', 'Ronald', 'Dennis', 'Peter', 'George', 'Frederick', 'Arthur', 'Albert', 'Leonard', 'Stanley', 'Harold', 'Roy', 'Eric', 'Raymond', 'Donald', 'Alfred', 'Ernest', 'Norman'],
  },
  {
    bornBefore: 1965,
    female: ['Susan', 'Linda', 'Christine', 'Margaret', 'Patricia', 'Carol', 'Janet', 'Elizabeth', 'Sandra', 'Pauline', 'Jacqueline', 'Valerie', 'Anne', 'Gillian', 'Maureen', 'Brenda', 'Lesley', 'Diane', 'Lynn', 'Wendy'],
    male: ['David', 'John', 'Michael', 'Peter', 'Robert', 'Alan', 'Stephen', 'Christopher', 'Brian', 'Anthony', 'Keith', 'Richard', 'Graham', 'Colin', 'Terence', 'Barry', 'Trevor', 'Malcolm', 'Roger', 'Derek'],
  },
  {
    bornBefore: 1985,
    female: ['Sarah', 'Claire', 'Nicola', 'Emma', 'Lisa', 'Joanne', 'Michelle', 'Helen', 'Samantha', 'Karen', 'Amanda', 'Rachel', 'Louise', 'Julie', 'Kelly', 'Victoria', 'Donna', 'Tracey', 'Caroline', 'Deborah'],
    male: ['Paul', 'Mark', 'David', 'Andrew', 'Richard', 'Christopher', 'James', 'Simon', 'Michael', 'Matthew', 'Stephen', 'Lee', 'Jason', 'Darren', 'Ian', 'Neil', 'Craig', 'Gary', 'Daniel', 'Wayne'],
  },
  {
    bornBefore: 2005,
    female: ['Jessica', 'Emily', 'Sophie', 'Lauren', 'Hannah', 'Chloe', 'Charlotte', 'Amy', 'Rebecca', 'Megan', 'Bethany', 'Laura', 'Katie', 'Gemma', 'Jade', 'Holly', 'Georgia', 'Ellie', 'Stacey', 'Danielle'],
    male: ['Thomas', 'James', 'Jack', 'Daniel', 'Matthew', 'Ryan', 'Joshua', 'Luke', 'Samuel', 'Jordan', 'Adam', 'Lewis', 'Liam', 'Callum', 'Benjamin', 'Connor', 'Jake', 'Alexander', 'Nathan', 'Kieran'],
  },
  {
    bornBefore: 9999,
    female: ['Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Emily', 'Isabella', 'Poppy', 'Sophia', 'Grace', 'Lily', 'Freya', 'Evie', 'Ella', 'Florence', 'Willow', 'Rosie', 'Ivy', 'Daisy', 'Matilda'],
    male: ['Oliver', 'George', 'Noah', 'Arthur', 'Harry', 'Leo', 'Muhammad', 'Jack', 'Charlie', 'Oscar', 'Jacob', 'Henry', 'Thomas', 'Freddie', 'Alfie', 'Theo', 'William', 'Theodore', 'Archie', 'Joshua'],
  },
];

export const ENGLISH_FAMILY_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke',
  'King', 'Baker', 'Harris', 'Turner', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark',
  'Lee', 'Harrison', 'Edwards', 'Martin', 'Allen', 'Scott', 'Lewis', 'Hughes', 'Mitchell', 'Young',
  'Watson', 'Cook', 'Carter', 'Parker', 'Bennett', 'Bailey', 'Adams', 'Mason', 'Marshall', 'Phillips',
  'Bell', 'Shaw', 'Collins', 'Richardson', 'Barnes', 'Webb', 'Knight', 'Simpson', 'Cox', 'Palmer',
  'Price', 'Hunt', 'Holmes', 'Gray', 'Mills', 'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens',
  'Chapman', 'Foster', 'Rogers', 'Ellis', 'Pearce', 'Payne', 'Ford', 'Fox', 'Lloyd', 'Dixon',
  'Harvey', 'Spencer', 'Marsh', 'Pearson', 'Elliott', 'Howard', 'Andrews', 'Saunders', 'Day', 'West',
  'Cole', 'Lawrence', 'Bradley', 'Ball', 'Brooks', 'Gibson', 'Burton', 'Perry', 'Rose', 'Reynolds',
  "O'Brien", 'Murphy', 'Kelly', 'Francis', 'Wells', 'Newman', 'Page', 'Barrett', 'Hart', 'Hudson',
  'Webster', 'Hunter', 'Gregory', 'Lowe', 'Carr', 'Dunn', 'Woods', 'Parsons', 'Berry', 'Stone',
  'Potter', 'Rowe', 'Nash', 'Frost', 'Sharp', 'Tucker', 'Lane', 'Bird', 'Gardner', 'Dean',
  'Hale', 'Cross', 'Long', 'Freeman', 'Warren', 'Nicholls', 'Sutton', 'Tilbury', 'Osborne', 'Fuller',
  'Everitt', 'Wenden', 'Chaplin', 'Gooch', 'Cant', 'Bloomfield', 'Sewell', 'Pettitt', 'Fenn', 'Mann',
] as const;

export interface Community {
  name: string;
  /** Share of the population, all ages. */
  share: number;
  female: readonly string[];
  male: readonly string[];
  family: readonly string[];
  /** Languages an interpreter is booked for, most asked first. */
  languages: readonly string[];
  /** Chance that someone of working age needs an interpreter; doubled at 65 and over. */
  interpreterRate: number;
}

export const COMMUNITIES: readonly Community[] = [
  {
    name: 'South Asian',
    share: 0.035,
    female: ['Priya', 'Aisha', 'Fatima', 'Sana', 'Anjali', 'Zainab', 'Nisha', 'Ayesha', 'Kiran', 'Shabana'],
    male: ['Mohammed', 'Ahmed', 'Ali', 'Arjun', 'Imran', 'Hassan', 'Sanjay', 'Omar', 'Ravi', 'Tariq'],
    family: ['Patel', 'Khan', 'Hussain', 'Ahmed', 'Ali', 'Shah', 'Singh', 'Sharma', 'Mistry', 'Chowdhury', 'Rahman', 'Iqbal'],
    languages: ['Bengali', 'Urdu', 'Punjabi', 'Gujarati', 'Hindi', 'Tamil'],
    interpreterRate: 0.07,
  },
  {
    name: 'Eastern European',
    share: 0.035,
    female: ['Oliwia', 'Zuzanna', 'Anna', 'Maria', 'Ioana', 'Elena', 'Agnieszka', 'Katarzyna', 'Ewa', 'Andreea'],
    male: ['Jakub', 'Piotr', 'Tomasz', 'Andrei', 'Mateusz', 'Marek', 'Krzysztof', 'Ionuț', 'Adrian', 'Lukas'],
    family: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Popescu', 'Ionescu', 'Kazlauskas', 'Lewandowski', 'Petrov', 'Zieliński', 'Popa', 'Kamiński'],
    languages: ['Polish', 'Romanian', 'Lithuanian', 'Bulgarian', 'Russian', 'Latvian'],
    interpreterRate: 0.12,
  },
  {
    name: 'African',
    share: 0.02,
    female: ['Blessing', 'Grace', 'Chiamaka', 'Abena', 'Amara', 'Folake', 'Nneka', 'Precious', 'Esi', 'Adaeze'],
    male: ['Oluwaseun', 'Chidi', 'Kwame', 'Emmanuel', 'Tunde', 'Kofi', 'Samuel', 'Daniel', 'Yaw', 'Ikenna'],
    family: ['Okafor', 'Adeyemi', 'Mensah', 'Okoye', 'Boateng', 'Adebayo', 'Owusu', 'Eze', 'Asante', 'Nwosu'],
    languages: ['Yoruba', 'Igbo', 'Twi', 'French', 'Somali', 'Tigrinya'],
    interpreterRate: 0.03,
  },
  {
    name: 'Southern European and Turkish',
    share: 0.025,
    female: ['Ana', 'Beatriz', 'Giulia', 'Sofia', 'Elif', 'Maria', 'Inês', 'Chiara', 'Zeynep', 'Lucia'],
    male: ['João', 'Pedro', 'Luca', 'Mehmet', 'Giuseppe', 'Carlos', 'Marco', 'Emre', 'Tiago', 'Antonio'],
    family: ['Silva', 'Santos', 'Ferreira', 'Rossi', 'Yilmaz', 'Costa', 'Pereira', 'Demir', 'Russo', 'Oliveira'],
    languages: ['Portuguese', 'Italian', 'Turkish', 'Spanish', 'Kurdish'],
    interpreterRate: 0.06,
  },
];

/** A Polish or Lithuanian-style family name in its feminine form (Kowalski -> Kowalska). */
export function feminineForm(familyName: string): string {
  return familyName.replace(/ski$/, 'ska').replace(/cki$/, 'cka');
}

export const STREET_NAMES = [
  'Mill', 'Church', 'Station', 'High', 'London', 'Park', 'Victoria', 'Queens', 'Kings', 'Manor',
  'Maldon', 'Harwich', 'Ipswich', 'Crouch', 'Lexden', 'Mersea', 'Abbey', 'Priory', 'Castle', 'Bergholt',
  'Hythe', 'Magdalen', 'Butt', 'Military', 'Straight', 'Greenstead', 'Shrub End', 'Holland', 'Pier', 'Marine',
  'Albany', 'Beach', 'Chapel', 'Orchard', 'Meadow', 'Rectory', 'Vicarage', 'School', 'Elm', 'Oak',
  'Willow', 'Beech', 'Chestnut', 'Ash', 'Hawthorn', 'Rainsford', 'Broomfield', 'Springfield', 'Moulsham', 'Baddow',
  'Hamlet', 'Southchurch', 'Thorpe', 'Eastwood', 'Hadleigh', 'Leigh', 'Canvey', 'Hockley', 'Ashingdon', 'Hullbridge',
  'Dock', 'Thames', 'Orsett', 'Bridge', 'Brook', 'Heath', 'Common', 'Windmill', 'Coronation', 'Jubilee',
] as const;

export const STREET_KINDS = ['Road', 'Street', 'Lane', 'Avenue', 'Close', 'Drive', 'Way', 'Gardens', 'Crescent', 'Court'] as const;

export const BUILDING_NAMES = ['Albany', 'Jubilee', 'Riverside', 'Castle', 'Victoria', 'Abbey', 'Priory', 'Harbour', 'Wharf', 'Mill'] as const;

export const CARE_HOMES = [
  'Ambrose House', 'Elmstead Lodge', 'Willow Court', 'The Limes', 'Seaview Lodge', 'Oak Manor',
  'Cedar Grange', 'Lexden Park', 'The Beeches', 'Holly Lodge', 'Priory Court', 'Bramble Lodge',
] as const;

export const PRACTICE_KINDS = ['Surgery', 'Medical Centre', 'Health Centre', 'Medical Practice', 'Group Practice', 'Family Practice'] as const;
