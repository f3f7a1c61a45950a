//! Hand-written word lists used by the person finder, and the one-time index over them.
//!
//! Every list is a sorted slice of lower-case words with apostrophes written as `'`. Lists are
//! deliberately compact: they cover the frequent cases of Italian news, and the rules in the
//! parent module fall back on context cues (titles, verbs of saying, ages) for the rest. The
//! unit tests check that each list is sorted, lower-case and free of duplicates, and that no
//! first name is also a hard stop word (that would make the two lists contradict each other).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// A known first name: a capitalised sequence starting with one is a person name.
pub(crate) const FIRST: u32 = 1 << 0;
/// Italian surname particle (`di`, `della`, `d'`): joins a surname only right after a first name.
pub(crate) const PARTICLE: u32 = 1 << 1;
/// Foreign surname particle (`van`, `von`, `bin`): joins a surname after any name word.
pub(crate) const FOREIGN_PARTICLE: u32 = 1 << 2;
/// Title or role (`presidente`, `dott.`, `sindaco`, `moglie`): stripped, and a cue for a name after it.
pub(crate) const TITLE: u32 = 1 << 3;
/// Sovereign title (`papa`, `regina`): kept in the name when only a first name follows.
pub(crate) const REGNAL: u32 = 1 << 4;
/// Function word or adverb that is capitalised only at the start of a sentence.
pub(crate) const FUNCTION: u32 = 1 << 5;
/// Never part of a person name: countries, regions, institutions, months, weekdays, holidays.
pub(crate) const HARD_STOP: u32 = 1 << 6;
/// A place or common word that is also a frequent surname (`Ferrara`, `Messina`, `Guerra`):
/// ends a name unless it directly follows a lone first name.
pub(crate) const SOFT_STOP: u32 = 1 << 7;
/// Marks an organisation name: the whole capitalised run around it is not a person.
pub(crate) const ORG: u32 = 1 << 8;
/// A word after which a name is a place, building, firm or operation (`via`, `ospedale`,
/// `ditta`, `operazione`), not a mention of a person.
pub(crate) const PLACE_PREFIX: u32 = 1 << 9;
/// `San`, `Santa`, `Sant'`: saints' names in news are almost always places, churches or feasts.
pub(crate) const SAINT: u32 = 1 << 10;
/// Verb of saying in the present (`dice`, `spiega`).
pub(crate) const SAY_PRESENT: u32 = 1 << 11;
/// Past participle of a verb of saying (`detto`, `affermato`): needs an auxiliary.
pub(crate) const SAY_PARTICIPLE: u32 = 1 << 12;
/// Auxiliary before a participle (`ha`, `aveva`).
pub(crate) const AUX: u32 = 1 << 13;
/// Adverb that may stand between an auxiliary and a participle (`ha poi detto`).
pub(crate) const ADVERB: u32 = 1 << 14;
/// East Asian surname, written before the given name (`Kim` in `Kim Jong Un`).
pub(crate) const ASIAN_SURNAME: u32 = 1 << 16;
/// Article or preposition: a name right after one is a complement (`i ragazzi di Correggio`,
/// `la Coldiretti`), not the subject of the verb after it nor an apposition of a title.
pub(crate) const DETERMINER: u32 = 1 << 15;

