/**
 * @module eval/dialogue/domains-services
 * Grammars of the money and personal services: banking, payments, calendar, appointments.
 * Banking and payments overlap (money), calendar overlaps events.
 */
import { dateSlot, timeSlot } from "./common-slots.js";
import type { DomainSpec } from "./domain-spec.js";
import { addressValue, amountValue, lowerValue, nameValue } from "./slot-values.js";
import { ACCOUNTS, PEOPLE, PROVIDERS, SERVICE_KINDS } from "./value-pools.js";

const banking: DomainSpec = {
  id: "banking",
  description: "Check account balances and transfer money between accounts",
  examples: [
    "What's my checking balance?",
    "Move 200 dollars to savings",
    "How much do I have in my account?",
  ],
  openers: [
    "How much do I have left in {account}?",
    "I need to move {amount} into {account}.",
    "Can you check whether my paycheck came in?",
    "I want to transfer some money.",
  ],
  switchIns: [
    "Before I pay for that, can you check my {account} balance?",
    "Also move {amount} into my {account} account.",
    "Do I have enough in {account} to cover it?",
  ],
  slots: [
    {
      name: "account",
      make: (r) => lowerValue(r, ACCOUNTS),
      ask: ["Which account?", "From checking or savings?"],
      answer: ["My {v} account.", "{v}.", "The {v} one."],
    },
    {
      name: "amount",
      make: (r) => amountValue(r, 50, 2500),
      ask: ["How much?", "What amount?"],
      answer: ["{v}.", "{v} please.", "Make it {v}."],
    },
  ],
  item: { name: "balance", make: (r) => amountValue(r, 120, 9800, true), ask: [], answer: [] },
  offers: [
    "Your {account} balance is {balance}. Would you like to move {amount} now?",
    "You have {balance} available. Shall I go ahead with the {amount} transfer?",
  ],
  confirms: [
    "Please confirm: transfer {amount} to your {account} account.",
    "Moving {amount} into {account}. Is that right?",
  ],
  done: ["The transfer is complete.", "Done, the money has been moved."],
  followUps: [
    ["When will it show up?", "It should appear immediately."],
    ["Is there a fee?", "There is no fee for internal transfers."],
  ],
};

const payments: DomainSpec = {
  id: "payments",
  description: "Send and request money with friends through a payment app",
  examples: ["Send Jake 20 dollars", "Request money from Maria for dinner", "Pay my roommate back"],
  openers: [
    "I owe {person} for dinner, can you settle that?",
    "Send {amount} to {person}.",
    "{person} paid for the tickets, I need to pay them back.",
    "Ask {person} to send me {amount}.",
  ],
  switchIns: [
    "Can you split the cost with {person}?",
    "Also send {person} {amount} for their share.",
    "I need to pay {person} back for that.",
  ],
  slots: [
    {
      name: "person",
      make: (r) => nameValue(r, PEOPLE),
      ask: ["Who should I send it to?", "Who is it for?"],
      answer: ["{v}.", "To {v}.", "It's {v}."],
    },
    {
      name: "amount",
      make: (r) => amountValue(r, 8, 300, true),
      ask: ["How much?", "What amount should I send?"],
      answer: ["{v}.", "{v} please.", "Send {v}."],
    },
  ],
  item: {
    name: "method",
    make: (r) => lowerValue(r, ["app balance", "debit card", "credit card"]),
    ask: [],
    answer: [],
  },
  offers: [
    "I can send {amount} to {person} from your {method}. Shall I do that?",
    "Would you like to pay {person} {amount} using your {method}?",
  ],
  confirms: [
    "Please confirm: {amount} to {person}, private visibility.",
    "Sending {amount} to {person} now. Okay?",
  ],
  done: ["The payment was sent.", "{person} has been paid."],
  followUps: [
    ["Will they be notified?", "Yes, they get a notification."],
    ["Can I add a note?", "I've added a note saying thanks."],
  ],
};

const calendar: DomainSpec = {
  id: "calendar",
  description: "Manage your calendar: view, add and remove events and reminders",
  examples: ["Add a meeting on Tuesday at 3 pm", "What's on my schedule tomorrow?", "Remind me to call mom"],
  openers: [
    "Put a lunch with {person} on {date}.",
    "Am I free on {date}?",
    "Remind me about {title} at {time}.",
    "I need to block some time for {title}.",
  ],
  switchIns: [
    "Please add that to my schedule.",
    "Put it in my calendar for {date}.",
    "Can you set a reminder for it?",
  ],
  slots: [
    dateSlot("date", ["What day?", "For which date?"]),
    timeSlot("time", ["What time?", "When should it start?"]),
    {
      name: "title",
      make: (r) =>
        lowerValue(r, [
          "dentist follow-up",
          "team sync",
          "yoga class",
          "parent meeting",
          "car service",
          "birthday dinner",
        ]),
      ask: ["What should I call it?", "What's it for?"],
      answer: ["Call it {v}.", "{v}.", "It's the {v}."],
    },
  ],
  item: { name: "location", make: addressValue, ask: [], answer: [] },
  offers: [
    "You're free then. Shall I add {title} on {date} at {time} at {location}?",
    "I can put {title} at {time} on {date}. Add it?",
  ],
  confirms: ["Please confirm: {title}, {date}, {time}.", "Adding {title} on {date} at {time}. Okay?"],
  done: ["It's on your calendar.", "Saved to your schedule."],
  followUps: [
    ["Will I get a notification?", "You'll get an alert 30 minutes before."],
    ["What else do I have that day?", "Nothing else is scheduled."],
  ],
};
calendar.slots.push({
  name: "person",
  make: (r) => nameValue(r, PEOPLE),
  ask: ["Who is it with?"],
  answer: ["With {v}.", "{v}."],
});

const services: DomainSpec = {
  id: "services",
  description: "Find and book appointments with doctors, dentists, hair stylists and therapists",
  examples: ["Book a dentist appointment", "I need a haircut on Saturday", "Find a therapist near me"],
  openers: [
    "My tooth has been hurting, can I see someone?",
    "I need a {kind} on {date}.",
    "Can you get me in with {provider}?",
    "I'm overdue for a {kind}.",
  ],
  switchIns: [
    "I also need to book a {kind}.",
    "Can you get me an appointment with {provider} too?",
    "And set up a {kind} for {date}.",
  ],
  slots: [
    {
      name: "kind",
      make: (r) => lowerValue(r, SERVICE_KINDS),
      ask: ["What kind of appointment?", "What do you need?"],
      answer: ["A {v}.", "{v}.", "Just a {v}."],
    },
    dateSlot("date", ["Which day?", "When would you like to come in?"]),
  ],
  item: { name: "provider", make: (r) => nameValue(r, PROVIDERS), ask: [], answer: [] },
  offers: [
    "{provider} at {address} has an opening at {time}. Would you like it?",
    "I can book you with {provider} at {time}. Does that work?",
  ],
  confirms: [
    "Please confirm: a {kind} with {provider} on {date} at {time}.",
    "That's {provider}, {date}, {time}. Book it?",
  ],
  done: ["Your appointment is booked.", "You're all set with {provider}."],
  followUps: [
    ["Do they take my insurance?", "They accept most major plans."],
    ["How long will it take?", "About forty-five minutes."],
  ],
};
services.slots.push(timeSlot("time", undefined, true), {
  name: "address",
  make: addressValue,
  ask: [],
  answer: [],
  offered: true,
});

/** The money and personal services. */
export const SERVICE_DOMAINS: readonly DomainSpec[] = [banking, payments, calendar, services];
