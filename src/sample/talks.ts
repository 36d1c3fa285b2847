import { HELD_OUT_TALKS } from './held-out-talks.ts';
import { guest, host, type StoryRole, type TalkPassage, type TalkScript } from './talk-script.ts';

// Scripted talks with story truth: whole shows written line by line, each line spoken by the host or the guest
// and marked with its part in a story (lead-in, hook, body, payoff). Each passage has a kind, so an evaluation
// knows which stretches are worth a short (content stories and Q&A with a clear question and answer) and which
// are not (intro, cold open, housekeeping, sponsor read, outro).

/** A mountain-rescue podcast: cold open, a long story after a lead-in, a sponsor read in the middle. */
const PODCAST: TalkScript = {
  id: 'podcast',
  title: 'Ridge Line',
  passages: [
    {
      id: 'teaser',
      kind: 'cold-open',
      title: 'Coming up',
      lines: [
        guest(
          'We found him at three in the morning, and the first thing he asked was whether his phone had signal.',
        ),
        host('That story, and a few more, on today’s show.'),
      ],
    },
    {
      id: 'welcome',
      kind: 'intro',
      title: 'Welcome',
      lines: [
        host('Welcome to Ridge Line, the show about people who work where the maps run out.'),
        host('I am your host, and my guest has spent twelve years with a volunteer mountain rescue team.'),
        guest('Thanks for having me, it is good to be out of the rain for once.'),
      ],
    },
    {
      id: 'battery',
      kind: 'content',
      title: 'The last five percent',
      lines: [
        host('So, let me start with the call everyone on your team still talks about.', 'lead-in'),
        guest('Okay, yes, the hiker on the north ridge.', 'lead-in'),
        guest(
          'We found him at three in the morning, and the first thing he asked was whether his phone had signal.',
          'hook',
        ),
        guest('He had walked off the path at sunset to take a picture of the valley.'),
        guest('By the time the light was gone, he could not see the trail, and his battery was almost flat.'),
        guest('He used that last bit of battery to post the picture, not to call us.'),
        host('Wait, he posted the photo first?'),
        guest('He did, and a friend in another city saw it and phoned the police.'),
        guest('That friend is the only reason we knew which ridge to search.'),
        guest('Eight of us walked up in the dark with head torches and a stretcher.'),
        guest('We shouted his name every few minutes and listened for an answer.'),
        guest('About two hours in, someone heard a whistle from below the ridge.'),
        guest('He was sitting on a ledge, cold and soaked, but he had not broken anything.'),
        guest(
          'The lesson we teach now is simple, your last five percent of battery is for a call, not a post.',
          'payoff',
        ),
        host('That is a rule I am going to remember.'),
      ],
    },
    {
      id: 'sponsor',
      kind: 'sponsor',
      title: 'Trail Flask',
      lines: [
        host('This episode is supported by Trail Flask, the bottle that keeps your tea hot for a whole day.'),
        host('Trail Flask is made from recycled steel, and it comes with a lifetime warranty.'),
        host('Use the promo code ridge for fifteen percent off your first order.'),
        host('The link is in the show notes.'),
      ],
    },
    {
      id: 'cotton',
      kind: 'content',
      title: 'Cotton kills',
      lines: [
        host('Okay so this next one is a quick one.', 'lead-in'),
        host('What is the most common mistake you see on the mountain?', 'hook'),
        guest('Honestly, it is not the weather, and it is not fitness.'),
        guest(
          'It is cotton clothing, because wet cotton pulls heat out of your body faster than almost anything.',
          'payoff',
        ),
        guest('Wear wool or synthetic layers, and you buy yourself hours.'),
      ],
    },
    {
      id: 'heights',
      kind: 'content',
      title: 'Afraid of heights',
      lines: [
        host('Can I ask you something more personal?', 'lead-in'),
        guest('Sure, go ahead.', 'lead-in'),
        guest(
          'I will be honest with you, I was terrified of heights for my first three years on the team.',
          'hook',
        ),
        guest('I used to volunteer for radio duty so I would not have to climb.'),
        guest('Then an older member took me to a small crag every Sunday morning.'),
        guest('We climbed the same short wall again and again until it felt boring.'),
        guest(
          'Fear did not go away, it just got smaller every time I did the thing I was afraid of.',
          'payoff',
        ),
        host('That is a good way to put it.'),
      ],
    },
    {
      id: 'follow',
      kind: 'housekeeping',
      title: 'Follow the show',
      lines: [
        host(
          'If you are enjoying Ridge Line, follow the show wherever you listen, and subscribe on the channel.',
        ),
        host('All the safety guides we mentioned are linked in the description.'),
      ],
    },
    {
      id: 'goodbye',
      kind: 'outro',
      title: 'Goodbye',
      lines: [
        host('That is our time for today, thank you for listening.'),
        guest('Thanks for having me.'),
        host('Stay safe out there, and see you next week.'),
      ],
    },
  ],
};

