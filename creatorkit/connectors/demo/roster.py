"""The demo creators: every platform, nano to mega, a spread of niches and countries.

Top-level keys are creator fields (``demo.seed.seed_demo`` stores them as they are);
each account gives its platform, username (``ref``), size today (``followers``) and
yearly trend (``growth``). ``demo-spike`` bought followers about 60 days ago
(``bought``: days before today, followers) so the authenticity check has a case.
"""

from __future__ import annotations

from typing import Any


def _creator(handle: str, display_name: str, tagline: str, bio: str, niche: str,
             categories: list[str], country: str, city: str, languages: list[str],
             theme: str, locale: str, accounts: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "handle": handle, "display_name": display_name, "tagline": tagline, "bio": bio,
        "niche": niche, "categories": categories, "country": country, "city": city,
        "languages": languages, "contact_email": f"{handle}@example.com", "theme": theme,
        "locale": locale, "accounts": accounts,
    }


def _account(platform: str, ref: str, followers: int, growth: float, **extra: Any) -> dict[str, Any]:
    return {"platform": platform, "ref": ref, "followers": followers, "growth": growth, **extra}


ROSTER: tuple[dict[str, Any], ...] = (
    _creator("demo", "Camille Laurent", "Tech, voyages et quotidien — en français et en anglais",
             "Je teste des gadgets, je prépare des voyages à **petit budget** et je streame des "
             "soirées gaming tranquilles. Toutes les données de ce kit sont des données de démo.",
             "lifestyle", ["tech", "travel", "gaming"], "FR", "Lyon", ["fr", "en"], "light", "fr",
             [_account("youtube", "camillelaurent", 182_000, 0.30),
              _account("instagram", "camille.laurent", 64_000, 0.22),
              _account("tiktok", "camillelaurent", 310_000, 0.65),
              _account("twitch", "camille_live", 12_400, 0.40)]),
    _creator("demo-spike", "Jade Monroe", "Everyday fashion on a student budget",
             "Thrift finds, capsule wardrobes and honest try-ons. Based in *Los Angeles*.",
             "fashion", ["fashion", "lifestyle"], "US", "Los Angeles", ["en"], "light", "en",
             [_account("instagram", "jademonroe.style", 62_000, 0.18, bought=(61, 4_500))]),
    _creator("lea-cuisine", "Léa Moreau", "Cuisine de saison, prête en 30 minutes",
             "Des recettes simples avec les produits du marché. Nouvelle recette **chaque mardi**.",
             "food", ["food", "recipes"], "FR", "Bordeaux", ["fr"], "warm", "fr",
             [_account("instagram", "lea.cuisine", 8_200, 0.45),
              _account("tiktok", "leacuisine", 23_500, 0.90)]),
    _creator("pixelpaul", "Pixel Paul", "Speedruns, ranked grinds and retro deep dives",
             "Full-time streamer since 2017. Live **five nights a week**; the best bits land on YouTube.",
             "gaming", ["gaming", "esports"], "US", "Austin", ["en"], "dark", "en",
             [_account("twitch", "pixelpaul", 240_000, 0.12),
              _account("youtube", "pixelpaul", 1_420_000, 0.08)]),
    _creator("nomad-nina", "Nina Okafor", "Slow travel, trains and cities on foot",
             "Londoner on the move. I write honest guides for travelling **without a car**.",
             "travel", ["travel", "photography"], "GB", "London", ["en"], "light", "en",
             [_account("instagram", "nomadnina", 410_000, 0.05),
              _account("youtube", "nomadnina", 95_000, 0.15)]),
    _creator("jonas-lifts", "Jonas Becker", "Strength training without the ego",
             "Coach from Hamburg. Short workouts, *real* progress, no supplements to sell.",
             "fitness", ["fitness", "health"], "DE", "Hamburg", ["de", "en"], "dark", "en",
             [_account("instagram", "jonas.lifts", 27_500, 0.35),
              _account("tiktok", "jonaslifts", 140_000, 0.70)]),
    _creator("byte-size-maya", "Maya Chen", "Tech reviews in plain English",
             "I review phones, laptops and home-office gear. **No sponsored verdicts.**",
             "tech", ["tech", "reviews"], "CA", "Toronto", ["en", "fr"], "light", "en",
             [_account("youtube", "bytesizemaya", 620_000, 0.20),
              _account("instagram", "bytesizemaya", 48_000, 0.10)]),
    _creator("dinero-claro", "Pablo Ruiz", "Personal finance for your first salary",
             "Budgets, index funds and taxes explained without jargon. Not financial advice.",
             "finance", ["finance", "education"], "ES", "Madrid", ["es", "en"], "light", "en",
             [_account("youtube", "dineroclaro", 36_000, 0.55),
              _account("instagram", "dinero.claro", 15_200, 0.30)]),
    _creator("papai-bruno", "Bruno Carvalho", "A dad, two toddlers and a lot of laundry",
             "Honest parenting from São Paulo: meals, routines and the occasional *meltdown*.",
             "parenting", ["parenting", "family"], "BR", "São Paulo", ["pt"], "warm", "en",
             [_account("instagram", "papaibruno", 3_100, 0.25),
              _account("tiktok", "papaibruno", 6_500, 0.50)]),
    _creator("lofi-lou", "Lou Garnier", "Beats lofi pour travailler, dormir et rêver",
             "Productrice à Paris. Un **nouveau beat chaque vendredi**, des lives chaque mois.",
             "music", ["music", "production"], "FR", "Paris", ["fr", "en"], "dark", "fr",
             [_account("tiktok", "lofilou", 2_300_000, 0.25),
              _account("youtube", "lofilou", 480_000, 0.30),
              _account("instagram", "lofi.lou", 1_100_000, 0.0)]),
    _creator("glow-with-sam", "Samira Hussain", "Skincare that respects your budget",
             "Licensed aesthetician in Manchester. I test drugstore products so you **don't have to**.",
             "beauty", ["beauty", "skincare"], "GB", "Manchester", ["en"], "warm", "en",
             [_account("tiktok", "glowwithsam", 720_000, 0.40),
              _account("instagram", "glowwithsam", 265_000, 0.12)]),
    _creator("trail-ana", "Ana Ortega", "Trail running and mountain weekends",
             "Ultra runner from Valencia. Training logs, gear notes and *very* early mornings.",
             "fitness", ["fitness", "outdoors"], "ES", "Valencia", ["es", "en"], "light", "en",
             [_account("instagram", "trail.ana", 95_000, -0.04),
              _account("youtube", "trailana", 14_800, 0.10)]),
    _creator("shelf-talk-emma", "Emma Price", "Book talk for people who finish books at 2 am",
             "Fantasy, romance and the occasional classic. Monthly **reading vlogs**.",
             "books", ["books", "culture"], "US", "Portland", ["en"], "warm", "en",
             [_account("tiktok", "shelftalkemma", 52_000, 0.60),
              _account("instagram", "shelftalk.emma", 12_300, 0.20)]),
    _creator("retro-rico", "Ricardo Alves", "Retro consoles, live repairs and chill runs",
             "I fix old consoles live and play what I repair. Streams in **Portuguese and English**.",
             "gaming", ["gaming", "retro"], "BR", "Rio de Janeiro", ["pt", "en"], "dark", "en",
             [_account("twitch", "retrorico", 31_000, 0.20),
              _account("youtube", "retrorico", 8_900, 0.35)]),
    _creator("greenbowl-clara", "Clara Tremblay", "Cuisine végétale, simple et colorée",
             "Recettes véganes de Montréal, testées **trois fois** avant d'être publiées.",
             "food", ["food", "vegan"], "CA", "Montreal", ["fr", "en"], "warm", "fr",
             [_account("instagram", "greenbowl.clara", 44_000, 0.15),
              _account("tiktok", "greenbowlclara", 18_000, 0.50)]),
)
