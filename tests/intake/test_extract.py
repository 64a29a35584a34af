"""The extraction rules, one behaviour at a time, on short texts written for the purpose."""

import datetime as dt

import pytest

from intake.extract import LEVEL, MEETING, extract
from partnerships.tier_phrases import find_tier_phrases


def levels(text, vocabulary, published=None):
    return [
        (frozenset(c.parties), c.tier, c.kind, str(c.date) if c.date else None)
        for c in extract(text, vocabulary, published=published)
        if c.type == LEVEL
    ]


def meetings(text, vocabulary, published=None):
    return [c for c in extract(text, vocabulary, published=published) if c.type == MEETING]


@pytest.mark.parametrize(
    "wording, features",
    [
        (
            "China-Vietnam comprehensive strategic cooperative partnership",
            {"comprehensive", "strategic", "cooperative"},
        ),
        (
            "a comprehensive strategic partnership of coordination for a new era",
            {"comprehensive", "strategic", "coordination"},
        ),
        (
            "a comprehensive strategic and cooperative partnership",
            {"comprehensive", "strategic", "cooperative"},
        ),
        ("an all round strategic partnership", {"comprehensive", "strategic"}),
        ("a strategic partnership of cooperation", {"strategic", "cooperative"}),
        ("a partnership of comprehensive cooperation", {"comprehensive", "cooperative"}),
        ("a strategic partnership for mutually beneficial cooperation", {"strategic"}),
        ("the community with a shared future in the new era", {"community"}),
    ],
)
def test_wording_variants_reduce_to_the_same_features(wording, features):
    (phrase,) = find_tier_phrases(wording)
    assert phrase.features == frozenset(features)


def test_strategic_cooperative_relationship_is_not_a_partnership(vocabulary):
    text = "Algeria and China set up a strategic cooperative relationship in 2004."
    assert levels(text, vocabulary) == []


def test_community_for_mankind_is_not_a_bilateral_level(vocabulary):
    text = (
        "Wang told Lavrov that China would work with Russia to build a "
        "community with a shared future for mankind."
    )
    assert levels(text, vocabulary) == []


def test_community_of_a_regional_grouping_is_not_a_bilateral_level(vocabulary):
    text = (
        "China looks forward to working with Cambodia to build a closer "
        "Lancang-Mekong community with a shared future."
    )
    assert levels(text, vocabulary) == []


def test_loose_strategic_partner_is_not_a_level(vocabulary):
    assert levels("Pakistan regards Turkey and Saudi Arabia as strategic partners.", vocabulary) == []
    assert levels("The two sides vowed to strengthen their strategic partnership.", vocabulary) == []


def test_strategic_partnership_counts_beside_a_change_of_level(vocabulary):
    text = "Mauritania and China established a strategic partnership in 2024."
    assert levels(text, vocabulary) == [
        (frozenset({"MR", "CN"}), "strategic-partnership", "established", "2024")
    ]


def test_parties_named_by_demonym_capital_and_leader(vocabulary):
    text = (
        "Vietnamese Prime Minister Pham Minh Chinh and Chinese "
        "Premier Li Qiang agreed that Hanoi and Beijing "
        "would deepen the comprehensive strategic cooperative partnership."
    )
    assert levels(text, vocabulary) == [
        (frozenset({"VN", "CN"}), "comprehensive-strategic-cooperative-partnership", "holds", None)
    ]


def test_the_two_countries_refers_to_the_pair_just_named(vocabulary):
    text = (
        "Egyptian President Abdel Fattah al-Sisi received the Chinese foreign minister in Cairo. "
        "The two countries elevated their ties to a comprehensive strategic partnership in 2014."
    )
    assert levels(text, vocabulary) == [
        (frozenset({"EG", "CN"}), "comprehensive-strategic-partnership", "upgraded", "2014")
    ]


def test_the_cambodian_side_pairs_with_the_party_in_context(vocabulary):
    text = (
        "Chinese Foreign Minister Wang Yi met his Cambodian counterpart in Beijing on Monday. "
        "The Cambodian side is ready to build a high-quality community with a shared future, he said."
    )
    assert levels(text, vocabulary)[0][:2] == (frozenset({"KH", "CN"}), "community-with-a-shared-future")


def test_a_list_of_partners_pairs_each_with_the_declaring_party(vocabulary):
    text = (
        "The leaders of China, Zambia and Cambodia announced the elevation of their "
        "relations to a comprehensive strategic cooperative partnership."
    )
    assert {pair for pair, *_ in levels(text, vocabulary)} == {
        frozenset({"CN", "ZM"}),
        frozenset({"CN", "KH"}),
    }


