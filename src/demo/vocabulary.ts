// Word lists for the demo practice. Deliberately includes non-ASCII names, apostrophes and
// free text with `<`, `&` and quotes, because real records contain them and every one must
// arrive escaped in the summary's XHTML and shown as text in the UI.

export const FEMALE_GIVEN = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Grace', 'Freya', 'Lily', 'Sophie', 'Emily',
  'Margaret', 'Susan', 'Patricia', 'Jean', 'Aisha', 'Fatima', 'Priya', 'Zoë', 'Siân', 'Chloé',
  'Aoife', 'Małgorzata', 'Ngozi', 'Mei', 'Hannah', 'Eleanor', 'Ruth', 'Joan', 'Niamh', 'Renée',
] as const;

export const MALE_GIVEN = [
  'Oliver', 'George', 'Noah', 'Arthur', 'Harry', 'Leo', 'Jack', 'Thomas', 'James', 'William',
  'David', 'John', 'Michael', 'Peter', 'Mohammed', 'Ali', 'Arjun', 'Rhys', 'Seán', 'José',
  'Łukasz', 'Chidi', 'Wei', 'Dafydd', 'Ravi', 'Kwame', 'Stefan', 'Björn', 'François', 'Tomás',
] as const;

export const FAMILY = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Khan', 'Ahmed',
  "O'Brien", "D'Souza", 'Nowak-Wójcik', 'Müller', 'Ó Briain', 'Ødegård', 'Nguyễn', 'Okafor', 'Chen', 'Singh',
  'MacDonald', 'Hughes', 'Edwards', 'Lewis', 'Murphy', 'Kowalski', 'Begum', 'Hussain', 'Clarke', 'Jackson',
] as const;

export const POSTCODE_AREAS = ['LS19', 'LS18', 'BD10', 'LS16', 'LS20', 'BD18', 'LS17', 'HX1', 'LS6', 'LS12'] as const;

export interface DrugTemplate {
  readonly drug: string;
  readonly dose: string;
  readonly quantity: string;
}

export const REPEAT_DRUGS: readonly DrugTemplate[] = [
  { drug: 'Amlodipine 5mg tablets', dose: 'One tablet once a day', quantity: '28 tablet' },
  { drug: 'Atorvastatin 20mg tablets', dose: 'One tablet at night', quantity: '28 tablet' },
  { drug: 'Metformin 500mg tablets', dose: 'One tablet twice a day with meals', quantity: '56 tablet' },
  { drug: 'Levothyroxine sodium 50microgram tablets', dose: 'One tablet each morning', quantity: '28 tablet' },
  { drug: 'Ramipril 5mg capsules', dose: 'One capsule once a day', quantity: '28 capsule' },
  { drug: 'Omeprazole 20mg gastro-resistant capsules', dose: 'One capsule once a day', quantity: '28 capsule' },
  { drug: 'Salbutamol 100micrograms/dose inhaler CFC free', dose: 'Two puffs when required', quantity: '1 inhaler' },
  { drug: 'Sertraline 50mg tablets', dose: 'One tablet once a day', quantity: '28 tablet' },
  { drug: 'Bisoprolol fumarate 2.5mg tablets', dose: 'One tablet each morning', quantity: '28 tablet' },
  { drug: 'Beclometasone 100micrograms/dose inhaler', dose: 'Two puffs twice a day', quantity: '1 inhaler' },
  { drug: 'Lansoprazole 15mg gastro-resistant capsules', dose: 'One capsule once a day', quantity: '28 capsule' },
  { drug: 'Warfarin 1mg tablets', dose: 'As directed by the anticoagulant clinic', quantity: '56 tablet' },
  { drug: 'Co-codamol 30mg/500mg tablets', dose: 'One or two tablets up to 4 times a day, max 8 in 24 hours', quantity: '100 tablet' },
  { drug: 'Emollient cream "ZeroDouble" & bath additive', dose: 'Apply 3-4 times a day <do not use on broken skin>', quantity: '500 gram' },
];

export const ACUTE_DRUGS: readonly DrugTemplate[] = [
  { drug: 'Amoxicillin 500mg capsules', dose: 'One capsule three times a day', quantity: '15 capsule' },
  { drug: 'Flucloxacillin 500mg capsules', dose: 'One capsule four times a day', quantity: '28 capsule' },
  { drug: 'Prednisolone 5mg tablets', dose: 'Six tablets each morning for 5 days', quantity: '30 tablet' },
  { drug: 'Naproxen 250mg tablets', dose: 'One tablet twice a day with food', quantity: '28 tablet' },
  { drug: 'Trimethoprim 200mg tablets', dose: 'One tablet twice a day for 3 days', quantity: '6 tablet' },
  { drug: 'Doxycycline 100mg capsules', dose: 'Two on day one, then one daily', quantity: '8 capsule' },
  { drug: 'Nitrofurantoin 50mg capsules', dose: 'One capsule four times a day', quantity: '12 capsule' },
  { drug: "Chloramphenicol 0.5% eye drops 'Minims'", dose: 'One drop every 2 hours <48h then 4 times a day', quantity: '10 ml' },
];

export interface AllergyTemplate {
  readonly description: string;
}

export const ALLERGIES: readonly string[] = [
  'Penicillin allergy - rash',
  'Allergy to peanuts - anaphylaxis',
  'Codeine adverse reaction - vomiting',
  'Latex allergy',
  'Aspirin intolerance',
  'Trimethoprim adverse reaction - "severe rash" & itch',
  'Ibuprofen allergy <bronchospasm>',
  'Sulfonamide allergy',
  'Allergy to elastoplast',
];

export const NEGATIVE_ALLERGY = 'No known drug allergy';

export const PRACTICE_NAMES = ["Fulford Grange & Rawdon Medical Practice", 'Riverside Surgery', "St Mary's Health Centre"] as const;