/// Common first names, Italian first, then those frequent in international and local news.
#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "aaron", "abdel", "abdelaziz", "abdul", "abdullah", "abele", "achille", "achraf", "ada",
    "adalberto", "adamo", "adel", "adele", "adelina", "adil", "adolfo", "adrian", "adriana",
    "adriano", "afro", "agata", "agnese", "agostino", "ahmad", "ahmed", "ahmet", "aida", "alberto",
    "albino", "alda", "aldino", "aldo", "aleksandr", "aleksej", "alessandra", "alessandro",
    "alessia", "alessio", "alex", "alexander", "alexandra", "alexei", "alexey", "alfio", "alfonso",
    "alfredo", "ali", "alice", "alida", "alin", "alina", "allegra", "alma", "alvaro", "amalia",
    "amedeo", "amelia", "amerigo", "amin", "amine", "amir", "amleto", "amos", "amy", "ana",
    "anastasia", "andrea", "andreea", "andrei", "andrej", "andrew", "andriy", "andy", "angela",
    "angelica", "angelina", "angelo", "angiolino", "anita", "ann", "anna", "annalisa", "annamaria",
    "anne", "annibale", "anselmo", "anthony", "antoine", "antonella", "antonello", "antonietta",
    "antonino", "antonio", "arben", "ardit", "arianna", "aristide", "armando", "arnaldo", "arrigo",
    "artan", "arturo", "ashley", "assunta", "attilio", "augusto", "aurelio", "aurora", "ayman",
    "ayoub", "aziz", "barack", "barbara", "bartolomeo", "bashar", "battista", "beatrice",
    "benedetta", "benedetto", "beniamino", "benito", "benjamin", "berardo", "bernard", "bernardo",
    "besnik", "bettino", "biagio", "bianca", "bilal", "bill", "bob", "bogdan", "boris", "brad",
    "brahim", "brenno", "brian", "bruce", "bruna", "brunella", "bruno", "camilla", "camillo",
    "carl", "carla", "carletto", "carlo", "carlos", "carlotta", "carmela", "carmelo", "carmen",
    "carmine", "carolina", "catalin", "caterina", "catherine", "catia", "cecile", "cecilia",
    "celestino", "cesare", "charles", "charlie", "chiara", "chris", "christian", "christine",
    "christopher", "cino", "cinzia", "ciro", "clara", "claudia", "claudio", "clelia", "clemente",
    "cleto", "cloe", "concetta", "corinna", "corrado", "cosimo", "cosmin", "costantino", "costel",
    "cristian", "cristiana", "cristiano", "cristina", "cristoforo", "cynthia", "cécile", "dafne",
    "dalila", "damiano", "dan", "daniel", "daniela", "daniele", "danilo", "danny", "dante", "daria",
    "dario", "david", "davide", "debora", "deborah", "delfina", "delia", "denis", "denise",
    "dennis", "denny", "desmond", "devis", "diana", "diego", "diletta", "dino", "dionisio",
    "dmitri", "dmitrij", "dmitry", "dmytro", "domenico", "donald", "donata", "donatella", "donato",
    "dora", "doriano", "dorin", "driss", "dritan", "dumitru", "edda", "eddy", "edmond", "edoardo",
    "eduardo", "edward", "egidio", "elda", "elena", "eleonora", "elia", "eliana", "elide", "elio",
    "elisa", "elisabeth", "elisabetta", "elizabeth", "elly", "elon", "elsa", "elvino", "elvio",
    "elvira", "elvis", "emanuela", "emanuele", "emidio", "emiliano", "emilio", "emily", "emma",
    "emmanuel", "enea", "enio", "ennio", "enrica", "enrico", "enzo", "ercole", "eric", "erica",
    "erik", "erika", "erio", "erion", "ermanno", "erminia", "erminio", "ernesto", "eros", "ervin",
    "ester", "ettore", "eugenia", "eugenio", "eva", "evaristo", "evelina", "evgeny", "ezio",
    "fabiana", "fabio", "fabiola", "fabrizia", "fabrizio", "fatima", "fatma", "fatos", "fausta",
    "fausto", "federica", "federico", "ferdinando", "fernanda", "fernando", "ferruccio", "fidel",
    "filippo", "filomena", "fiorella", "fiorenzo", "flavia", "flavio", "flora", "floriana",
    "florin", "franca", "francesca", "francesco", "franchino", "franco", "frank", "franz",
    "françois", "fred", "fulvio", "gabriel", "gabriela", "gabriele", "gabriella", "gaetano", "gaia",
    "gary", "gemma", "gennady", "gennaro", "george", "georgiana", "germano", "gezim", "gheorghe",
    "giacinto", "giacomo", "giada", "giampaolo", "giampiero", "gian", "giancarla", "giancarlo",
    "gianfranco", "gianluca", "gianluigi", "gianmarco", "gianna", "gianni", "gianpaolo",
    "gianpiero", "gianpietro", "gigi", "gigliola", "gilberto", "gina", "ginevra", "gino",
    "giordana", "giordano", "giorgia", "giorgina", "giorgio", "giovanna", "giovanni", "girolamo",
    "gisella", "giuditta", "giulia", "giuliana", "giuliano", "giulio", "giuseppe", "giuseppina",
    "giusy", "gloria", "gordon", "grazia", "graziano", "graziella", "gregorio", "greta",
    "gualtiero", "guglielmo", "guido", "gurpreet", "hakim", "hamed", "hamid", "hamza", "hans",
    "harpreet", "harry", "hassan", "helen", "henry", "hicham", "hichem", "hillary", "hind", "houda",
    "hugo", "hussein", "iacopo", "ibrahim", "ida", "ignazio", "igor", "ilaria", "ilario", "ileana",
    "ilenia", "ilir", "imane", "ines", "ioan", "ioana", "iole", "ion", "ionut", "irene", "irina",
    "iris", "irma", "isabella", "ismail", "italo", "iulian", "ivan", "ivana", "ivano", "ivo",
    "jack", "jacopo", "jacques", "jair", "jamal", "james", "jan", "jane", "jason", "jaswinder",
    "javier", "jawad", "jean", "jennifer", "jens", "jeremy", "jerome", "jessica", "jim", "joe",
    "joey", "johann", "john", "johnny", "jon", "jonathan", "jorge", "jose", "joseph", "josé",
    "juan", "julia", "julian", "jurij", "justin", "kamala", "karim", "karl", "kate", "katia",
    "kelly", "ketty", "kevin", "khadija", "khalid", "klaus", "klodian", "kujtim", "laila",
    "lamberto", "lara", "larry", "lars", "laura", "laurent", "lauretta", "lauro", "lea", "leandro",
    "leila", "lelio", "leo", "leonardo", "leonid", "leonilde", "letizia", "lia", "liana", "lidia",
    "lilia", "liliana", "lina", "lino", "lionel", "lisa", "livia", "livio", "liviu", "lodovico",
    "loredana", "lorella", "lorena", "lorenza", "lorenzo", "loretta", "loris", "luana", "luca",
    "lucia", "luciana", "luciano", "lucio", "lucrezia", "ludovica", "ludovico", "luigi", "luigia",
    "luigina", "luigino", "luis", "luisa", "luiz", "lukas", "maddalena", "mafalda", "mahmoud",
    "mahmud", "malika", "mandy", "manlio", "manpreet", "manuel", "manuela", "mara", "marc",
    "marcel", "marcella", "marcello", "marco", "margherita", "maria", "marian", "mariangela",
    "marianna", "mariano", "marie", "mariella", "marilena", "marina", "marine", "marino", "mario",
    "marisa", "marius", "mark", "marta", "martin", "martina", "mary", "marzia", "marzio",
    "massimiliano", "massimina", "massimo", "matilde", "mattea", "matteo", "matthew", "mattia",
    "maura", "maurilio", "maurizio", "mauro", "max", "mehdi", "mehmet", "melissa", "meriem",
    "michael", "michel", "michela", "michele", "michelle", "mihaela", "mihai", "mike", "mikhail",
    "milena", "milva", "mina", "mirca", "mircea", "mirco", "mirella", "miriam", "mirko", "mohamad",
    "mohamed", "mohammad", "mohammed", "monia", "monica", "monja", "morena", "moreno", "mounir",
    "mourad", "moussa", "muhammad", "mustafa", "nabil", "nadia", "naima", "nancy", "narendra",
    "natalia", "natascia", "natasha", "nazzareno", "nevio", "niccolò", "nick", "nicola", "nicolae",
    "nicolas", "nicoletta", "nicolò", "nicu", "nikita", "nikolai", "nina", "nino", "nives", "noemi",
    "norberto", "nordine", "noris", "norma", "noureddine", "oksana", "olaf", "oleg", "oleksandr",
    "olena", "olga", "olindo", "oliver", "oliviero", "omar", "orazio", "oreste", "oriana", "oriano",
    "orietta", "orlando", "ornella", "osama", "oscar", "osvaldo", "ottavia", "ottavio", "ovidiu",
    "pablo", "palmiro", "pamela", "paola", "paolino", "paolo", "paride", "pasquale", "patrick",
    "patrizia", "patrizio", "patty", "paul", "pedro", "pellegrino", "peter", "petro", "petru",
    "philip", "philippe", "pier", "piera", "piergiorgio", "pierina", "pierluigi", "piero",
    "pierpaolo", "pierre", "pietrina", "pietro", "pina", "pino", "rabah", "rachid", "rachida",
    "radu", "rafael", "raffaele", "raffaella", "rajesh", "ralph", "ramzan", "raul", "razvan",
    "raúl", "recep", "redouane", "remo", "renata", "renato", "renza", "renzo", "riccardo",
    "richard", "rina", "rinaldo", "rino", "rita", "robert", "roberta", "roberto", "rocco",
    "rodolfo", "roger", "romano", "romeo", "romina", "romolo", "ronald", "rosa", "rosalba",
    "rosalia", "rosanna", "rosaria", "rosario", "rose", "rosetta", "rosina", "rossana", "rossano",
    "rossella", "rudolf", "ruggero", "ruth", "ryan", "sabatino", "sabina", "sabrina", "said",
    "saimir", "salah", "salman", "salvatore", "sam", "samir", "samira", "samuel", "samuele",
    "sandra", "sandro", "santino", "sara", "sarah", "sauro", "saverio", "sean", "sebastian",
    "sebastiano", "selene", "serena", "sergei", "sergej", "sergey", "sergio", "settimo", "severino",
    "shinzo", "silvana", "silvano", "silvestro", "silvia", "silvio", "simon", "simona", "simone",
    "simonetta", "sofia", "sokol", "sonia", "sorin", "soufiane", "stefan", "stefania", "stefano",
    "stephen", "steve", "steven", "sukhwinder", "susan", "susanna", "susi", "svetlana", "tamara",
    "tania", "tarcisio", "tarek", "tarik", "tatiana", "teodora", "teodoro", "teresa", "thomas",
    "tiberio", "tilde", "tim", "timothy", "tina", "tiziana", "tiziano", "tom", "tommaso", "tommy",
    "tonino", "tony", "tullio", "ugo", "umberta", "umberto", "ursula", "vainer", "valdo",
    "valentin", "valentina", "valentino", "valeria", "valerio", "valter", "vanessa", "vanna",
    "vanni", "vasco", "vasile", "veronica", "victor", "viktor", "vilma", "vilmo", "vincent",
    "vincenzo", "vinicio", "viola", "viorel", "virginia", "vito", "vittoria", "vittorino",
    "vittorio", "viviana", "vladimir", "volodymyr", "walter", "wanda", "wendy", "william", "wilma",
    "xavier", "yari", "yasmine", "yassin", "yassine", "yevgeny", "younes", "youness", "youssef",
    "yulia", "yuri", "zakaria", "zeno", "zineb",
];

