"""What the coach found, in words an agent understands (not feature names).

Keyed by the agent's interface language; English is complete and the fallback. The
quoted cue comes from the reply itself, so it is in the reply's language.
"""

from __future__ import annotations

from opsdesk.tone.rudeness import Marker

# What each strategy means for the customer reading the reply.
STRATEGY_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "gratitude": "Thanks the customer",
        "deference": "Opens with praise",
        "greeting": "Greets the customer",
        "positive_lexicon": "Warm, positive words",
        "negative_lexicon": "Negative words (problem, error, wrong…) — keep them about the "
        "situation, not the customer",
        "apologizing": "Apologises",
        "please": "Says “please” inside a request",
        "please_start": "Opens with “Please …” — can read as an order",
        "indirect_btw": "Mentions something in passing (“by the way”)",
        "direct_question": "Asks “why/what/how …” straight out — can sound like an interrogation",
        "direct_start": "Starts with “So/And/But …” — can sound abrupt",
        "counterfactual_modal": "Asks with “could you / would you” — leaves room to say no",
        "indicative_modal": "Asks with “can you / will you”",
        "first_person_start": "Starts with “I …” — takes ownership",
        "first_person_plural": "Speaks as “we” — the shop takes responsibility",
        "first_person": "Speaks for yourself (“I, me, my”)",
        "second_person": "Speaks to the customer (“you, your”)",
        "second_person_start": "Starts with “You …” — sounds like an accusation",
        "hedges": "Softens claims (“perhaps”, “I think”)",
        "factuality": "Insists (“actually”, “in fact”, “of course”) — can sound condescending",
        "subjunctive": "Asks tentatively (“would it be possible …”, “I would like …”)",
        "imperative": "A bare command (“Send …”, “Wait …”)",
        "blaming": "Puts the fault on the customer",
        "vague_time": "Vague about time (“soon”, “shortly”) — give a date",
        "formal_address": "Addresses the customer formally (Sie, vous, usted, o senhor)",
        "informal_address": "Addresses the customer informally (du, tu, tú) — fine only if "
        "your shop does so",
        "offer_help": "Offers further help (“Bei Fragen stehen wir Ihnen gerne zur Verfügung”)",
    },
}

# Why a rude or curt wording caps the score; {cue} is the wording found.
MARKER_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "dismissal": "“{cue}” brushes the customer off — no “please” or apology softens it. "
        "Say what you will do instead.",
        "blame": "“{cue}” puts the blame on the customer — describe what happened and the "
        "next step.",
        "sarcasm": "“{cue}” reads as sarcasm.",
        "insult": "“{cue}” insults the customer or their complaint.",
        "curt": "“{cue}” is a curt order — say what you are doing for the customer.",
        "shouting": "“{cue}” reads as shouting.",
    },
}

SEVERITY_WORDS: dict[str, dict[int, str]] = {
    "en": {1: "curt", 2: "rude"},
}


def _book(table: dict[str, dict[str, str]], ui_language: str) -> dict[str, str]:
    return table.get(ui_language, table["en"])


def describe_strategy(name: str, ui_language: str = "en") -> str:
    """An agent-facing sentence for strategy ``name`` (falls back to a readable name)."""
    words = _book(STRATEGY_WORDS, ui_language).get(name) or STRATEGY_WORDS["en"].get(name)
    return words or name.replace("_", " ").capitalize()


def describe_marker(marker: Marker, ui_language: str = "en") -> str:
    words = _book(MARKER_WORDS, ui_language)
    template = words.get(marker.kind) or MARKER_WORDS["en"].get(marker.kind) or "“{cue}”"
    return template.format(cue=marker.span.text)


def severity_word(marker: Marker, ui_language: str = "en") -> str:
    return SEVERITY_WORDS.get(ui_language, SEVERITY_WORDS["en"])[int(marker.severity)]
