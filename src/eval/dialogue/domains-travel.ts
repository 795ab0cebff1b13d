/**
 * @module eval/dialogue/domains-travel
 * Grammars of the transport and lodging services: flights, trains, buses, hotels, homes,
 * rental cars and ride sharing. Several overlap on purpose (trips between cities, a date).
 */
import { citySlot, countSlot, dateSlot, timeSlot } from "./common-slots.js";
import type { DomainSpec } from "./domain-spec.js";
import { addressValue, amountValue, lowerValue, nameValue } from "./slot-values.js";
import {
  AIRLINES,
  CAR_TYPES,
  HOTELS,
  PROPERTIES,
  RENTAL_COMPANIES,
  RIDE_TYPES,
  ROOM_TYPES,
  SEAT_CLASSES,
  STATIONS,
} from "./value-pools.js";

const flights: DomainSpec = {
  id: "flights",
  description: "Find flights between cities and book plane tickets",
  examples: [
    "I need a flight to Chicago",
    "Book me a plane ticket for next week",
    "Are there direct flights to Boston on Friday?",
  ],
  openers: [
    "I need to fly to {destination} on {date}.",
    "Can you find me a flight from {origin} to {destination}?",
    "I have to get to {destination} for a conference, what are my options for getting there by air?",
    "Looking for a one-way ticket to {destination}.",
    "I want to book a trip to {destination} leaving {origin}.",
    "Are there any cheap flights to {destination} around {date}?",
  ],
  switchIns: [
    "I also need to get there, can you look for flights from {origin}?",
    "Now I need a plane ticket to {destination}.",
    "How would I fly out to {destination} on {date}?",
    "Next I'll need to book my flight.",
  ],
  slots: [
    citySlot("origin", [
      "Where are you flying from?",
      "Which city are you departing from?",
      "And where will you be leaving from?",
    ]),
    citySlot("destination", [
      "Where are you flying to?",
      "What's your destination?",
      "Where would you like to go?",
    ]),
    dateSlot("date", [
      "When do you want to leave?",
      "What day would you like to depart?",
      "Which date works for the departure?",
    ]),
    {
      name: "class",
      make: (r) => lowerValue(r, SEAT_CLASSES),
      ask: ["Which cabin would you like?", "Do you have a seat class preference?"],
      answer: ["{v} is fine.", "{v}, please.", "Let's go with {v}."],
    },
  ],
  item: { name: "airline", make: (r) => nameValue(r, AIRLINES), ask: [], answer: [] },
  offers: [
    "There is a {airline} flight leaving at {departure} for {price}. Does that work for you?",
    "I found a nonstop {airline} flight departing at {departure}; the fare is {price}. Would you like that one?",
    "How about {airline}? It takes off at {departure} and costs {price}.",
  ],
  confirms: [
    "Please confirm: a {class} ticket on {airline} from {origin} to {destination} on {date} at {departure}.",
    "So that's {airline}, {origin} to {destination}, {date}, departing {departure}. Shall I book it?",
  ],
  done: [
    "Your ticket is booked. The confirmation was sent to your email.",
    "All set, your seat on {airline} is reserved.",
  ],
  followUps: [
    ["Does that include checked bags?", "It includes one checked bag."],
    ["Which airport does it land at?", "It arrives at the main international airport."],
    ["Is there a later one?", "That is the latest one with seats left."],
  ],
};
flights.slots.push(timeSlot("departure", undefined, true), {
  name: "price",
  make: (r) => amountValue(r, 89, 640),
  ask: [],
  answer: [],
  offered: true,
});