/// Surname particles of Italian names, lower-case; capitalised forms (`De Santis`) are matched
/// case-insensitively.
#[rustfmt::skip]
const PARTICLES: &[&str] = &[
    "d'", "da", "dal", "dall'", "dalla", "de", "de'", "degli", "dei", "del", "dell'", "della",
    "delle", "dello", "di", "la", "le", "lo",
];

/// Surname particles of foreign names.
#[rustfmt::skip]
const FOREIGN_PARTICLES: &[&str] = &[
    "abu", "al", "ben", "bin", "bint", "der", "des", "dos", "du", "el", "ibn", "mac", "ten", "ter",
    "van", "von", "zu",
];

/// Frequent Korean, Chinese and Vietnamese surnames. They lead a name only when one or two short
/// capitalised words follow (`Kim Jong Un`, `Xi Jinping`); alone they are ordinary words.
/// Left out on purpose: `Hong` (Kong), `Song` (Contest), `Sun`, `Park`, `Ding`/`Dong`.
#[rustfmt::skip]
const ASIAN_SURNAMES: &[&str] = &[
    "ahn", "bae", "cai", "cao", "chen", "cheng", "cho", "choe", "choi", "chung", "deng", "du",
    "feng", "gao", "guo", "han", "hu", "huang", "hwang", "jang", "jeon", "jiang", "jin", "jung",
    "kang", "kim", "kwon", "lee", "li", "liang", "lim", "lin", "liu", "lu", "luo", "moon", "mun",
    "nguyen", "pak", "peng", "ri", "ryu", "seo", "shin", "tang", "tran", "wang", "wen", "wu", "xi",
    "xie", "xu", "yang", "ye", "yi", "yoon", "yu", "yun", "zeng", "zhang", "zhao", "zheng", "zhou",
    "zhu",
];

/// Articles, prepositions and their contractions.
#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "a", "agli", "ai", "al", "all'", "alla", "alle", "allo", "col", "con", "d'", "da", "dagli",
    "dai", "dal", "dall'", "dalla", "dalle", "dallo", "degli", "dei", "del", "dell'", "della",
    "delle", "dello", "di", "fra", "gli", "i", "il", "in", "l'", "la", "le", "lo", "negli", "nei",
    "nel", "nell'", "nella", "nelle", "nello", "per", "su", "sugli", "sui", "sul", "sull'", "sulla",
    "sulle", "sullo", "tra", "un", "un'", "una", "uno",
];

/// Titles, offices, professions and family or judicial roles that come before a name.
/// Abbreviations keep their full stop, as the tokenizer attaches it to them.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "agente", "allenatore", "amica", "amico", "amministratore", "anziana", "anziano", "app.",
    "appuntato", "arch.", "architetto", "arcivescovo", "arrestata", "arrestato", "artista",
    "assessora", "assessore", "atleta", "attaccante", "attore", "attrice", "autista", "avv.",
    "avvocata", "avvocato", "ayatollah", "badante", "bambina", "bambino", "barista", "bomber",
    "brig.", "brigadiere", "calciatore", "cameriere", "camionista", "campione", "campionessa",
    "cancelliere", "cantante", "cantautore", "cap.", "capitano", "capo", "cardinale", "cav.",
    "cavaliere", "centrocampista", "chef", "ciclista", "cognata", "cognato", "col.", "collega",
    "colonnello", "comandante", "comm.", "commerciante", "commissaria", "commissario", "compagna",
    "compagno", "condannata", "condannato", "conducente", "consigliera", "consigliere",
    "consulente", "convivente", "coordinatore", "ct", "cugina", "cugino", "deputata", "deputato",
    "detenuta", "detenuto", "difensore", "dipendente", "direttore", "direttrice", "dirigente",
    "don", "donna", "dott.", "dott.ssa", "dottore", "dottoressa", "dr.", "fidanzata", "fidanzato",
    "figlia", "figlio", "fotografo", "frate", "fratello", "gen.", "generale", "geom.", "geometra",
    "gestore", "giocatore", "giornalista", "gip", "giudice", "governatore", "governatrice", "gup",
    "imam", "imprenditore", "imprenditrice", "imputata", "imputato", "indagata", "indagato",
    "infermiera", "infermiere", "ing.", "ingegnere", "insegnante", "ispettore", "ispettrice",
    "latitante", "leader", "legale", "madre", "maestra", "maestro", "magg.", "maggiore",
    "magistrato", "mamma", "manager", "mar.", "maresciallo", "marito", "medico", "ministra",
    "ministro", "mister", "moglie", "mons.", "monsignor", "monsignore", "mr.", "mrs.", "musicista",
    "negoziante", "nipote", "nonna", "nonno", "notaio", "on.", "onorevole", "operaia", "operaio",
    "padre", "papà", "parroco", "pensionata", "pensionato", "pilota", "pittore", "pm", "poeta",
    "portavoce", "portiere", "prefetto", "pregiudicata", "pregiudicato", "premier", "preside",
    "presidente", "presidentessa", "primario", "procuratore", "procuratrice", "prof.", "prof.ssa",
    "professore", "professoressa", "proprietaria", "proprietario", "questore", "rabbino", "rag.",
    "ragazza", "ragazzo", "rapper", "regista", "rettore", "reverendo", "scrittore", "scrittrice",
    "segretaria", "segretario", "sen.", "senatore", "senatrice", "sig.", "sig.na", "sig.ra",
    "sigg.", "signor", "signora", "sindaca", "sindaco", "sorella", "sottosegretario",
    "sovrintendente", "studente", "studentessa", "suocera", "suocero", "suor", "tecnico", "ten.",
    "tenente", "testimone", "titolare", "uomo", "vescovo", "viceministro", "vicepresidente",
    "vicequestore", "vicesindaco", "vittima", "zia", "zio",
];

