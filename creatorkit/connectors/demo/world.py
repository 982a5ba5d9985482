"""The world the demo connector draws from: niches, audiences, places and titles.

Plain data plus ``Spec``, the description of one demo account. Shares and skews are
plausible orders of magnitude (reference §4 and §6.4), not measurements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

AGE_BUCKETS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
AGE_PROFILES = {
    "young": (0.10, 0.38, 0.30, 0.12, 0.06, 0.03, 0.01),
    "adult": (0.04, 0.26, 0.35, 0.19, 0.09, 0.05, 0.02),
    "older": (0.02, 0.18, 0.36, 0.24, 0.12, 0.06, 0.02),
    "parents": (0.02, 0.14, 0.42, 0.28, 0.09, 0.04, 0.01),
}
#: how each platform's audience leans by age bucket (TikTok and Twitch younger)
PLATFORM_AGE_TILT = {
    "instagram": (0.8, 1.1, 1.1, 1.0, 0.9, 0.8, 0.7),
    "youtube": (0.9, 1.0, 1.0, 1.05, 1.1, 1.1, 1.1),
    "tiktok": (1.8, 1.3, 1.0, 0.8, 0.6, 0.5, 0.4),
    "twitch": (1.2, 1.4, 1.1, 0.7, 0.4, 0.3, 0.2),
}

#: niche → (female share of the audience, age profile, subjects in English, in French)
NICHES: dict[str, tuple[float, str, tuple[str, ...], tuple[str, ...]]] = {
    "lifestyle": (0.64, "adult",
                  ("my morning routine", "a week of budget meals", "my desk setup", "a slow Sunday"),
                  ("ma routine du matin", "une semaine de repas à petit prix", "mon setup de bureau",
                   "un dimanche tranquille")),
    "fashion": (0.80, "young",
                ("thrifted autumn outfits", "one blazer, five looks", "capsule wardrobe basics",
                 "what I wore this week"),
                ("des tenues d'automne en friperie", "un blazer, cinq looks",
                 "les basiques d'une garde-robe capsule", "mes tenues de la semaine")),
    "food": (0.64, "adult",
             ("15-minute miso salmon", "one-pot lemon pasta", "sourdough for beginners",
              "meal prep for the week"),
             ("le saumon miso en 15 minutes", "les pâtes au citron en une casserole",
              "le levain pour débutants", "le batch cooking de la semaine")),
    "gaming": (0.22, "young",
               ("the ranked grind to Diamond", "speedrunning the first level", "the new patch",
                "co-op chaos with friends"),
               ("le grind classé jusqu'à Diamant", "le speedrun du premier niveau", "le nouveau patch",
                "le chaos en coop entre potes")),
    "travel": (0.58, "adult",
               ("three days in Lisbon", "packing light for two weeks", "night trains across Europe",
                "hidden beaches of Crete"),
               ("trois jours à Lisbonne", "voyager léger pendant deux semaines",
                "les trains de nuit en Europe", "les plages cachées de Crète")),
    "fitness": (0.50, "adult",
                ("a 20-minute full-body workout", "my first half marathon", "mobility for desk workers",
                 "protein on a budget"),
                ("une séance complète de 20 minutes", "mon premier semi-marathon",
                 "la mobilité pour le télétravail", "les protéines à petit prix")),
    "tech": (0.24, "adult",
             ("the best budget phone", "my minimal desk setup", "a week with a foldable",
              "home server basics"),
             ("le meilleur smartphone pas cher", "mon setup minimaliste", "une semaine avec un pliable",
              "les bases d'un serveur maison")),
    "finance": (0.34, "older",
                ("index funds explained", "my monthly budget", "saving for a first home",
                 "the 50/30/20 rule"),
                ("les ETF expliqués", "mon budget du mois", "épargner pour un premier achat",
                 "la règle des 50/30/20")),
    "parenting": (0.84, "parents",
                  ("toddler meals that work", "our bedtime routine", "rainy-day activities",
                   "the first week back at school"),
                  ("des repas qui plaisent aux petits", "notre rituel du coucher",
                   "des activités pour les jours de pluie", "la rentrée en maternelle")),
    "music": (0.50, "young",
              ("a lofi beat from scratch", "my home studio", "covering a 90s classic",
               "writing a song in an hour"),
              ("un beat lofi de zéro", "mon home studio", "la reprise d'un classique des années 90",
               "écrire une chanson en une heure")),
    "beauty": (0.82, "young",
               ("a five-minute glow routine", "drugstore dupes that work", "skincare for oily skin",
                "my everyday lip combo"),
               ("une routine éclat en cinq minutes", "les dupes de supermarché qui marchent",
                "le soin des peaux grasses", "mon combo lèvres du quotidien")),
    "books": (0.78, "young",
              ("books I read in one sitting", "my autumn reading list", "underrated fantasy series",
               "annotating my favourite novel"),
              ("les livres lus d'une traite", "ma pile à lire d'automne", "des sagas fantasy méconnues",
               "annoter mon roman préféré")),
}

#: home country → countries its audience spills into, most likely first
COUNTRY_REACH = {
    "FR": ("BE", "CH", "CA", "MA", "US", "DZ", "TN"),
    "US": ("CA", "GB", "MX", "AU", "IN", "PH", "DE"),
    "GB": ("US", "IE", "AU", "CA", "IN", "DE", "NL"),
    "DE": ("AT", "CH", "NL", "PL", "US", "GB", "TR"),
    "ES": ("MX", "AR", "CO", "US", "CL", "PE", "FR"),
    "BR": ("PT", "US", "AR", "JP", "IT", "PY", "AO"),
    "CA": ("US", "FR", "GB", "IN", "PH", "AU", "MX"),
}
#: the biggest audience cities of each home country, as Instagram names them
CITIES = {
    "FR": ("Paris, Île-de-France", "Lyon, Auvergne-Rhône-Alpes", "Marseille, Provence-Alpes-Côte d'Azur",
           "Bordeaux, Nouvelle-Aquitaine", "Toulouse, Occitanie", "Lille, Hauts-de-France"),
    "US": ("New York, New York", "Los Angeles, California", "Chicago, Illinois", "Houston, Texas",
           "Austin, Texas", "Portland, Oregon"),
    "GB": ("London, England", "Manchester, England", "Birmingham, England", "Glasgow, Scotland",
           "Leeds, England", "Bristol, England"),
    "DE": ("Berlin, Berlin", "Hamburg, Hamburg", "Munich, Bavaria", "Cologne, North Rhine-Westphalia",
           "Frankfurt, Hesse"),
    "ES": ("Madrid, Comunidad de Madrid", "Barcelona, Catalonia", "Valencia, Valencian Community",
           "Seville, Andalusia", "Bilbao, Basque Country"),
    "BR": ("São Paulo, São Paulo (state)", "Rio de Janeiro, Rio de Janeiro (state)",
           "Belo Horizonte, Minas Gerais", "Brasília, Federal District", "Curitiba, Paraná"),
    "CA": ("Toronto, Ontario", "Montreal, Quebec", "Vancouver, British Columbia", "Calgary, Alberta",
           "Ottawa, Ontario"),
}

#: title patterns by format and locale; {s} is the subject, {S} the same capitalised
TITLES = {
    "short": {"en": ("{S} in 60 seconds", "POV: {s}", "{S} — quick tip", "Trying {s} so you don't have to"),
              "fr": ("{S} en 60 secondes", "POV : {s}", "{S} — l'astuce rapide", "J'ai testé {s} pour vous")},
    "feed": {"en": ("{S}, a few notes", "Swipe for {s}", "{S} ✨"),
             "fr": ("{S}, quelques notes", "Swipez pour {s}", "{S} ✨")},
    "long": {"en": ("{S}: the complete guide", "I tried {s} for 30 days", "{S} — honest review",
                    "Everything I learned about {s}"),
             "fr": ("{S} : le guide complet", "J'ai testé {s} pendant 30 jours", "{S} — mon avis honnête",
                    "Tout ce que j'ai appris sur {s}")},
    "live": {"en": ("LIVE: {s}", "Chill stream — {s}", "{S} all night"),
             "fr": ("LIVE : {s}", "Stream chill — {s}", "{S} toute la soirée")},
}


@dataclass(frozen=True)
class Spec:
    """One demo account: who it is and how its figures should behave."""

    seed: str  # "handle|platform": every random draw derives from it
    platform: str
    username: str
    display_name: str
    bio: str | None
    followers: int  # size today
    growth: float  # yearly relative growth of the trend (-0.04 = slowly declining)
    niche: str
    country: str
    city: str | None
    locale: str
    today: date
    bought: tuple[int, int] | None = None  # (days before today, followers bought)
