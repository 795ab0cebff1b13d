/**
 * @module eval/dialogue/value-pools
 * Pools of names, titles and lower-case values the dialogue grammars draw slot values from.
 */

export const CITIES = [
  "Denver",
  "Seattle",
  "Chicago",
  "Portland",
  "Austin",
  "Boston",
  "San Diego",
  "Atlanta",
  "Phoenix",
  "Nashville",
  "Miami",
  "Philadelphia",
  "Minneapolis",
  "Sacramento",
  "Vancouver",
  "Toronto",
  "New Orleans",
  "Salt Lake City",
];
export const RESTAURANTS = [
  "Trattoria Roma",
  "Blue Fin",
  "Golden Lotus",
  "Casa Miguel",
  "The Copper Pot",
  "Saffron House",
  "Little Tokyo",
  "Olive and Vine",
  "Bistro Laurent",
  "Smoky Joe's",
  "Green Table",
  "Seoul Kitchen",
];
export const CUISINES = [
  "italian",
  "thai",
  "mexican",
  "indian",
  "japanese",
  "vegetarian",
  "french",
  "korean",
  "greek",
  "chinese",
  "vietnamese",
  "barbecue",
];
export const DISHES = [
  "pad thai",
  "ramen",
  "lasagna",
  "tacos",
  "sushi",
  "pho",
  "burgers",
  "dim sum",
  "paella",
  "curry",
];
export const HOTELS = [
  "Grand Plaza Hotel",
  "Harbor View Inn",
  "The Linden",
  "Park Central",
  "Riverside Suites",
  "Hotel Marisol",
  "Summit Lodge",
  "The Ashford",
];
export const ROOM_TYPES = ["double room", "single room", "suite", "king room", "twin room"];
export const AIRLINES = ["United", "Delta", "Alaska Airlines", "Southwest", "American Airlines", "JetBlue"];
export const SEAT_CLASSES = ["economy", "premium economy", "business", "first class"];
export const CAR_TYPES = ["compact", "sedan", "suv", "minivan", "convertible", "pickup"];
export const RENTAL_COMPANIES = ["Hertz", "Avis", "Enterprise", "Budget", "Sixt"];
export const RIDE_TYPES = ["shared", "pool", "luxury", "regular", "xl"];
export const MOVIES = [
  "The Silent Harbor",
  "Midnight Orchard",
  "Paper Kings",
  "A Quiet Storm",
  "Glass Horizon",
  "The Last Lighthouse",
  "Iron Meadow",
  "Northbound",
  "Salt and Smoke",
  "Lucky Number Nine",
];
export const MOVIE_GENRES = [
  "comedy",
  "thriller",
  "horror",
  "drama",
  "animation",
  "documentary",
  "sci-fi",
  "romance",
  "action",
];
export const THEATRES = [
  "AMC Riverfront",
  "Regal Union Square",
  "The Orpheum",
  "Cinemark Plaza",
  "Roxy Cinema",
];
export const SONGS = [
  "Golden Hour",
  "Paper Planes",
  "Riverside",
  "Heat Wave",
  "Slow Dancing",
  "Midnight City",
  "Blue Skies",
  "Wildflower",
];
export const ARTISTS = [
  "Maya Sterling",
  "The Low Tides",
  "Kofi Mensah",
  "Lana Park",
  "Echo Valley",
  "DJ Ruiz",
  "Norah Quinn",
];
export const MUSIC_GENRES = [
  "jazz",
  "pop",
  "rock",
  "hip hop",
  "country",
  "classical",
  "reggae",
  "metal",
  "blues",
  "folk",
];
export const SHOWS = [
  "Northern Lights",
  "The Bakery",
  "Crown Street",
  "Deep Space Nine Lives",
  "Harbor Patrol",
  "Small Town Secrets",
  "The Long Game",
];
export const EVENTS = [
  "Riverfront Jazz Night",
  "Sounders vs Timbers",
  "Spring Food Festival",
  "Lana Park Live",
  "The Comedy Cellar Show",
  "Broadway Nights",
  "City Marathon Expo",
];
export const EVENT_KINDS = ["concert", "baseball game", "soccer match", "comedy show", "play", "festival"];
export const ATTRACTIONS = [
  "Pike Place Market",
  "Millennium Park",
  "the Botanic Garden",
  "the Science Museum",
  "Union Station",
  "the Art Institute",
  "Balboa Park",
  "the Space Needle",
];
export const ATTRACTION_KINDS = ["museum", "park", "landmark", "gallery", "zoo", "historical site"];
export const ACCOUNTS = ["checking", "savings"];
export const PEOPLE = ["Maria", "Jake", "Priya", "Tom", "Alicia", "Sam", "Nora", "Daniel", "Lucas", "Emma"];
export const PROVIDERS = [
  "Dr. Patel",
  "Dr. Nguyen",
  "Bright Smiles Dental",
  "Studio Nine Salon",
  "Dr. Alvarez",
  "Cutting Edge Barbers",
  "Harmony Therapy",
];
export const SERVICE_KINDS = ["dentist", "haircut", "checkup", "therapist", "eye exam", "massage"];
export const PROPERTIES = [
  "Willow Court Apartments",
  "Parkside Lofts",
  "Maple Ridge",
  "The Meridian",
  "Cedar Grove Townhomes",
];
export const STATIONS = [
  "Union Station",
  "Central Station",
  "Penn Station",
  "King Street Station",
  "Grand Terminal",
];