/// Sovereign and noble titles (also titles): `Papa Francesco` keeps the title when only a first
/// name follows, since the first name alone would not identify anybody.
#[rustfmt::skip]
const REGNAL_TITLES: &[&str] = &[
    "duca", "duchessa", "emiro", "imperatore", "imperatrice", "lady", "lord", "papa", "principe",
    "principessa", "re", "regina", "sceicco", "sir", "sultano", "zar",
];

/// Words capitalised only because a sentence starts with them.
#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &[
    "a", "adesso", "affinché", "agli", "ai", "al", "alcune", "alcuni", "all'", "alla", "alle",
    "allo", "allora", "altra", "altre", "altri", "altro", "anche", "ancora", "anzi", "appena",
    "attualmente", "aveva", "avevano", "ben", "benché", "c'è", "cento", "certamente", "che", "chi",
    "ci", "ciao", "cinque", "circa", "col", "come", "comunque", "con", "contro", "cosa", "cosi",
    "così", "da", "dagli", "dai", "dal", "dall'", "dalla", "dalle", "dallo", "degli", "dei", "del",
    "dell'", "della", "delle", "dello", "di", "dieci", "domani", "dopo", "dopodiché", "dove", "due",
    "dunque", "durante", "e", "ecco", "ed", "egli", "ella", "entro", "eppure", "era", "erano",
    "essa", "esso", "finalmente", "fino", "forse", "fra", "già", "gli", "grazie", "ha", "hanno",
    "i", "ieri", "il", "in", "infatti", "infine", "inizialmente", "inoltre", "insomma", "intanto",
    "invece", "io", "l'", "la", "le", "lei", "li", "lo", "loro", "lui", "ma", "mai", "malgrado",
    "meno", "mentre", "mi", "mia", "mille", "mio", "molte", "molti", "molto", "naturalmente", "ne",
    "neanche", "negli", "nei", "nel", "nell'", "nella", "nelle", "nemmeno", "neppure", "nessuna",
    "nessuno", "no", "noi", "non", "nonostante", "nostra", "nostro", "nove", "nuova", "nuovo", "o",
    "od", "oggi", "ogni", "oltre", "oltretutto", "oppure", "ora", "otto", "ovviamente", "per",
    "perchè", "perché", "però", "più", "poco", "poi", "poiché", "prima", "primo", "probabilmente",
    "proprio", "pure", "purtroppo", "qua", "quale", "quali", "quando", "quanto", "quarta", "quarto",
    "quattro", "quel", "quella", "quelle", "quelli", "quello", "questa", "queste", "questi",
    "questo", "qui", "quindi", "recentemente", "sarà", "se", "sebbene", "seconda", "secondo", "sei",
    "sempre", "sette", "si", "siccome", "sicuramente", "solo", "soltanto", "sono", "sopra", "sotto",
    "stamane", "stamani", "stamattina", "stanotte", "stasera", "stessa", "stesso", "su", "sua",
    "subito", "successivamente", "sue", "sugli", "sui", "sul", "sull'", "sulla", "sulle", "sullo",
    "suo", "suoi", "sì", "tanti", "tanto", "terza", "terzo", "the", "ti", "tra", "tre", "troppo",
    "tu", "tutta", "tuttavia", "tutte", "tutti", "tutto", "ultima", "ultimo", "un", "un'", "una",
    "uno", "venti", "verso", "vi", "voi",
];

/// Months, weekdays, holidays and religious words: never part of a person name.
#[rustfmt::skip]
const CALENDAR_WORDS: &[&str] = &[
    "agosto", "allah", "aprile", "bibbia", "capodanno", "carnevale", "corano", "cristo", "dicembre",
    "dio", "domenica", "epifania", "febbraio", "ferragosto", "gennaio", "gesù", "giovedi",
    "giovedì", "giugno", "luglio", "lunedi", "lunedì", "madonna", "maggio", "martedi", "martedì",
    "marzo", "mercoledi", "mercoledì", "natale", "novembre", "ognissanti", "ottobre", "pasqua",
    "pentecoste", "sabato", "settembre", "vangelo", "venerdi", "venerdì",
];

/// Continents, countries, regions, compass points, buildings that stand for governments.
#[rustfmt::skip]
const COUNTRIES_AND_REGIONS: &[&str] = &[
    "afghanistan", "africa", "albania", "algeria", "america", "arabi", "arabia", "argentina",
    "armenia", "asia", "australia", "austria", "bangladesh", "basilicata", "belgio", "bielorussia",
    "bolivia", "bosnia", "brasile", "bulgaria", "calabria", "campania", "canada", "cecenia", "cile",
    "cina", "cipro", "cisgiordania", "colombia", "congo", "corea", "cremlino", "crimea", "croazia",
    "cuba", "danimarca", "donbass", "ecuador", "egitto", "emirati", "eritrea", "est", "estonia",
    "etiopia", "europa", "farnesina", "filippine", "finlandia", "francia", "friuli", "gaza",
    "germania", "ghana", "giappone", "giordania", "grecia", "guinea", "india", "indonesia",
    "inghilterra", "iran", "iraq", "irlanda", "islanda", "israele", "italia", "kazakistan", "kenya",
    "kosovo", "kuwait", "lazio", "lettonia", "libano", "libia", "liguria", "lituania", "lombardia",
    "lussemburgo", "macedonia", "malta", "marche", "marocco", "medio", "meridione", "messico",
    "mezzogiorno", "moldavia", "moldova", "molise", "montecitorio", "montenegro", "nigeria", "nord",
    "norvegia", "occidente", "oceania", "olanda", "oriente", "ovest", "pakistan", "palestina",
    "pentagono", "perù", "piemonte", "polonia", "portogallo", "puglia", "qatar", "quirinale",
    "regno", "romagna", "romania", "russia", "sardegna", "scozia", "senegal", "serbia", "sicilia",
    "siria", "slovacchia", "slovenia", "somalia", "spagna", "stati", "sud", "sudan", "svezia",
    "svizzera", "taiwan", "thailandia", "tibet", "toscana", "trentino", "tunisia", "turchia",
    "ucraina", "umbria", "ungheria", "unite", "uniti", "unito", "uruguay", "usa", "valle",
    "vaticano", "veneto", "venezuela", "vietnam", "viminale", "yemen",
];