const trains: DomainSpec = {
  id: "trains",
  description: "Search for train journeys and buy train tickets between cities",
  examples: [
    "Find me a train to Portland",
    "I want two rail tickets for Saturday",
    "When does the next train to Seattle leave?",
  ],
  openers: [
    "Is there a train from {origin} to {destination}?",
    "I'd like to go to {destination} by rail on {date}.",
    "I need {count} tickets to {destination}, I'd rather not drive.",
    "Can you check the rail schedule to {destination}?",
    "What's the easiest way to get to {destination} without flying or driving?",
  ],
  switchIns: [
    "I'll take the train there, can you check times?",
    "Can you also get me train tickets to {destination}?",
    "I also need to get from {origin} to {destination}.",
  ],
  slots: [
    citySlot("origin", ["Where will you be departing from?", "From which city?"]),
    citySlot("destination", ["Where are you headed?", "And the destination?"]),
    dateSlot("date", ["What date are you travelling?", "When would you like to travel?"]),
    countSlot(
      "count",
      ["How many tickets?", "How many people are travelling?"],
      ["{v} tickets.", "For {v}.", "Just {v}."],
      4,
    ),
  ],
  item: { name: "station", make: (r) => nameValue(r, STATIONS), ask: [], answer: [] },
  offers: [
    "There's a departure from {station} at {departure}, tickets are {price} each. Would that suit you?",
    "The {departure} from {station} has seats at {price}. Shall I reserve those?",
  ],
  confirms: [
    "Please confirm: {count} tickets from {origin} to {destination} on {date}, leaving {station} at {departure}.",
    "That's {count} seats on the {departure} departure, {date}. Is that correct?",
  ],
  done: [
    "Your tickets are booked; boarding passes will be emailed.",
    "Done, you're all set for the {departure} departure.",
  ],
  followUps: [
    ["Is there a dining car?", "Yes, there is a café car on board."],
    ["Can I bring a bike?", "Bikes are allowed with a reservation."],
  ],
};
trains.slots.push(timeSlot("departure", undefined, true), {
  name: "price",
  make: (r) => amountValue(r, 19, 140),
  ask: [],
  answer: [],
  offered: true,
});

const buses: DomainSpec = {
  id: "buses",
  description: "Find bus trips between cities and book seats on intercity buses",
  examples: [
    "Book a bus to Sacramento",
    "Is there a coach to Phoenix tomorrow morning?",
    "I need bus tickets for three people",
  ],
  openers: [
    "I'm looking for a bus from {origin} to {destination}.",
    "What's the cheapest way to get to {destination}? I don't mind a long ride on the road.",
    "Can you find me a coach leaving on {date}?",
    "I need {count} seats on a bus to {destination}.",
  ],
  switchIns: [
    "I'll need a bus to get there.",
    "Can you also check buses from {origin}?",
    "Then find me a coach to {destination} please.",
  ],
  slots: [
    citySlot("origin", ["Where are you leaving from?", "What's your departure city?"]),
    citySlot("destination", ["Where to?", "Which city are you going to?"]),
    dateSlot("date", ["Which day do you travel?", "What date?"]),
    countSlot(
      "count",
      ["How many passengers?", "For how many people?"],
      ["{v} passengers.", "{v} of us.", "{v}."],
      5,
    ),
  ],
  item: { name: "departure", make: (r) => timeSlot().make(r), ask: [], answer: [] },
  offers: [
    "There's a bus at {departure} with one transfer, {price} per person. Is that okay?",
    "A direct bus leaves at {departure} for {price}. Would you like it?",
  ],
  confirms: [
    "Please confirm: {count} seats from {origin} to {destination} on {date} at {departure}.",
    "Booking {count} tickets for {date}, departing {departure}. Correct?",
  ],
  done: ["Your seats are reserved.", "Booked. Your e-tickets are on the way."],
  followUps: [
    ["Does it have wifi?", "Yes, there's free wifi on board."],
    ["How long is the ride?", "It takes about four hours."],
  ],
};
buses.slots.push({ name: "price", make: (r) => amountValue(r, 12, 75), ask: [], answer: [], offered: true });

