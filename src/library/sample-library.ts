// Recital's built-in sample: three short passages written for Recital, so a new user can try it
// before adding their own work. Copy a sentence from one into a chatbot and Recital flags it.

interface SamplePassage {
  title: string;
  author: string;
  tags: string[];
  text: string;
}

export const SAMPLE_TAG = 'sample';

export const SAMPLE_LIBRARY: readonly SamplePassage[] = [
  {
    title: 'The Salt Keeper of Orrin Bay',
    author: 'Recital Sample',
    tags: [SAMPLE_TAG, 'fiction'],
    text: `Every spring the salt keeper of Orrin Bay walked the drying pans at dawn, tapping the white crust with a brass spoon that had belonged to her grandmother. A clear ring meant the salt was ready; a dull knock meant another week of wind. The villagers trusted the spoon more than the almanac, and more than the radio, which had been wrong about the weather for as long as anyone could remember.

That year the spoon rang on the first morning of March, a full month early. Ada Merrow stood very still, listening to the note fade over the flats, and understood that something in the bay had changed. She did not tell anyone. She simply began to rake, and kept raking until the gulls came.`,
  },
  {
    title: 'Notes on Keeping a Ledger of Small Things',
    author: 'Recital Sample',
    tags: [SAMPLE_TAG, 'essay'],
    text: `For eleven years I have kept a ledger of small things: the price of a loaf, the first frost, the day the swifts leave, the name of the stranger who returned my glove on the number nine tram. None of it is important, which is exactly why I write it down. Important things are remembered by everyone, and therefore remembered badly, smoothed into anecdotes by constant retelling.

Small things survive only on paper. When I read an old page now, the handwriting tells me more than the entries do. A cramped column means a cold kitchen. Loose, looping figures mean a summer evening and an open window. The ledger was meant to record the world, but mostly it records the hand that held the pen.`,
  },
  {
    title: 'The Lighthouse Clockwork',
    author: 'Recital Sample',
    tags: [SAMPLE_TAG, 'poetry'],
    text: `Wind the brass before the tide turns,
oil the gears with patient thumbs,
count the teeth on every wheel
until the slow rotation comes.

The lamp is only half the light;
the other half is someone's care,
a keeper climbing ninety steps
to prove that someone still is there.

When ships go by they never see
the hands that set the beam to turn,
they only read the steady flash
and trust the harbour they will learn.

So wind the brass and trim the wick,
and write the hour in the log,
for every night a lamp is kept
a stranger finds the way through fog.`,
  },
];