/** A library lecture: introduced by the host, three stories by the speaker, an audience question, no sponsor. */
const LECTURE: TalkScript = {
  id: 'lecture',
  title: 'Maps that lie',
  passages: [
    {
      id: 'welcome',
      kind: 'intro',
      title: 'Welcome',
      lines: [
        host('Good evening, and welcome to the Thursday lecture series at the city library.'),
        host('Tonight our speaker is a map historian who has spent two decades in old archives.'),
        guest('Thank you, and thank you all for coming out on such a cold night.'),
      ],
    },
    {
      id: 'island',
      kind: 'content',
      title: 'California the island',
      lines: [
        guest('I want to begin with a mistake.', 'lead-in'),
        guest(
          'For more than a hundred years, the best maps in Europe showed California as an island.',
          'hook',
        ),
        guest('It started with one Spanish chart, drawn around sixteen twenty.'),
        guest('Other map makers copied it, because copying was cheaper than sending a ship.'),
        guest('Each copy looked more official than the last, with bays, rivers and little towns.'),
        guest('Missionaries who walked overland from Mexico kept writing home that the land was connected.'),
        guest('Nobody believed them, because the printed maps all agreed with each other.'),
        guest(
          'In the end, a Spanish king had to issue a royal order saying that California is not an island.',
        ),
        guest('When every source agrees, check whether they are all copying the same page.', 'payoff'),
      ],
    },
    {
      id: 'tricks',
      kind: 'content',
      title: 'Three tricks',
      lines: [
        guest('Now, the next part is my favourite.', 'lead-in'),
        guest('Here are the three tricks every map uses to fool you, and you see them every day.', 'hook'),
        guest('The first is the projection, which makes Greenland look as large as Africa.'),
        guest('In reality, Africa is about fourteen times bigger.'),
        guest('The second is colour, because a bright red country looks dangerous before you read a word.'),
        guest('The third is what the map leaves out, like the roads that were planned and never built.'),
        guest('So before you trust a map, ask what it was made to sell.', 'payoff'),
      ],
    },
    {
      id: 'agloe',
      kind: 'content',
      title: 'The town that was not there',
      lines: [
        guest('Some maps contain streets and towns that were invented on purpose.', 'hook'),
        guest('Map companies added a fake lane or a tiny town to catch anyone copying their work.'),
        guest('One invented town in New York, called Agloe, ended up with a real shop named after it.'),
        guest('The fake town became real, because people believed the map.', 'payoff'),
      ],
    },
    {
      id: 'paper',
      kind: 'qa',
      title: 'Paper maps',
      lines: [
        host('We have time for one question from the audience.', 'lead-in'),
        host('Someone asks, are paper maps still worth learning to read?', 'hook'),
        guest('Yes, and not only for the day your phone dies.'),
        guest(
          'Reading a paper map builds a picture of the land in your head, and people who use them get lost less often.',
          'payoff',
        ),
        guest('Satellite directions tell you where to turn, but never where you are.'),
      ],
    },
    {
      id: 'notices',
      kind: 'housekeeping',
      title: 'Notices',
      lines: [
        host('Before you go, next week’s lecture is about lighthouses.'),
        host('Follow the library online, and subscribe to our channel for the full recording.'),
        host('The reading list is linked in the description.'),
      ],
    },
    {
      id: 'thanks',
      kind: 'outro',
      title: 'Thanks',
      lines: [
        host('Please join me in thanking our speaker.'),
        guest('Thank you, and good night.'),
        host('Good night, everyone, and drive safely.'),
      ],
    },
  ],
};