/// Institutions, public bodies and other things often capitalised in news.
#[rustfmt::skip]
const INSTITUTIONS: &[&str] = &[
    "aeronautica", "anas", "antidroga", "antimafia", "appello", "arma", "asl", "assise", "ausl",
    "autorità", "camera", "campionato", "carabinieri", "cassazione", "centrale", "champions",
    "circondariale", "civile", "codice", "comando", "commissariato", "compagnia", "comunale",
    "comune", "comunità", "consiglio", "coppa", "coronavirus", "corte", "costituzione", "covid",
    "croce", "decreto", "digos", "direzione", "distretto", "dogane", "dpcm", "entrate", "esercito",
    "esteri", "euro", "europea", "europee", "facebook", "federale", "ferrovie", "festival",
    "fiamme", "finanza", "forestale", "fuoco", "gialle", "giochi", "giunta", "giustizia", "google",
    "governo", "guardia", "imu", "inail", "inps", "instagram", "internet", "interno", "irpef",
    "isee", "istat", "italiana", "italiane", "italiani", "italiano", "iva", "legge", "mediaset",
    "militare", "ministero", "mobile", "mondiale", "mondiali", "municipale", "nato", "nazionale",
    "nazioni", "nucleo", "olimpiadi", "onu", "paese", "paesi", "parlamento", "penale",
    "penitenziaria", "polizia", "polstrada", "prefettura", "procura", "pronto", "protezione",
    "provincia", "provinciale", "questura", "rai", "regionale", "regione", "reparto", "repubblica",
    "riesame", "rossa", "sanità", "sars", "scientifica", "senato", "serie", "servizio", "soccorso",
    "sport", "squadra", "stato", "stradale", "tar", "tari", "tenenza", "territoriale", "tper",
    "trenitalia", "tribunale", "twitter", "ue", "ufficio", "unione", "usl", "vigili", "volante",
    "volanti", "whatsapp", "youtube",
];

/// Political parties and sports clubs.
#[rustfmt::skip]
const PARTIES_AND_CLUBS: &[&str] = &[
    "atalanta", "dem", "democratici", "democratico", "destra", "fiorentina", "forza", "fratelli",
    "inter", "juventus", "lega", "movimento", "pd", "pdl", "sinistra", "spal", "stelle", "udc",
];

/// Words that mark the capitalised run around them as an organisation (also hard stops).
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "academy", "acer", "adiconsum", "agency", "agenzia", "aimag", "alfa", "ansa", "arpae",
    "arredamenti", "ascom", "assicurazioni", "associazione", "audi", "auto", "azienda", "banca",
    "bank", "bistrot", "bper", "cafè", "café", "calcio", "car", "carlino", "center", "central",
    "cgil", "channel", "cisl", "citroen", "citroën", "club", "cna", "codacons", "coldiretti",
    "company", "conad", "confagricoltura", "confartigianato", "confcommercio", "confesercenti",
    "confindustria", "consorzio", "coop", "cooperativa", "corporation", "corriere", "crif", "dacia",
    "edil", "enel", "esselunga", "eurospin", "fc", "federazione", "federconsumatori", "federfarma",
    "fiat", "fondazione", "gazzetta", "giornale", "group", "gruppo", "hera", "holding", "hyundai",
    "immobiliare", "inc", "international", "jeep", "journal", "kia", "lancia", "lapam", "league",
    "legacoop", "legambiente", "licom", "lidl", "ltd", "magazine", "market", "motors", "national",
    "news", "nissan", "onlus", "opel", "partito", "peugeot", "point", "post", "poste", "press",
    "pub", "radio", "renault", "reuters", "service", "services", "servizi", "shop", "sindacato",
    "skoda", "snc", "società", "spa", "srl", "store", "suzuki", "team", "telecom", "times", "tours",
    "toyota", "trasporti", "tribune", "tv", "uil", "unicredit", "united", "università", "vodafone",
    "volkswagen", "volvo",
];

/// Italian cities and the towns of the Modena area (the archive's own area). Like the other
/// soft stops, they end a name unless they come right after a lone first name
/// (`Elisabetta Ferrara` is a person, `a Ferrara` is not).
#[rustfmt::skip]
const ITALIAN_PLACES: &[&str] = &[
    "agrigento", "alessandria", "ancona", "aosta", "arezzo", "ascoli", "asti", "avellino",
    "baggiovara", "bari", "bastiglia", "belluno", "benevento", "bergamo", "bologna", "bolzano",
    "bomporto", "brescia", "brindisi", "cagliari", "campobasso", "campogalliano", "camposanto",
    "carpi", "carrara", "caserta", "castelfranco", "castelnuovo", "castelvetro", "catania",
    "catanzaro", "cavezzo", "cesena", "chieti", "como", "concordia", "cosenza", "cremona",
    "crotone", "cuneo", "faenza", "fanano", "ferrara", "finale", "fiorano", "firenze", "fiumalbo",
    "foggia", "forlì", "formigine", "frosinone", "genova", "gorizia", "grosseto", "guiglia",
    "imola", "latina", "lecce", "lecco", "livorno", "lodi", "lucca", "macerata", "mantova",
    "maranello", "marano", "massa", "matera", "medolla", "messina", "milano", "mirandola", "modena",
    "monza", "napoli", "nonantola", "novara", "novi", "padova", "palermo", "parma", "pavia",
    "pavullo", "perugia", "pesaro", "pescara", "piacenza", "pisa", "pistoia", "pordenone",
    "potenza", "prato", "ravarino", "ravenna", "reggio", "rimini", "roma", "rovigo", "salerno",
    "sassari", "sassuolo", "savignano", "savona", "serramazzoni", "sestola", "siena", "siracusa",
    "soliera", "sondrio", "spezia", "spilamberto", "taranto", "teramo", "terni", "torino",
    "trapani", "trento", "treviso", "trieste", "udine", "varese", "venezia", "vercelli", "verona",
    "vicenza", "vignola", "viterbo", "zocca",
];

