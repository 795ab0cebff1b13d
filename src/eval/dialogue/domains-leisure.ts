/**
 * @module eval/dialogue/domains-leisure
 * Grammars of the food, weather, media and outing services: restaurants, weather, movies, music,
 * media (streaming), events and travel (attractions). Weather, events and travel are catch-alls
 * ("any city, any date") whose descriptions overlap the others.
 */
import { citySlot, countSlot, dateSlot, daySlot, timeSlot } from "./common-slots.js";
import type { DomainSpec } from "./domain-spec.js";
import { addressValue, amountValue, countValue, lowerValue, nameValue } from "./slot-values.js";
import {
  ARTISTS,
  ATTRACTION_KINDS,
  ATTRACTIONS,
  CUISINES,
  DISHES,
  EVENT_KINDS,
  EVENTS,
  MOVIE_GENRES,
  MOVIES,
  MUSIC_GENRES,
  RESTAURANTS,
  SHOWS,
  SONGS,
  THEATRES,
} from "./value-pools.js";

const restaurants: DomainSpec = {
  id: "restaurants",
  description: "Find restaurants and reserve a table",
  examples: [
    "Book a table for two tonight",
    "Find a good sushi place nearby",
    "I want to make a dinner reservation",
  ],
  openers: [
    "We'd like a table for {count}, {cuisine} food if possible.",
    "I'm craving {dish}, any good places in {city}?",
    "Can you reserve dinner for {count} on {date}?",
    "Where can we eat in {city} tonight?",
    "I want to take my parents out for a nice {cuisine} meal.",
  ],
  switchIns: [
    "We'll also need somewhere to eat.",
    "Can you find a {cuisine} place for dinner there?",
    "And book us a table for {count} please.",
    "What about food? Somewhere serving {dish}.",
  ],
  slots: [
    citySlot("city", ["Which city are you in?", "Which area should I search?"]),
    {
      name: "cuisine",
      make: (r) => lowerValue(r, CUISINES),
      ask: ["What kind of food?", "Any cuisine in mind?", "What are you in the mood for?"],
      answer: ["{v}.", "Something {v}.", "{v} food would be great.", "We like {v}."],
    },
    countSlot(
      "count",
      ["How many people?", "For how many guests?", "How big is your party?"],
      ["{v} people.", "A party of {v}.", "There will be {v} of us.", "Just {v}."],
      8,
    ),
    dateSlot("date", ["Which day is the reservation for?", "What date?"]),
  ],
  item: { name: "restaurant", make: (r) => nameValue(r, RESTAURANTS), ask: [], answer: [] },
  offers: [
    "How about {restaurant}? It's a {cuisine} place at {address}. Would you like a table at {time}?",
    "{restaurant} has a table at {time}. Shall I book it?",
    "I found {restaurant} on {address}; they can seat you at {time}. Does that work?",
  ],
  confirms: [
    "Please confirm: a table for {count} at {restaurant} on {date} at {time}.",
    "So, {restaurant}, {count} people, {date}, {time}. Is that right?",
  ],
  done: ["Your table is reserved.", "Done, {restaurant} is expecting you."],
  followUps: [
    ["Do they have vegetarian options?", "Yes, the menu has several vegetarian dishes."],
    ["Is it expensive?", "It's moderately priced."],
    ["Do they serve {dish}?", "Yes, it's one of their specialties."],
  ],
};
restaurants.slots.push(
  { name: "dish", make: (r) => lowerValue(r, DISHES), ask: [], answer: [], offered: true },
  timeSlot("time", undefined, true),
  { name: "address", make: addressValue, ask: [], answer: [], offered: true },
);

const weather: DomainSpec = {
  id: "weather",
  description: "Check the weather forecast for any city on any date",
  examples: [
    "What's the weather in Seattle tomorrow?",
    "Will it rain on Saturday?",
    "How hot will it be next week?",
  ],
  openers: [
    "Should I pack an umbrella for {city} {day}?",
    "Is it going to be cold in {city}?",
    "What's the forecast for {day}?",
    "Will it be nice out in {city} {day}?",
  ],
  switchIns: [
    "What will it be like outside there {day}?",
    "Do I need a jacket?",
    "Is it supposed to rain in {city} {day}?",
    "How's the weather looking?",
  ],
  slots: [
    citySlot("city", ["Which city?", "For which location?"]),
    daySlot("day", ["For which day?", "Which day do you want the forecast for?"]),
  ],
  item: { name: "high", make: (r) => countValue(r, 41, 97), ask: [], answer: [] },
  offers: [
    "{day} in {city} looks {sky} with a high of {high} degrees. Would you like the hourly forecast?",
    "Expect {sky} skies and around {high} degrees. Do you want the details for the evening?",
  ],
  confirms: [],
  done: [
    "It stays {sky} most of the day, cooling off after sunset.",
    "Temperatures drop a few degrees in the evening.",
  ],
  followUps: [
    ["What about the wind?", "Winds will be light, around ten miles per hour."],
    ["And the evening?", "It will cool down after sunset."],
  ],
};
weather.slots.push({
  name: "sky",
  make: (r) => lowerValue(r, ["sunny", "cloudy", "rainy", "stormy", "foggy", "clear"]),
  ask: [],
  answer: [],
  offered: true,
});

