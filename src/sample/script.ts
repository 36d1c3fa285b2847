// The spoken material of the sample talks: distinct topics, some written as strong clip material (a hook, a
// self-contained explanation, a payoff) and some as weak, meandering or context-dependent passages, plus a
// housekeeping passage, a sponsor read and an outro.

export interface ScriptPassage {
  id: string;
  title: string;
  kind: 'content' | 'filler' | 'sponsor' | 'outro';
  interest: 'high' | 'low';
  keywords: string[];
  sentences: string[];
}

export const TOPICS: ScriptPassage[] = [
  {
    id: 'sleep',
    title: 'Why we sleep',
    kind: 'content',
    interest: 'high',
    keywords: ['sleep', 'brain', 'memory'],
    sentences: [
      'Have you ever wondered why your brain needs eight hours of sleep every night?',
      'For a long time, scientists had no good answer.',
      'Then researchers discovered that the sleeping brain washes itself.',
      'During deep sleep, fluid flows between brain cells and carries away waste.',
      'One of those waste products is linked to memory loss in old age.',
      'Sleep also moves new memories from short term storage into long term storage.',
      'That is why students who sleep after studying remember twice as much.',
      'So the next time you skip sleep to get more done, remember this.',
      'You are trading tomorrow’s memory for one more hour tonight.',
    ],
  },
  {
    id: 'compound',
    title: 'Compound interest',
    kind: 'content',
    interest: 'high',
    keywords: ['money', 'interest', 'investing'],
    sentences: [
      'Here is the most powerful idea in personal finance, and nobody teaches it in school.',
      'If you invest one hundred dollars a month from age twenty, you could retire with more than half a million.',
      'Start at forty instead, and you end up with less than a quarter of that.',
      'The difference is not the money you put in.',
      'The difference is time, because your returns start earning returns of their own.',
      'Money grows slowly for the first ten years and then it explodes.',
      'That is why the best time to start investing was yesterday.',
      'The second best time is today.',
    ],
  },
  {
    id: 'printing',
    title: 'The printing press',
    kind: 'content',
    interest: 'high',
    keywords: ['printing', 'books', 'gutenberg'],
    sentences: [
      'What invention changed the world more than the internet?',
      'Many historians would say the printing press.',
      'Before Gutenberg, a single book could take a monk a whole year to copy by hand.',
      'Within fifty years of his press, Europe had printed more than twenty million books.',
      'Ideas that once stayed locked in monasteries could suddenly reach ordinary people.',
      'Literacy spread, science sped up, and old authorities lost their grip on knowledge.',
      'One machine made of wood and metal rewired an entire continent.',
    ],
  },
  {
    id: 'volcano',
    title: 'How volcanoes form',
    kind: 'content',
    interest: 'high',
    keywords: ['volcano', 'magma', 'eruption'],
    sentences: [
      'Why do some volcanoes ooze quietly while others explode with the force of a nuclear bomb?',
      'The secret is gas trapped inside the magma.',
      'Thin, runny magma lets gas bubble out gently, like an open bottle of soda.',
      'Thick, sticky magma traps the gas until the pressure becomes enormous.',
      'When it finally breaks through, the rock shatters into ash and the mountain can tear itself apart.',
      'That is what happened at Mount Saint Helens in nineteen eighty.',
      'The whole north side of the mountain collapsed in seconds.',
    ],
  },
  {
    id: 'language',
    title: 'Learning a language',
    kind: 'content',
    interest: 'high',
    keywords: ['language', 'learning', 'words'],
    sentences: [
      'You do not need talent to learn a new language, you need the right thousand words.',
      'In most languages, the thousand most common words cover about eighty percent of everyday speech.',
      'Learn those first, and you can follow most conversations within a few months.',
      'The biggest mistake beginners make is studying grammar before they can say anything.',
      'Children learn by listening and speaking, long before they learn a single rule.',
      'Spend fifteen minutes a day speaking out loud, even if you only talk to yourself.',
      'Consistency beats intensity every single time.',
    ],
  },
  {
    id: 'blackholes',
    title: 'Black holes',
    kind: 'content',
    interest: 'high',
    keywords: ['black', 'hole', 'gravity'],
    sentences: [
      'Imagine squeezing the whole Earth down to the size of a marble.',
      'Its gravity would become so strong that not even light could escape.',
      'That is a black hole.',
      'Near its edge, time itself slows down compared to the rest of the universe.',
      'An astronaut falling in would seem to freeze forever to anyone watching from far away.',
      'Yet from the astronaut’s own point of view, the fall would take only moments.',
      'Black holes are the places where our best theories of physics stop working.',
    ],
  },
  {
    id: 'tides',
    title: 'Ocean tides',
    kind: 'content',
    interest: 'low',
    keywords: ['tides', 'moon', 'ocean'],
    sentences: [
      'And so, as I mentioned before, the tides are related to that.',
      'It depends on a number of things, some of which we covered earlier.',
      'The moon is part of it, and the sun is also part of it, to some degree.',
      'There are various other factors as well, which are somewhat complicated.',
      'Anyway, it varies from place to place, more or less, depending on the coastline.',
      'That is roughly the general idea, but there is more to it, as we said.',
    ],
  },
  {
    id: 'sourdough',
    title: 'Sourdough starter',
    kind: 'content',
    interest: 'low',
    keywords: ['sourdough', 'bread', 'flour'],
    sentences: [
      'So then, going back to that, the starter is the thing we talked about.',
      'It is basically flour and water, more or less, and you keep it somewhere.',
      'Then you feed it, and it does its thing over a period of some days.',
      'People have different opinions about that, which is fine.',
      'It can also depend on the kitchen and other conditions and so on.',
      'Anyway, that is the starter part, and then there are the other steps after that.',
    ],
  },
  {
    id: 'coffee',
    title: 'Coffee history',
    kind: 'content',
    interest: 'low',
    keywords: ['coffee', 'history', 'beans'],
    sentences: [
      'But this one is also related to the previous point, in a way.',
      'Coffee has been around for a while, in several places, for various reasons.',
      'There were some developments over the years, which were gradual.',
      'It spread around, and then it changed a bit, as these things do.',
      'Some of it is documented, and some of it is less certain, as I said.',
      'That is more or less where it ended up, in general terms.',
    ],
  },
];

export const FILLER: ScriptPassage = {
  id: 'housekeeping',
  title: 'Housekeeping',
  kind: 'filler',
  interest: 'low',
  keywords: ['subscribe', 'channel'],
  sentences: [
    'Okay, um, before we start, let me just check the mic.',
    'Can you all hear me okay?',
    'Uh, quick reminder, if you are new here, hit the subscribe button and the notification bell.',
    'And um, leave a comment below, it really helps the channel.',
    'Alright, uh, where was I.',
  ],
};

export const SPONSOR: ScriptPassage = {
  id: 'sponsor',
  title: 'Sponsor',
  kind: 'sponsor',
  interest: 'low',
  keywords: ['sponsor', 'discount'],
  sentences: [
    'This video is sponsored by Cloud Notes, the note taking app for busy people.',
    'Cloud Notes keeps your ideas synced on every device.',
    'Use code talk twenty for twenty percent off your first year.',
    'The link is in the description, and thanks to Cloud Notes for sponsoring this video.',
  ],
};

export const OUTRO: ScriptPassage = {
  id: 'outro',
  title: 'Outro',
  kind: 'outro',
  interest: 'low',
  keywords: ['watching', 'subscribe'],
  sentences: [
    'That is all for today, thank you so much for watching.',
    'If you enjoyed this video, give it a like and subscribe for more.',
    'See you next time.',
  ],
};