/// Foreign cities frequent in news (soft stops).
#[rustfmt::skip]
const FOREIGN_CITIES: &[&str] = &[
    "ankara", "atene", "baghdad", "barcellona", "beirut", "belgrado", "berlino", "bruxelles",
    "bucarest", "budapest", "cairo", "damasco", "dubai", "gerusalemme", "ginevra", "istanbul",
    "kabul", "kharkiv", "kiev", "kursk", "kyiv", "lisbona", "londra", "madrid", "mariupol", "mosca",
    "odessa", "parigi", "pechino", "praga", "pyongyang", "seul", "sydney", "teheran", "tirana",
    "tokyo", "tripoli", "tunisi", "varsavia", "vienna", "washington", "york",
];

/// Rivers, mountains, regions and common nouns that double as names (soft stops); `Emilia` is
/// far more often the region (`Reggio Emilia`, `via Emilia`) than a woman in local news.
#[rustfmt::skip]
const OTHER_SOFT_STOPS: &[&str] = &[
    "appennino", "cimone", "emilia", "guerra", "panaro", "po", "secchia", "tevere",
];

/// Words after which a name is that of a street, a building, a firm, an association or a police
/// operation (`via Garibaldi`, `la ditta Rossi`, `l'associazione Libera`, `l'operazione Aemilia`).
#[rustfmt::skip]
const PLACE_PREFIXES: &[&str] = &[
    "abbazia", "aeroporto", "agenzia", "albergo", "asilo", "associazione", "autostrada", "azienda",
    "bar", "basilica", "biblioteca", "borgo", "caffè", "cappella", "carabina", "carcere", "casa",
    "caserma", "castel", "cattedrale", "cavalcavia", "centro", "chiesa", "cimitero", "cinema",
    "circolo", "circonvallazione", "clinica", "colle", "comitato", "contrada", "convento",
    "cooperativa", "corso", "ditta", "duomo", "frazione", "galleria", "giardini", "giardino",
    "gruppo", "hotel", "impresa", "inchiesta", "istituto", "laboratorio", "largo", "liceo", "lido",
    "loc.", "località", "lungomare", "marchio", "monastero", "monte", "movimento", "museo",
    "negozio", "officina", "operazione", "oratorio", "ospedale", "palasport", "palazzetto",
    "palazzo", "parco", "parrocchia", "partito", "passo", "piazza", "piazzale", "piazzetta",
    "pieve", "pistola", "pizzeria", "policlinico", "polisportiva", "ponte", "porta", "premio",
    "quartiere", "revolver", "rifugio", "rione", "ristorante", "santuario", "scuola", "scuole",
    "sindacato", "società", "sottopasso", "stadio", "stazione", "strada", "stradello",
    "supermercato", "tangenziale", "teatro", "torrente", "trattoria", "val", "via", "viale",
    "vicolo", "villa", "villaggio", "zona",
];

/// Saint prefixes (the name after them is treated as a place or a feast, see the module doc).
#[rustfmt::skip]
const SAINTS: &[&str] = &[
    "beata", "beato", "s.", "san", "sant'", "santa", "santi", "santo", "ss.",
];

/// Verbs of saying, present tense (subject may follow: `spiega Rossi`).
#[rustfmt::skip]
const SAY_PRESENT_FORMS: &[&str] = &[
    "afferma", "aggiunge", "aggiungeva", "ammette", "annuncia", "assicura", "attacca", "avverte",
    "chiarisce", "chiede", "commenta", "conclude", "conferma", "continua", "dice", "diceva",
    "dichiara", "dichiarava", "esordisce", "evidenzia", "incalza", "insiste", "lamenta", "osserva",
    "precisa", "prosegue", "puntualizza", "racconta", "raccontava", "replica", "ribadisce",
    "ricorda", "riferisce", "rileva", "risponde", "rivela", "scrive", "sostiene", "sottolinea",
    "spiega", "spiegava", "tuona",
];

/// Verbs of saying, past participle (`ha detto Rossi`, `Rossi ha detto`).
#[rustfmt::skip]
const SAY_PARTICIPLE_FORMS: &[&str] = &[
    "affermato", "aggiunto", "ammesso", "annunciato", "assicurato", "auspicato", "avvertito",
    "chiarito", "chiesto", "commentato", "concluso", "confermato", "confessato", "denunciato",
    "detto", "dichiarato", "evidenziato", "insistito", "lamentato", "notato", "osservato",
    "precisato", "puntualizzato", "raccontato", "replicato", "ribadito", "ricordato", "riferito",
    "rilevato", "risposto", "rivelato", "scritto", "sostenuto", "sottolineato", "spiegato",
    "suggerito",
];

/// Auxiliaries of the compound past.
#[rustfmt::skip]
const AUXILIARIES: &[&str] = &[
    "abbia", "avesse", "aveva", "avevano", "avrebbe", "avrebbero", "ha", "hanno",
];

/// Adverbs allowed between the auxiliary and the participle.
#[rustfmt::skip]
const ADVERBS: &[&str] = &[
    "anche", "ancora", "chiaramente", "così", "già", "infine", "inoltre", "invece", "nuovamente",
    "più", "poi", "pubblicamente", "quindi", "ripetutamente", "sempre", "spesso", "subito",
    "testualmente", "ufficialmente",
];

/// Abbreviations that keep their full stop (so it does not end a sentence).
#[rustfmt::skip]
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "app.", "arch.", "art.", "avv.", "brig.", "ca.", "cap.", "cav.", "cfr.", "col.", "comm.",
    "dott.", "dott.ssa", "dr.", "ecc.", "gen.", "geom.", "ing.", "loc.", "magg.", "mar.", "mons.",
    "mr.", "mrs.", "n.", "nr.", "on.", "pag.", "prof.", "prof.ssa", "rag.", "s.", "sen.", "sig.",
    "sig.na", "sig.ra", "sigg.", "ss.", "tel.", "ten.", "vol.",
];

/// Capitalised prefixes that form one surname with the word after the apostrophe
/// (`D'Alema`, `Dell'Utri`, `O'Brien`).
#[rustfmt::skip]
pub(crate) const NAME_APOSTROPHE_PREFIXES: &[&str] = &[
    "d", "dall", "de", "dell", "o",
];