const movies: DomainSpec = {
  id: "movies",
  description: "Find movies playing in theatres and buy cinema tickets",
  examples: [
    "What's playing at the cinema tonight?",
    "Buy two tickets for the new thriller",
    "Show me movie times near me",
  ],
  openers: [
    "I'd like to see a {genre} tonight.",
    "Is {movie} showing anywhere in {city}?",
    "Get me {count} tickets for {movie}.",
    "What's on at the theatre this weekend?",
  ],
  switchIns: [
    "Afterwards we want to catch a film.",
    "Can you also get us seats for {movie}?",
    "Is there a {genre} showing nearby?",
  ],
  slots: [
    {
      name: "genre",
      make: (r) => lowerValue(r, MOVIE_GENRES),
      ask: ["What kind of film?", "Any genre you prefer?"],
      answer: ["A {v}.", "Something like a {v}.", "{v}, I think."],
    },
    citySlot("city", ["Where are you watching it?", "Which city?"]),
    countSlot(
      "count",
      ["How many tickets?", "How many seats?"],
      ["{v} tickets.", "{v}.", "For {v} of us."],
      6,
    ),
  ],
  item: { name: "movie", make: (r) => nameValue(r, MOVIES, "title"), ask: [], answer: [] },
  offers: [
    "{movie} is playing at {theatre} at {time}. Would you like tickets?",
    "There's a {time} showing of {movie} at {theatre}. Shall I get seats?",
  ],
  confirms: [
    "Please confirm: {count} tickets for {movie} at {theatre}, {time}.",
    "That's {count} seats for {movie} at {time}. Go ahead?",
  ],
  done: ["Your tickets are booked.", "Enjoy the show, the tickets are in your inbox."],
  followUps: [
    ["How long is it?", "About two hours."],
    ["Is it rated R?", "It's rated PG-13."],
  ],
};
movies.slots.push(
  { name: "theatre", make: (r) => nameValue(r, THEATRES), ask: [], answer: [], offered: true },
  timeSlot("time", undefined, true),
);

const music: DomainSpec = {
  id: "music",
  description: "Find and play songs, albums and artists",
  examples: ["Play some jazz", "Put on the latest album by Lana Park", "I want to hear Golden Hour"],
  openers: [
    "Put on something {genre} please.",
    "I want to hear {song}.",
    "Can you play {artist}?",
    "I need something to relax to.",
  ],
  switchIns: ["Can you play something while I wait?", "Put on some {genre}.", "Play {song} for me."],
  slots: [
    {
      name: "genre",
      make: (r) => lowerValue(r, MUSIC_GENRES),
      ask: ["What genre?", "What kind of music?"],
      answer: ["{v}.", "Some {v}.", "Maybe {v}."],
    },
  ],
  item: { name: "song", make: (r) => nameValue(r, SONGS, "title"), ask: [], answer: [] },
  offers: [
    "How about {song} by {artist}? Shall I play it?",
    "I found {song} by {artist}. Want me to play it on the {device}?",
  ],
  confirms: ["Playing {song} by {artist} on the {device}, okay?"],
  done: ["Now playing.", "Enjoy the music."],
  followUps: [
    ["Which album is that from?", "It's from their latest album."],
    ["Can you turn it up?", "Volume raised."],
  ],
};
music.slots.push(
  { name: "artist", make: (r) => nameValue(r, ARTISTS), ask: [], answer: [], offered: true },
  {
    name: "device",
    make: (r) => lowerValue(r, ["living room speaker", "kitchen speaker", "tv", "bedroom speaker"]),
    ask: [],
    answer: [],
    offered: true,
  },
);

