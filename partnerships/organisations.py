"""Regional and international organisations that hold partnerships.

No maintained package lists them with stable codes, so this short table is the one place they are
defined. Codes are upper-case letters and digits (no hyphen: pair addresses use it) and never collide
with an ISO 3166-1 code: the African Union is AFRICANUNION because AU is Australia.
"""

ORGANISATIONS = [
    # code, short name, official name, aliases (abbreviations and other names), Wikidata ID
    ("EU", "European Union", "European Union", ["EU", "the Union"], "Q458"),
    (
        "ASEAN",
        "ASEAN",
        "Association of Southeast Asian Nations",
        ["Association of South-East Asian Nations"],
        "Q7768",
    ),
    ("AFRICANUNION", "African Union", "African Union", ["AU", "the African Union Commission"], "Q7159"),
    (
        "FOCAC",
        "Africa (FOCAC)",
        "Forum on China–Africa Cooperation",
        ["Forum on China-Africa Cooperation", "China-Africa", "Africa"],
        "Q1414936",
    ),
    (
        "LAS",
        "Arab States (Arab League)",
        "League of Arab States",
        ["Arab League", "China-Arab States Cooperation Forum", "Arab States", "Arab countries"],
        "Q7172",
    ),
    (
        "CELAC",
        "CELAC",
        "Community of Latin American and Caribbean States",
        ["China-CELAC Forum", "Latin America and the Caribbean"],
        "Q913000",
    ),
    (
        "GCC",
        "Gulf Cooperation Council",
        "Cooperation Council for the Arab States of the Gulf",
        ["GCC"],
        "Q161179",
    ),
    ("SCO", "Shanghai Cooperation Organisation", "Shanghai Cooperation Organisation", ["SCO"], "Q485207"),
    ("BRICS", "BRICS", "BRICS", [], "Q29334"),
    ("G20", "G20", "Group of Twenty", ["Group of 20"], "Q19771"),
    ("G7", "G7", "Group of Seven", ["Group of 7"], "Q1764511"),
    ("UN", "United Nations", "United Nations", ["UN"], "Q1065"),
    ("APEC", "APEC", "Asia-Pacific Economic Cooperation", [], "Q170481"),
    ("SAARC", "SAARC", "South Asian Association for Regional Cooperation", [], "Q170439"),
    ("PIF", "Pacific Islands Forum", "Pacific Islands Forum", ["PIF"], "Q1046233"),
    ("CARICOM", "CARICOM", "Caribbean Community", [], "Q161230"),
    ("MERCOSUR", "Mercosur", "Southern Common Market", ["Mercosul"], "Q19125"),
    ("ECOWAS", "ECOWAS", "Economic Community of West African States", [], "Q161212"),
    ("SADC", "SADC", "Southern African Development Community", [], "Q827525"),
    ("EAEU", "Eurasian Economic Union", "Eurasian Economic Union", ["EAEU", "EEU"], "Q4173083"),
    ("OIC", "Organisation of Islamic Cooperation", "Organisation of Islamic Cooperation", ["OIC"], "Q167353"),
    ("OAS", "Organization of American States", "Organization of American States", ["OAS"], "Q123759"),
    ("NATO", "NATO", "North Atlantic Treaty Organization", [], "Q7184"),
    ("CIS", "Commonwealth of Independent States", "Commonwealth of Independent States", ["CIS"], "Q7779"),
]