/// Every list with the flag it sets, so the index and the tests see the same table.
const TABLE: &[(&[&str], u32)] = &[
    (FIRST_NAMES, FIRST),
    (PARTICLES, PARTICLE),
    (FOREIGN_PARTICLES, FOREIGN_PARTICLE),
    (TITLES, TITLE),
    (REGNAL_TITLES, REGNAL | TITLE),
    (FUNCTION_WORDS, FUNCTION),
    (DETERMINERS, DETERMINER),
    (ASIAN_SURNAMES, ASIAN_SURNAME),
    (CALENDAR_WORDS, HARD_STOP),
    (COUNTRIES_AND_REGIONS, HARD_STOP),
    (INSTITUTIONS, HARD_STOP),
    (PARTIES_AND_CLUBS, HARD_STOP),
    (ORG_WORDS, ORG | HARD_STOP),
    (ITALIAN_PLACES, SOFT_STOP),
    (FOREIGN_CITIES, SOFT_STOP),
    (OTHER_SOFT_STOPS, SOFT_STOP),
    (PLACE_PREFIXES, PLACE_PREFIX),
    (SAINTS, SAINT),
    (SAY_PRESENT_FORMS, SAY_PRESENT),
    (SAY_PARTICIPLE_FORMS, SAY_PARTICIPLE),
    (AUXILIARIES, AUX),
    (ADVERBS, ADVERB),
];

/// All word lists folded into one map from lower-case word to a set of flags, built once.
#[derive(Clone)]
pub(crate) struct Lexicon {
    flags: HashMap<&'static str, u32, BuildHasherDefault<FxHasher>>,
    /// Length in bytes of the longest entry: longer words need no lookup.
    max_len: usize,
    /// The same entries, those of at most [`PACKED`] bytes, for [`Lexicon::flags_of_packed`].
    packed: PackedTable,
}

/// Bytes of a word [`Lexicon::flags_of_packed`] can look up.
pub(crate) const PACKED: usize = 16;

/// Words of at most [`PACKED`] bytes and without NUL bytes as integers (their bytes,
/// zero-padded, which tells such words apart), found by linear probing in a table at most a
/// quarter full: one multiplication and integer comparisons, with no call to hash, copy or
/// compare bytes. The tokenizer looks up every word of every article this way; a fuller table
/// (more probes) proved slower. A probe reads a one-byte tag of each slot first and the
/// 16-byte key only when the tags match: most words are in no list, and their probes then
/// stay in a 16 KB array that the cache keeps, instead of missing it in 256 KB of keys.
#[derive(Clone, Default)]
struct PackedTable {
    /// Packed words; a power of two of them.
    keys: Vec<u128>,
    /// A byte of each key's hash, never 0; `0` marks an empty slot.
    tags: Vec<u8>,
    /// The flags of the word in the same slot.
    flags: Vec<u32>,
    /// `64 - log2(keys.len())`: the hash is the high bits of a product.
    shift: u32,
}

impl PackedTable {
    fn new(entries: &HashMap<&'static str, u32, BuildHasherDefault<FxHasher>>) -> Self {
        let size = (4 * entries.len() + 1).next_power_of_two();
        let mut table = PackedTable {
            keys: vec![0; size],
            tags: vec![0; size],
            flags: vec![0; size],
            shift: 64 - size.trailing_zeros(),
        };
        for (word, &flags) in entries {
            let bytes = word.as_bytes();
            if bytes.is_empty() || bytes.len() > PACKED || bytes.contains(&0) {
                continue;
            }
            let mut packed = [0u8; PACKED];
            packed[..bytes.len()].copy_from_slice(bytes);
            let key = u128::from_le_bytes(packed);
            let (Ok(slot) | Err(slot), tag) = table.slot(key);
            table.keys[slot] = key;
            table.tags[slot] = tag;
            table.flags[slot] = flags;
        }
        table
    }

    /// `Ok` with the slot of the key, or `Err` with the empty slot where it would go (there is
    /// always one: the table is at most a quarter full); and the key's tag.
    #[inline]
    fn slot(&self, key: u128) -> (Result<usize, usize>, u8) {
        let mask = self.keys.len().wrapping_sub(1);
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        let hash = folded.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let tag = ((hash >> 24) as u8) | 1;
        let mut slot = (hash >> self.shift) as usize & mask;
        for _ in 0..self.keys.len() {
            match self.tags.get(slot) {
                Some(&t) if t == tag && self.keys.get(slot) == Some(&key) => {
                    return (Ok(slot), tag)
                }
                Some(0) | None => break,
                _ => slot = (slot + 1) & mask,
            }
        }
        (Err(slot), tag)
    }
}

/// The key [`Lexicon::flags_of_packed`] looks up for the word made of the first `len` bytes of
/// `tail` (the text from the word's start on): its bytes lower-cased and zero-padded to
/// [`PACKED`]. Read as one integer and lower-cased eight bits at a time, with no copy when
/// `tail` holds [`PACKED`] bytes. `None` (ask [`Lexicon::flags_of`]) if the word is empty,
/// longer, has a NUL byte, or has a character other than ASCII and the lower-case letters of
/// Latin-1 (`à`, `è`, `ö`…, which lower-casing leaves as they are).
#[inline]
pub(crate) fn packed_key(tail: &[u8], len: usize) -> Option<u128> {
    const LO: u128 = u128::from_le_bytes([1; PACKED]);
    const HI: u128 = LO << 7;
    if len == 0 || len > PACKED || len > tail.len() {
        return None;
    }
    let raw = match tail
        .get(..PACKED)
        .and_then(|b| <[u8; PACKED]>::try_from(b).ok())
    {
        Some(bytes) => u128::from_le_bytes(bytes),
        None => {
            let mut bytes = [0u8; PACKED];
            bytes[..tail.len()].copy_from_slice(tail);
            u128::from_le_bytes(bytes)
        }
    };
    let mask = if len == PACKED {
        u128::MAX
    } else {
        (1u128 << (8 * len)) - 1
    };
    let x = raw & mask;
    // A zero byte in the word (the padding is made non-zero for the test).
    let probe = x | (!mask & LO);
    if probe.wrapping_sub(LO) & !probe & HI != 0 {
        return None;
    }
    if x & HI != 0 && !lower_latin1(&tail[..len]) {
        return None;
    }
    // ASCII capitals (`A` to `Z`, of bytes below 0x80) get their 0x20 bit; no sum carries
    // into the next byte.
    let seven = x & !HI;
    let upper = (seven + 0x3f * LO) & !(seven + 0x25 * LO) & !x & HI;
    Some(x | (upper >> 2))
}

/// Are the bytes above 0x7F all lower-case letters of Latin-1 (`C3 9F` to `C3 BF`)?
fn lower_latin1(word: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = word.get(i) {
        if b < 0x80 {
            i += 1;
        } else if b == 0xC3 && word.get(i + 1).is_some_and(|c| (0x9F..=0xBF).contains(c)) {
            i += 2;
        } else {
            return false;
        }
    }
    true
}

