"""Tables that share a sheet with the trafficking figures in real bulletins and must give nothing:
murders by police division, larceny by district, drug trafficking, offences by type. They use the
same generic words ("Victims", "Arrests", "Total", "Persons charged") on purpose."""

from __future__ import annotations

import random

from .kit import Grid

PLACES = {
    "JAM": ["Kingston Central", "Kingston Western", "St. Andrew South", "St. Catherine North", "Clarendon", "St. James", "Westmoreland", "Manchester"],
    "TTO": ["Port of Spain", "Western", "Northern", "Southern", "Central", "Eastern", "North Eastern", "South Western", "Tobago"],
    "BHS": ["New Providence", "Grand Bahama", "Abaco", "Eleuthera", "Exuma", "Andros", "Family Islands"],
    "GUY": ["Region 1", "Region 2", "Region 3", "Region 4 'A'", "Region 4 'B'", "Region 6", "Region 10"],
    "BRB": ["District 'A'", "District 'B'", "District 'C'", "District 'D'", "District 'E'", "District 'F'"],
    "LCA": ["Castries", "Gros Islet", "Vieux Fort", "Soufrière", "Dennery", "Micoud"],
    "BLZ": ["Belize", "Cayo", "Orange Walk", "Corozal", "Stann Creek", "Toledo"],
    "ATG": ["St. John's", "All Saints", "Parham", "Bolans", "Barbuda"],
    "VCT": ["Kingstown", "Calliaqua", "Georgetown", "Chateaubelair", "Bequia"],
    "GRD": ["St. George's", "St. Andrew's", "St. David's", "Carriacou"],
    "KNA": ["Basseterre", "Sandy Point", "Cayon", "Nevis"],
    "DOM": ["Distrito Nacional", "Santo Domingo Este", "Santiago", "La Altagracia", "San Cristóbal", "Puerto Plata", "La Romana"],
    "CUB": ["Pinar del Río", "La Habana", "Matanzas", "Villa Clara", "Camagüey", "Holguín", "Santiago de Cuba"],
    "HTI": ["Ouest", "Nord", "Nord-Est", "Artibonite", "Centre", "Sud", "Grand'Anse"],
    "SUR": ["Paramaribo", "Wanica", "Nickerie", "Commewijne", "Marowijne", "Para", "Brokopondo"],
    "CUW": ["Punda", "Otrobanda", "Barber", "Rio Canario", "Santa Rosa"],
    "ABW": ["Oranjestad", "Noord", "Santa Cruz", "San Nicolas", "Paradera"],
    "SXM": ["Philipsburg", "Cole Bay", "Simpson Bay", "Dutch Quarter"],
}

WORDS = {
    "en": {
        "murder": "Murders by police division",
        "larceny": "Larceny reported by district",
        "place": "Division",
        "district": "District",
        "incidents": "Incidents",
        "victims": "Victims",
        "arrests": "Arrests",
        "cleared": "Cleared up",
        "reported": "Reported",
        "total": "Total",
        "drugs": "Narcotics trafficking: persons arrested and charged",
        "arrested": "Persons arrested",
        "charged": "Persons charged",
        "seized": "Cocaine seized (kg)",
        "quarter": "Quarter",
    },
    "es": {
        "murder": "Homicidios por dirección regional",
        "larceny": "Robos denunciados por provincia",
        "place": "Dirección regional",
        "district": "Provincia",
        "incidents": "Hechos",
        "victims": "Víctimas",
        "arrests": "Detenidos",
        "cleared": "Esclarecidos",
        "reported": "Denunciados",
        "total": "Total",
        "drugs": "Tráfico ilícito de drogas: personas detenidas y sometidas",
        "arrested": "Personas detenidas",
        "charged": "Personas sometidas",
        "seized": "Cocaína incautada (kg)",
        "quarter": "Trimestre",
    },
    "fr": {
        "murder": "Homicides par département",
        "larceny": "Vols signalés par commissariat",
        "place": "Département",
        "district": "Commissariat",
        "incidents": "Faits",
        "victims": "Victimes",
        "arrests": "Arrestations",
        "cleared": "Élucidés",
        "reported": "Signalés",
        "total": "Total",
        "drugs": "Trafic de stupéfiants : personnes interpellées et déférées",
        "arrested": "Personnes interpellées",
        "charged": "Personnes déférées",
        "seized": "Cocaïne saisie (kg)",
        "quarter": "Trimestre",
    },
    "nl": {
        "murder": "Moord en doodslag per district",
        "larceny": "Diefstal per wijk",
        "place": "District",
        "district": "Wijk",
        "incidents": "Voorvallen",
        "victims": "Slachtoffers",
        "arrests": "Aanhoudingen",
        "cleared": "Opgelost",
        "reported": "Aangiften",
        "total": "Totaal",
        "drugs": "Drugshandel: aangehouden en vervolgde verdachten",
        "arrested": "Aangehouden",
        "charged": "Vervolgd",
        "seized": "Cocaïne in beslag genomen (kg)",
        "quarter": "Kwartaal",
    },
}


def murder_table(g: Grid, r: random.Random, lang: str, country: str, year: int, number: str = "") -> None:
    w = WORDS[lang]
    g.add(f"{number}{w['murder']}, {year}")
    g.add(w["place"], w["incidents"], w["victims"], w["arrests"], w["cleared"])
    tot = [0, 0, 0, 0]
    for place in PLACES[country]:
        row = [r.randint(2, 60)]
        row += [row[0] + r.randint(0, 3), r.randint(0, row[0]), r.randint(0, row[0])]
        tot = [a + b for a, b in zip(tot, row)]
        g.add(place, *row)
    g.add(w["total"], *tot)


def larceny_table(g: Grid, r: random.Random, lang: str, country: str, year: int, number: str = "") -> None:
    w = WORDS[lang]
    g.add(f"{number}{w['larceny']}, {year}")
    g.add(w["district"], w["reported"], w["arrests"], w["cleared"])
    tot = [0, 0, 0]
    for place in PLACES[country][::-1]:
        row = [r.randint(40, 900), r.randint(1, 40), r.randint(5, 200)]
        tot = [a + b for a, b in zip(tot, row)]
        g.add(place, *row)
    g.add(w["total"], *tot)


def drugs_table(g: Grid, r: random.Random, lang: str, years: tuple[int, ...], number: str = "") -> None:
    """'Trafficking' in the title, but of drugs: its arrests and charges are not trafficking in persons."""
    w = WORDS[lang]
    g.add(f"{number}{w['drugs']}")
    g.add("", *years)
    for label in (w["arrested"], w["charged"]):
        g.add(label, *[r.randint(50, 400) for _ in years])
    g.add(w["seized"], *[round(r.uniform(10, 900), 1) for _ in years])