const media: DomainSpec = {
  id: "media",
  description: "Find and stream films and TV shows online",
  examples: [
    "Stream a comedy tonight",
    "What new series can I watch online?",
    "Play the next episode of Crown Street",
  ],
  openers: [
    "I want to watch something at home tonight.",
    "Find me a {genre} I can stream.",
    "Can I watch {show} online?",
    "What's a good series to binge?",
  ],
  switchIns: [
    "Then I'll want something to watch at home.",
    "Can you find {show} to stream?",
    "Any {genre} I can put on later?",
  ],
  slots: [
    {
      name: "genre",
      make: (r) => lowerValue(r, MOVIE_GENRES),
      ask: ["What genre?", "What are you in the mood for?"],
      answer: ["A {v}.", "{v}.", "Something {v}."],
    },
  ],
  item: { name: "show", make: (r) => nameValue(r, SHOWS, "title"), ask: [], answer: [] },
  offers: [
    "{show} is available now, season {season}. Want me to start it?",
    "You might like {show}. Shall I play it?",
  ],
  confirms: ["Starting {show}, season {season}, episode one. Okay?"],
  done: ["It's playing now.", "Enjoy."],
  followUps: [
    ["Does it have subtitles?", "Yes, subtitles are available."],
    ["How many episodes are there?", "There are ten episodes."],
  ],
};
media.slots.push({ name: "season", make: (r) => countValue(r, 1, 6), ask: [], answer: [], offered: true });

const events: DomainSpec = {
  id: "events",
  description: "Find concerts, games and other events happening in any city on any date and buy tickets",
  examples: [
    "Are there any concerts this weekend?",
    "Get me tickets to the game",
    "What's happening in Chicago on Friday?",
  ],
  openers: [
    "Is anything fun going on in {city} on {date}?",
    "I want to go to a {kind} while I'm there.",
    "Any live music in {city}?",
    "Get me {count} tickets to {event}.",
  ],
  switchIns: [
    "Is there anything going on that night?",
    "We'd also like to catch a {kind}.",
    "What else is happening in {city} on {date}?",
  ],
  slots: [
    citySlot("city", ["Which city?", "Where are you looking?"]),
    dateSlot("date", ["Which date?", "What day?"]),
    {
      name: "kind",
      make: (r) => lowerValue(r, EVENT_KINDS),
      ask: ["What kind of event?", "Anything in particular?"],
      answer: ["A {v}.", "Maybe a {v}.", "{v}."],
    },
    countSlot("count", ["How many tickets?", "How many of you?"], ["{v}.", "{v} tickets.", "{v} please."], 6),
  ],
  item: { name: "event", make: (r) => nameValue(r, EVENTS, "title"), ask: [], answer: [] },
  offers: [
    "{event} is on at {time} at {venue}. Would you like tickets?",
    "There's {event} that evening, starting {time}, {price} per ticket. Interested?",
  ],
  confirms: [
    "Please confirm: {count} tickets to {event} on {date}.",
    "{count} tickets for {event}, {price} each. Shall I buy them?",
  ],
  done: ["Your tickets are purchased.", "Done, the tickets are in your account."],
  followUps: [
    ["Is there parking at the venue?", "There's a garage next door."],
    ["Are the seats together?", "Yes, they are next to each other."],
  ],
};
events.slots.push(
  timeSlot("time", undefined, true),
  { name: "venue", make: addressValue, ask: [], answer: [], offered: true },
  { name: "price", make: (r) => amountValue(r, 15, 220), ask: [], answer: [], offered: true },
);

const travel: DomainSpec = {
  id: "travel",
  description: "Discover attractions and things to do for any place and any date",
  examples: [
    "What should I see in Boston?",
    "Find a museum to visit",
    "Any kid-friendly places around here?",
  ],
  openers: [
    "What's worth seeing in {city}?",
    "We have a free afternoon in {city}, any ideas?",
    "Is there a good {kind} around?",
    "I want to show my kids something interesting.",
  ],
  switchIns: [
    "What can we do there in the afternoon?",
    "Anything to see in {city} while we're there?",
    "Is there a {kind} we could visit?",
  ],
  slots: [
    citySlot("city", ["Which city?", "Where will you be?"]),
    {
      name: "kind",
      make: (r) => lowerValue(r, ATTRACTION_KINDS),
      ask: ["What kind of place?", "Any preference, like a park or a museum?"],
      answer: ["A {v}.", "{v} maybe.", "Something like a {v}."],
    },
  ],
  item: { name: "attraction", make: (r) => nameValue(r, ATTRACTIONS), ask: [], answer: [] },
  offers: [
    "{attraction} is a popular {kind} at {address}, entry is free. Would you like directions?",
    "You could try {attraction}; it's a {kind} open until {time}. Want directions?",
  ],
  confirms: [],
  done: ["I sent the directions to your phone.", "Directions are on your phone, have a great visit."],
  followUps: [
    ["Is it good for children?", "Yes, it's very family friendly."],
    ["Is it free?", "Entry is free."],
  ],
};
travel.slots.push(timeSlot("time", undefined, true), {
  name: "address",
  make: addressValue,
  ask: [],
  answer: [],
  offered: true,
});

/** The food, weather, media and outing services. */
export const LEISURE_DOMAINS: readonly DomainSpec[] = [
  restaurants,
  weather,
  movies,
  music,
  media,
  events,
  travel,
];