impl Lexicon {
    pub(crate) fn new() -> Self {
        let mut flags: HashMap<&'static str, u32, BuildHasherDefault<FxHasher>> =
            HashMap::default();
        for (list, flag) in TABLE {
            for word in list.iter() {
                *flags.entry(word).or_insert(0) |= flag;
            }
        }
        let max_len = flags.keys().map(|k| k.len()).max().unwrap_or(0);
        let packed = PackedTable::new(&flags);
        Lexicon {
            flags,
            max_len,
            packed,
        }
    }

    /// [`Lexicon::flags_of_lower`] of a word given as its [`packed_key`].
    #[inline]
    pub(crate) fn flags_of_packed(&self, key: u128) -> u32 {
        match self.packed.slot(key) {
            (Ok(slot), _) => self.packed.flags.get(slot).copied().unwrap_or(0),
            (Err(_), _) => 0,
        }
    }

    /// Flags of a word given in lower case with `'` apostrophes.
    pub(crate) fn flags_of_lower(&self, word: &str) -> u32 {
        self.flags.get(word).copied().unwrap_or(0)
    }

    /// Flags of a word in any case, with any apostrophe.
    pub(crate) fn flags(&self, word: &str) -> u32 {
        self.flags_of(word, &mut String::new())
    }

    /// Flags of a word in any case, with any apostrophe; `buf` is scratch space.
    pub(crate) fn flags_of(&self, word: &str, buf: &mut String) -> u32 {
        // Lower-casing may change the byte length of some letters, hence the margin.
        if word.len() > 2 * self.max_len {
            return 0;
        }
        // Most words are plain lower-case ASCII: look them up as they are.
        if word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'\'' || b == b'.')
        {
            return self.flags_of_lower(word);
        }
        buf.clear();
        for c in word.chars() {
            if is_apostrophe(c) {
                buf.push('\'');
            } else {
                buf.extend(c.to_lowercase());
            }
        }
        self.flags_of_lower(buf)
    }
}

/// The Fx hash of rustc: the table holds a few thousand short words fixed at build time, so
/// SipHash's protection against chosen keys buys nothing, and hashing is most of a lookup.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    // Integers (the tagger's word keys, token positions) in one step, not as eight bytes.
    fn write_u64(&mut self, x: u64) {
        self.add(x);
    }

    fn write_usize(&mut self, x: usize) {
        self.add(x as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The full map is thousands of entries: its size is what a debug print needs.
        f.debug_struct("Lexicon")
            .field("words", &self.flags.len())
            .finish()
    }
}

/// Is the word, lower-cased, one of `list` (lower-case words)? No copy for an ASCII word.
pub(crate) fn lower_is_in(list: &[&str], word: &str) -> bool {
    if word.is_ascii() {
        // A listed word with other than ASCII letters cannot equal an ASCII word.
        list.iter().any(|w| w.eq_ignore_ascii_case(word))
    } else {
        list.contains(&word.to_lowercase().as_str())
    }
}

/// Does the word, lower-cased, end with one of `suffixes` (lower case)? No copy for an ASCII
/// word.
pub(crate) fn lower_ends_with_any(word: &str, suffixes: &[&str]) -> bool {
    if word.is_ascii() {
        let w = word.as_bytes();
        suffixes.iter().any(|s| {
            let s = s.as_bytes();
            w.len() >= s.len() && w[w.len() - s.len()..].eq_ignore_ascii_case(s)
        })
    } else {
        let lower = word.to_lowercase();
        suffixes.iter().any(|s| lower.ends_with(s))
    }
}

/// Hash maps and sets keyed by words or token positions of one article use [`FxHasher`].
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// The analyzer's definition of an apostrophe: one rule for search and persons.
pub(crate) use crate::analysis::is_apostrophe;

/// The text with every apostrophe written `'`; no copy when there is nothing to change.
pub(crate) fn plain_apostrophes(text: &str) -> Cow<'_, str> {
    // The apostrophes other than `'` (`’`, `‘`, `ʼ`, `＇`) start with the bytes 0xE2, 0xCA
    // and 0xEF, which most words do not have.
    let maybe = text.bytes().any(|b| matches!(b, 0xE2 | 0xCA | 0xEF));
    if maybe && text.chars().any(|c| c != '\'' && is_apostrophe(c)) {
        Cow::Owned(
            text.chars()
                .map(|c| if is_apostrophe(c) { '\'' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_lowercase_and_unique() {
        let mut all = vec![ABBREVIATIONS, NAME_APOSTROPHE_PREFIXES];
        all.extend(TABLE.iter().map(|(list, _)| *list));
        for list in all {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "not sorted or duplicated: {pair:?}");
            }
            for word in list {
                assert_eq!(*word, word.to_lowercase(), "not lower case: {word}");
                assert!(!word.contains('\u{2019}'), "typographic apostrophe: {word}");
            }
        }
    }

    #[test]
    fn first_names_are_not_hard_stops() {
        let lex = Lexicon::new();
        for name in FIRST_NAMES {
            let f = lex.flags_of_lower(name);
            assert_eq!(
                f & (HARD_STOP | FUNCTION | PLACE_PREFIX | SAINT | TITLE),
                0,
                "{name}"
            );
        }
    }

    #[test]
    fn lower_case_comparisons_are_those_of_a_lower_case_copy() {
        let list = [
            "beh", "chissà", "d'", "ss.", "santi", "zione", "ità", "menti",
        ];
        for word in [
            "Beh",
            "BEH",
            "beh",
            "be",
            "Chissà",
            "CHISSÀ",
            "chissa",
            "D'",
            "SS.",
            "Santi",
            "Stazione",
            "STAZIONE",
            "Città",
            "CITTÀ",
            "Comunità",
            "Armamenti",
            "",
            "à",
            "İ",
            "ΣΙΣ",
            "x",
        ] {
            let lower = word.to_lowercase();
            assert_eq!(
                lower_is_in(&list, word),
                list.contains(&lower.as_str()),
                "{word}"
            );
            assert_eq!(
                lower_ends_with_any(word, &list),
                list.iter().any(|s| lower.ends_with(s)),
                "{word}"
            );
        }
    }

    #[test]
    fn lookup_ignores_case_and_apostrophe_style() {
        let lex = Lexicon::new();
        let mut buf = String::new();
        assert_ne!(lex.flags_of("Dell\u{2019}", &mut buf) & PARTICLE, 0);
        assert_ne!(lex.flags_of("LUNEDÌ", &mut buf) & HARD_STOP, 0);
        assert_ne!(lex.flags_of("Vladimir", &mut buf) & FIRST, 0);
        assert_eq!(lex.flags_of("Putin", &mut buf), 0);
    }
}