/** A small-business interview: housekeeping right after the intro, host questions as hooks, a mid-roll sponsor. */
const INTERVIEW: TalkScript = {
  id: 'interview',
  title: 'Small Shop',
  passages: [
    {
      id: 'welcome',
      kind: 'intro',
      title: 'Welcome',
      lines: [
        host(
          'Hi everyone, welcome back to Small Shop, the channel where we visit people who run tiny businesses.',
        ),
        host('Today I am in a bakery that opens at four in the morning.'),
        guest('And closes when the bread runs out.'),
      ],
    },
    {
      id: 'subscribe',
      kind: 'housekeeping',
      title: 'Subscribe',
      lines: [
        host(
          'Quick thing before we start, if you like these visits, hit subscribe and follow us for the extra clips.',
        ),
        host('The bakery’s address is in the show notes.'),
      ],
    },
    {
      id: 'brick',
      kind: 'content',
      title: 'The first loaf',
      lines: [
        host('So, what did your very first loaf look like?', 'hook'),
        guest('It was flat, grey and heavy enough to hold a door open.'),
        guest('I had followed a recipe from a library book, but I used cold water in a cold kitchen.'),
        guest('Yeast is alive, and in the cold it basically goes to sleep.'),
        guest('Warm water and patience turned my bricks into bread within a month.', 'payoff'),
      ],
    },
    {
      id: 'menu',
      kind: 'content',
      title: 'Twelve breads to three',
      lines: [
        host('Okay so this next part surprised me when you told me off camera.', 'lead-in'),
        guest('We lost forty thousand dollars in our first year, and I almost sold the ovens.', 'hook'),
        guest('We were baking twelve kinds of bread, because I wanted something for everyone.'),
        guest('Half of them sold two loaves a day and went in the bin at closing.'),
        guest('I was working eighteen hour days and still falling behind on rent.'),
        host('What changed?'),
        guest('A customer who ran a restaurant sat me down and asked to see my numbers.'),
        guest('She circled three breads and told me those were my business, and the rest was a hobby.'),
        guest('I cut the menu from twelve breads to three the very next Monday.'),
        guest('People complained for about two weeks.'),
        guest('Then the line got longer, because we never ran out of the good ones.'),
        guest('Within a year we were profitable, and the only thing that changed was doing less.', 'payoff'),
        host('Doing less, that is hard advice to take.'),
        guest('It is, but the bin at closing time told me the truth every night.'),
      ],
    },
    {
      id: 'sponsor',
      kind: 'sponsor',
      title: 'Ledger Lite',
      lines: [
        host('A quick word from today’s sponsor.'),
        host('This video is supported by Ledger Lite, the bookkeeping app built for small shops.'),
        host('It turns your receipts into a monthly report in a few taps.'),
        host('Use code small shop for twenty percent off for three months, the link is in the description.'),
      ],
    },
    {
      id: 'jar',
      kind: 'content',
      title: 'Grandmother’s starter',
      lines: [
        guest('Can I show you something?', 'lead-in'),
        guest(
          'This jar is the oldest thing in the building, older than the ovens and older than me.',
          'hook',
        ),
        guest('My grandmother started it in nineteen sixty two, and we feed it flour and water twice a day.'),
        guest('Every loaf we sell still carries a little of her kitchen in it.', 'payoff'),
      ],
    },
    {
      id: 'advice',
      kind: 'qa',
      title: 'Advice',
      lines: [
        host('Last question, what should someone do if they dream of opening a bakery?', 'hook'),
        guest(
          'Work a month of early shifts in someone else’s bakery first, and if you still love it, then start.',
          'payoff',
        ),
        guest('The bread is the easy part, the alarm at three in the morning is the hard part.'),
      ],
    },
    {
      id: 'bye',
      kind: 'outro',
      title: 'Bye',
      lines: [
        host('Thank you for having us.'),
        guest('Any time, take a loaf with you.'),
        host('That is it for this episode, see you in the next shop.'),
      ],
    },
  ],
};