def test_upgrade_is_dated_by_the_nearest_date(vocabulary):
    text = (
        "Beijing and Hanoi established diplomatic relations in January 1950 and lifted their ties "
        "to a comprehensive strategic cooperative partnership in 2008."
    )
    assert levels(text, vocabulary) == [
        (frozenset({"CN", "VN"}), "comprehensive-strategic-cooperative-partnership", "upgraded", "2008")
    ]


def test_anniversary_gives_the_start_year(vocabulary):
    text = (
        "China and Laos marked the 15th anniversary of their "
        "comprehensive strategic cooperative partnership on Monday."
    )
    result = levels(text, vocabulary, published=dt.date(2024, 5, 20))
    assert result == [
        (frozenset({"CN", "LA"}), "comprehensive-strategic-cooperative-partnership", "anniversary", "2009")
    ]


def test_same_wording_is_read_in_the_declaring_partys_vocabulary(vocabulary):
    (candidate,) = [
        c
        for c in extract(
            "Vietnam and Australia elevated their ties to a comprehensive strategic partnership.", vocabulary
        )
        if c.type == LEVEL
    ]
    assert (candidate.scheme, candidate.tier, candidate.parties) == (
        "vn",
        "comprehensive-strategic-partnership",
        ("VN", "AU"),
    )


def test_pair_without_a_declared_vocabulary_is_left_for_the_curator(vocabulary):
    (candidate,) = extract(
        "Indonesia and Australia upgraded ties to a comprehensive strategic partnership.", vocabulary
    )
    assert candidate.scheme is None
    assert candidate.tier == "comprehensive-strategic-partnership"
    assert "choose the scheme by hand" in candidate.notes[0]


def test_quote_and_offsets_point_at_the_sentence(vocabulary):
    text = (
        "Intro line.\n\nChina and Kenya agreed to elevate ties to a "
        "comprehensive strategic partnership of cooperation. More."
    )
    (candidate,) = [c for c in extract(text, vocabulary) if c.type == LEVEL]
    assert text[candidate.start : candidate.end] == candidate.quote
    assert candidate.quote.startswith("China and Kenya") and candidate.quote.endswith("cooperation.")


def test_meeting_with_titles_parties_date_and_place(vocabulary):
    text = (
        "Beijing, 25 May 2024 (TDI): On Friday, Chinese Foreign Minister Wang Yi "
        "met with Cambodian Deputy Prime Minister Sok Chenda Sophea."
    )
    (meeting,) = meetings(text, vocabulary)
    assert set(meeting.parties) == {"CN", "KH"}
    assert (meeting.kind, str(meeting.date), meeting.city, meeting.place) == (
        "talks",
        "2024-05-24",
        "Beijing",
        "CN",
    )
    assert meeting.participants == [
        {"name": "Wang Yi", "title": "Foreign Minister", "party": "CN"},
        {"name": "Sok Chenda Sophea", "title": "Deputy Prime Minister", "party": "KH"},
    ]


def test_person_learned_from_a_title_is_recognised_later(vocabulary):
    text = (
        "Ghanaian President John Mahama arrived in Beijing on Monday. "
        "Xi Jinping held talks with Mahama on Tuesday."
    )
    found = meetings(text, vocabulary, published=dt.date(2025, 6, 11))
    assert [(set(m.parties), str(m.date)) for m in found] == [
        ({"GH", "CN"}, "2025-06-09"),
        ({"GH", "CN"}, "2025-06-10"),
    ]


def test_pronoun_subject_is_the_previous_official(vocabulary):
    text = (
        "President Xi Jinping met Prime Minister of Cambodia Hun Manet. He also "
        "held talks with Venezuelan President Nicolas Maduro."
    )
    assert [set(m.parties) for m in meetings(text, vocabulary)] == [{"CN", "KH"}, {"CN", "VE"}]


@pytest.mark.parametrize(
    "sentence, mode",
    [
        ("Putin and Xi spoke by phone on Thursday.", "call"),
        (
            "Chinese and Pakistani foreign ministers held the fifth round "
            "of their strategic dialogue in Islamabad.",
            "strategic_dialogue",
        ),
        ("On the sidelines of the G20 summit, Xi met Brazilian President Lula.", "sidelines"),
        ("Hungarian Prime Minister Viktor Orban visited Beijing in May.", "visit"),
    ],
)
def test_meeting_mode(sentence, mode, vocabulary):
    (meeting,) = meetings(sentence, vocabulary)
    assert meeting.kind == mode


def test_no_meeting_without_officials_or_a_meeting_of_states(vocabulary):
    assert meetings("Chinese tourists visit Cambodia in growing numbers.", vocabulary) == []


def test_xian_is_not_xi(vocabulary):
    assert meetings("Leaders of China and Central Asia gathered in Xi'an for a summit.", vocabulary) == []