const hotels: DomainSpec = {
  id: "hotels",
  description: "Find hotels and book rooms for your stay in any city",
  examples: ["Find a hotel in Denver", "I need a room for two nights", "Book me a hotel near the airport"],
  openers: [
    "I'll be in {city} and need somewhere to crash for {nights} nights.",
    "Can you book me a {room} in {city}?",
    "I need a place to stay on {date}.",
    "Find me a hotel in {city} please.",
    "We're visiting {city} and need accommodation.",
  ],
  switchIns: [
    "I'll also need a place to stay there.",
    "Can you find a hotel in {city} as well?",
    "Now I need somewhere to sleep for {nights} nights.",
    "Where could I stay while I'm there?",
  ],
  slots: [
    citySlot("city", ["Which city are you staying in?", "Where do you need the room?"]),
    dateSlot("date", ["What's your check-in date?", "When are you arriving?", "When do you check in?"]),
    countSlot(
      "nights",
      ["How many nights?", "How long will you stay?"],
      ["{v} nights.", "For {v} nights.", "{v} nights please."],
      7,
    ),
    {
      name: "room",
      make: (r) => lowerValue(r, ROOM_TYPES),
      ask: ["What kind of room?", "Any room preference?"],
      answer: ["A {v}.", "A {v} please.", "{v} would be great."],
    },
  ],
  item: { name: "hotel", make: (r) => nameValue(r, HOTELS), ask: [], answer: [] },
  offers: [
    "{hotel} has a {room} available for {price} a night. Would you like to book it?",
    "I found {hotel}, rated four stars, at {price} per night. Does that sound good?",
  ],
  confirms: [
    "Please confirm: a {room} at {hotel} in {city}, checking in {date} for {nights} nights.",
    "So {hotel}, {nights} nights from {date}. Shall I reserve it?",
  ],
  done: ["Your room at {hotel} is booked.", "The reservation is complete."],
  followUps: [
    ["Is breakfast included?", "Breakfast is included in the rate."],
    ["Do they allow pets?", "Yes, pets are welcome for a small fee."],
    ["Is there parking?", "There is on-site parking."],
  ],
};
hotels.slots.push({
  name: "price",
  make: (r) => amountValue(r, 79, 420),
  ask: [],
  answer: [],
  offered: true,
});

const homes: DomainSpec = {
  id: "homes",
  description: "Search for apartments and houses to rent and schedule property visits",
  examples: [
    "Find a two bedroom apartment to rent",
    "I want to see a house this weekend",
    "Are there flats available in Austin?",
  ],
  openers: [
    "I'm moving to {city} and need a place with {bedrooms} bedrooms.",
    "Can you find apartments for rent in {city}?",
    "I'd like to visit a property on {date}.",
    "My lease ends soon, I need a new place in {city}.",
  ],
  switchIns: [
    "I'd also like to look at places to rent in {city}.",
    "Can you set up a viewing of an apartment?",
  ],
  slots: [
    citySlot("city", ["Which area are you searching in?", "Where should the place be?"]),
    countSlot(
      "bedrooms",
      ["How many bedrooms?", "How many rooms do you need?"],
      ["{v} bedrooms.", "At least {v}.", "{v}."],
      4,
    ),
    dateSlot("date", ["When would you like to visit?", "Which day works for a viewing?"]),
  ],
  item: { name: "property", make: (r) => nameValue(r, PROPERTIES), ask: [], answer: [] },
  offers: [
    "{property} at {address} has a unit for {rent} a month. Would you like to visit?",
    "There's a unit at {property}, {address}, renting for {rent}. Interested?",
  ],
  confirms: [
    "Please confirm: a visit to {property} at {address} on {date}.",
    "I'll schedule the viewing at {property} for {date}. Okay?",
  ],
  done: ["Your visit is scheduled.", "The viewing is booked, the landlord will meet you there."],
  followUps: [
    ["Is there in-unit laundry?", "Yes, there is a washer and dryer in the unit."],
    ["Are utilities included?", "Water and trash are included."],
  ],
};
homes.slots.push(
  { name: "address", make: addressValue, ask: [], answer: [], offered: true },
  { name: "rent", make: (r) => amountValue(r, 950, 3400), ask: [], answer: [], offered: true },
);