/** A space show: a cold open teasing a line told in full later, a listener question, a mid-roll sponsor. */
const SPACE: TalkScript = {
  id: 'space',
  title: 'Orbit Hour',
  passages: [
    {
      id: 'teaser',
      kind: 'cold-open',
      title: 'Coming up',
      lines: [
        guest('Eleven minutes, that is how long the whole room stopped breathing.'),
        host('Today, on Orbit Hour.'),
      ],
    },
    {
      id: 'welcome',
      kind: 'intro',
      title: 'Welcome',
      lines: [
        host('Welcome to Orbit Hour, I am your host.'),
        host(
          'My guest worked for nine years as a flight controller, one of the people who keep astronauts alive.',
        ),
        guest('Happy to be here, and yes, I have had a lot of bad coffee at three in the morning.'),
      ],
    },
    {
      id: 'blackout',
      kind: 'content',
      title: 'The long blackout',
      lines: [
        host('So let me start with the moment you told me about, the radio blackout.', 'lead-in'),
        guest(
          'Eleven minutes, that is how long the whole room stopped breathing, waiting for one voice on the radio.',
          'hook',
        ),
        guest(
          'During reentry the capsule is wrapped in hot plasma, and radio signals cannot get through it.',
        ),
        guest('We expect about four minutes of silence.'),
        guest('That day, four minutes passed, then five, then eight.'),
        guest('Nobody spoke, and you could hear the air conditioning.'),
        guest('My job was to keep reading the numbers, even though the numbers had stopped changing.'),
        host('What were you thinking about?'),
        guest('The families of the crew, who were sitting in a room next door.'),
        guest('At eleven minutes, a tracking plane finally heard the beacon.'),
        guest('The capsule had come in on a steeper path, and the blackout simply lasted longer.'),
        guest(
          'What I learned is that silence is not bad news, it is no news, and you keep doing your job until it changes.',
          'payoff',
        ),
      ],
    },
    {
      id: 'socks',
      kind: 'content',
      title: 'Socks in orbit',
      lines: [
        host('Okay, a lighter one.', 'lead-in'),
        host('Why do astronauts throw their socks away instead of washing them?', 'hook'),
        guest('There is no washing machine in orbit, and water is too precious to spend on laundry.'),
        guest('So dirty clothes are packed into a cargo ship that burns up in the atmosphere.', 'payoff'),
        guest('Every few months, a load of old socks becomes a shooting star.'),
      ],
    },
    {
      id: 'sponsor',
      kind: 'sponsor',
      title: 'Star Atlas',
      lines: [
        host('Orbit Hour is supported by Star Atlas, the app that names every star you point your phone at.'),
        host('Use the promo code orbit for thirty percent off the yearly plan.'),
        host('Find the link in the description.'),
      ],
    },
    {
      id: 'hold',
      kind: 'content',
      title: 'Anyone can call a hold',
      lines: [
        guest('People always ask me what mission control is really like.', 'lead-in'),
        guest('The most important rule in that room has nothing to do with rockets.', 'hook'),
        guest('It is that anyone, even the newest person, can stop a launch by saying so.'),
        guest('Early in my career, a junior engineer called a hold because a sensor reading looked odd.'),
        guest('Everyone senior was sure it was a glitch.'),
        guest('It turned out a valve was frozen, and launching would have damaged the engine.'),
        guest('The rule exists because the person who speaks up is right often enough to matter.', 'payoff'),
      ],
    },
    {
      id: 'wall',
      kind: 'qa',
      title: 'The Great Wall',
      lines: [
        host('A listener wrote in with a question.', 'lead-in'),
        host('Can you really see the Great Wall of China from space?', 'hook'),
        guest('No, not with the naked eye from orbit, because it is long but far too narrow.', 'payoff'),
        guest('Astronauts can see city lights and airports much more easily.'),
      ],
    },
    {
      id: 'follow',
      kind: 'housekeeping',
      title: 'Follow',
      lines: [
        host('If you have a question for the show, send it in, and follow us so you never miss an episode.'),
        host('Subscribe on the video channel for the launch replays, links in the show notes.'),
      ],
    },
    {
      id: 'bye',
      kind: 'outro',
      title: 'Bye',
      lines: [
        host('That is all for this week, thank you to my guest.'),
        guest('Thanks, this was fun.'),
        host('Keep looking up, and see you next time.'),
      ],
    },
  ],
};

export const TALKS: readonly TalkScript[] = [PODCAST, LECTURE, INTERVIEW, SPACE];

/** A talk by id: the tuning talks of TALKS, or the held-out ones of held-out-talks.ts. */
export function findTalk(id: string): TalkScript {
  const all = [...TALKS, ...HELD_OUT_TALKS];
  const talk = all.find((candidate) => candidate.id === id);
  if (!talk) throw new Error(`Unknown talk "${id}" (talks: ${all.map((t) => t.id).join(', ')})`);
  return talk;
}

/** Passages worth a short: content, and Q&A with a clear question (hook) and answer (payoff). */
export function isStoryPassage(passage: Pick<TalkPassage, 'kind' | 'lines'>): boolean {
  const has = (role: StoryRole) => passage.lines.some((line) => line.role === role);
  return passage.kind === 'content' || (passage.kind === 'qa' && has('hook') && has('payoff'));
}