const rentalcars: DomainSpec = {
  id: "rentalcars",
  description: "Rent a car: search for rental cars and reserve one for pick-up",
  examples: ["I need to rent a car", "Reserve an SUV for pickup tomorrow", "Find me a cheap rental in Miami"],
  openers: [
    "I'll need wheels while I'm in {city}.",
    "Can you reserve a {car} for me on {date}?",
    "I want to pick up a rental car in {city}.",
    "I need a car for a few days.",
  ],
  switchIns: [
    "I'll also need a car there.",
    "Can you get me a rental for when I land?",
    "And a {car} to drive around {city}, please.",
  ],
  slots: [
    citySlot("city", ["Where do you want to pick it up?", "Which city is the pick-up in?"]),
    dateSlot("date", ["What day do you need it from?", "When is the pick-up?"]),
    {
      name: "car",
      make: (r) => lowerValue(r, CAR_TYPES),
      ask: ["What type of car?", "Any preference on the car?"],
      answer: ["A {v}.", "{v} please.", "Something like a {v}."],
    },
  ],
  item: { name: "company", make: (r) => nameValue(r, RENTAL_COMPANIES), ask: [], answer: [] },
  offers: [
    "{company} has a {car} for {price} a day, pick-up at {pickup}. Would you like it?",
    "I found a {car} with {company}, {price} per day. Should I hold it?",
  ],
  confirms: [
    "Please confirm: a {car} from {company} in {city}, picked up on {date} at {pickup}.",
    "That's a {company} {car} from {date}. Shall I reserve it?",
  ],
  done: ["Your car is reserved.", "Done, the car will be ready at the counter."],
  followUps: [
    ["Is insurance included?", "Basic insurance is included."],
    ["Can I return it at a different location?", "One-way returns cost extra."],
  ],
};
rentalcars.slots.push(timeSlot("pickup", undefined, true), {
  name: "price",
  make: (r) => amountValue(r, 29, 140),
  ask: [],
  answer: [],
  offered: true,
});

const ridesharing: DomainSpec = {
  id: "ridesharing",
  description: "Book a cab or shared ride to a destination",
  examples: ["Get me a cab to the airport", "I need a ride to 42 Elm Street", "Book a shared taxi for two"],
  openers: [
    "I need a ride to {address}.",
    "Can you get me a taxi for {count} people?",
    "Call me a cab please.",
    "How do I get to {address} right now? I don't have a car.",
  ],
  switchIns: [
    "Can you also get me a ride there?",
    "I'll need a cab to {address}.",
    "Now book me a ride please.",
  ],
  slots: [
    {
      name: "address",
      make: addressValue,
      ask: ["Where are you going?", "What's the destination address?"],
      answer: ["To {v}.", "{v}.", "It's {v}."],
    },
    countSlot("count", ["How many riders?", "How many seats?"], ["{v} people.", "{v} of us.", "{v}."], 4),
    {
      name: "ride",
      make: (r) => lowerValue(r, RIDE_TYPES),
      ask: ["What kind of ride?", "Shared or private?"],
      answer: ["A {v} ride.", "{v} is fine."],
    },
  ],
  item: { name: "wait", make: (r) => amountValue(r, 3, 15), ask: [], answer: [] },
  offers: [
    "A {ride} ride to {address} would be {price} and arrive in about {wait} minutes. Should I book it?",
    "I can get a {ride} car for {price}. Want it?",
  ],
  confirms: [
    "Please confirm: a {ride} ride for {count} to {address}.",
    "Booking a {ride} ride to {address} for {price}. Okay?",
  ],
  done: ["Your ride is on its way.", "The driver is coming."],
  followUps: [
    ["How long will it take to get there?", "About twenty minutes."],
    ["Can I pay by card?", "Yes, the card on file will be charged."],
  ],
};
ridesharing.slots.push({
  name: "price",
  make: (r) => amountValue(r, 9, 68, true),
  ask: [],
  answer: [],
  offered: true,
});

/** The transport and lodging services. */
export const TRAVEL_DOMAINS: readonly DomainSpec[] = [
  flights,
  trains,
  buses,
  hotels,
  homes,
  rentalcars,
  ridesharing,
];
