"""The administrative text a bestek is made of, without any sustainability requirement: sections and tables."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Section:
    """An administrative section of a bestek: its heading title and its paragraphs."""

    title: str
    paragraphs: tuple[str, ...]


# Written for this benchmark in the register of Flemish bestekken (administrative and technical provisions).
SECTIONS: tuple[Section, ...] = (
    Section(
        "Opdrachtgever",
        (
            "De aanbestedende overheid is het stadsbestuur, vertegenwoordigd door het college van burgemeester "
            "en schepenen, met zetel op het stadhuis, Grote Markt 1.",
            "Het college van burgemeester en schepenen heeft in zitting van 12 februari de lastvoorwaarden en "
            "de gunningswijze van deze opdracht vastgesteld.",
            "Voor alle inlichtingen over de procedure kan contact worden opgenomen met de dienst "
            "overheidsopdrachten, uitsluitend via het platform e-Procurement.",
        ),
    ),
    Section(
        "Plaats van levering",
        (
            "De goederen worden franco geleverd aan het stedelijk magazijn, Industrieweg 14, op werkdagen "
            "tussen 8.00 en 15.30 uur.",
            "Elke levering wordt minstens twee werkdagen vooraf telefonisch of per e-mail aangekondigd bij de "
            "magazijnverantwoordelijke.",
            "De leveringsbon vermeldt het bestelbonnummer, de bestelde en de geleverde hoeveelheden en de "
            "naam van de besteller.",
        ),
    ),
    Section(
        "Leveringstermijn",
        (
            "De leveringstermijn bedraagt maximaal tien werkdagen, te rekenen vanaf de dag na de verzending "
            "van de bestelbon.",
            "Dringende bestellingen worden binnen twee werkdagen geleverd; de inschrijver vermeldt in zijn "
            "offerte of hij hierop kan ingaan.",
            "Leveringen op zaterdagen, zondagen en wettelijke feestdagen zijn niet toegestaan, behalve na "
            "uitdrukkelijk schriftelijk akkoord van de leidend ambtenaar.",
        ),
    ),
    Section(
        "Prijsherzieningen",
        (
            "De prijzen zijn vast gedurende het eerste jaar van de opdracht.",
            "Daarna kan de prijs eenmaal per jaar worden herzien op verzoek van de opdrachtnemer, ten vroegste "
            "op de verjaardag van de sluiting van de opdracht.",
            "De herziening gebeurt volgens de formule p = P x (0,2 + 0,8 x s/S), waarin s en S de "
            "loonkosten volgens de index van Agoria voorstellen.",
            "Een aanvraag tot prijsherziening wordt per aangetekende brief ingediend; herzieningen zonder "
            "voorafgaande aanvraag worden niet aanvaard.",
        ),
    ),
    Section(
        "Betalingstermijn",
        (
            "De betaling gebeurt binnen een termijn van dertig dagen vanaf de datum van de beëindiging van de "
            "verificatie, op voorwaarde dat de aanbestedende overheid tegelijk in het bezit is van de "
            "regelmatig opgestelde factuur.",
            "De facturen worden elektronisch ingediend via het Mercurius-platform en vermelden het "
            "bestelbonnummer en het referentienummer van de opdracht.",
            "Voorschotten worden niet toegekend.",
        ),
    ),
    Section(
        "Borgtocht",
        (
            "De borgtocht wordt vastgesteld op vijf procent van het totale bedrag, exclusief btw, van de "
            "opdracht, afgerond naar het hogere tiental.",
            "De opdrachtnemer levert het bewijs van de borgstelling binnen dertig kalenderdagen na de "
            "sluiting van de opdracht.",
            "De borgtocht kan worden gesteld in speciën, in fondsen, onder de vorm van een gezamenlijke "
            "borgtocht of door een waarborg toegestaan door een kredietinstelling.",
            "De borgtocht wordt in zijn geheel vrijgegeven na de definitieve oplevering, op verzoek van de "
            "opdrachtnemer.",
        ),
    ),
    Section(
        "Oplevering",
        (
            "De voorlopige oplevering vindt plaats na de volledige uitvoering van de levering en na een "
            "gunstige keuring door de leidend ambtenaar.",
            "De waarborgtermijn bedraagt twaalf maanden en vangt aan op de datum van de voorlopige "
            "oplevering.",
            "Na afloop van de waarborgtermijn wordt een proces-verbaal van definitieve oplevering of van "
            "weigering van oplevering opgemaakt.",
        ),
    ),
    Section(
        "Boetes en straffen",
        (
            "Voor elke kalenderdag vertraging wordt van rechtswege een boete aangerekend van 0,07 procent van "
            "de waarde van de laattijdig geleverde goederen.",
            "Wanneer de opdrachtnemer na een tweede ingebrekestelling in gebreke blijft, kan de aanbestedende "
            "overheid de opdracht eenzijdig verbreken.",
            "De boetes en straffen worden afgehouden van de betalingen die aan de opdrachtnemer verschuldigd "
            "zijn.",
        ),
    ),
    Section(
        "Verzekeringen",
        (
            "De opdrachtnemer sluit een verzekering af die zijn burgerlijke en beroepsaansprakelijkheid dekt "
            "voor de volledige duur van de opdracht.",
            "Binnen dertig dagen na de sluiting van de opdracht bezorgt de opdrachtnemer een attest van de "
            "verzekeringsmaatschappij waaruit blijkt dat de polis werd afgesloten.",
        ),
    ),
    Section(
        "Indienen van de offertes",
        (
            "De offertes worden uitsluitend elektronisch ingediend via het e-Tendering-platform, uiterlijk op "
            "de datum en het uur vermeld in de aankondiging van de opdracht.",
            "De offerte wordt opgesteld in het Nederlands en ondertekend met een gekwalificeerde elektronische "
            "handtekening door een persoon die bevoegd is om de inschrijver te verbinden.",
            "Elke offerte die na het vastgestelde uur wordt ontvangen, wordt als laattijdig beschouwd en niet "
            "in aanmerking genomen.",
            "De inschrijvers blijven gebonden door hun offerte gedurende een termijn van 120 kalenderdagen, "
            "te rekenen vanaf de uiterste datum voor ontvangst van de offertes.",
        ),
    ),
    Section(
        "Varianten en opties",
        (
            "Vrije varianten en opties zijn niet toegelaten.",
            "Een offerte die toch een variant bevat, wordt enkel beoordeeld op de basisoplossing.",
        ),
    ),
    Section(
        "Prijsopgave",
        (
            "Deze opdracht is een opdracht tegen prijslijst: de eenheidsprijzen zijn forfaitair en de "
            "hoeveelheden zijn vermoedelijk.",
            "De prijzen worden uitgedrukt in euro, exclusief btw, en omvatten alle kosten voor verpakking, "
            "vervoer, lossen en plaatsen op de plaats van levering.",
            "De inschrijver vult de samenvattende opmeting volledig in; ontbrekende prijzen kunnen leiden tot "
            "de nietigheid van de offerte.",
        ),
    ),
    Section(
        "Duur van de opdracht",
        (
            "De raamovereenkomst wordt gesloten voor een periode van twaalf maanden en kan driemaal "
            "stilzwijgend worden verlengd met telkens twaalf maanden.",
            "Elk van de partijen kan de verlenging weigeren bij aangetekende brief, uiterlijk drie maanden "
            "voor het verstrijken van de lopende periode.",
        ),
    ),
    Section(
        "Plaatsingsprocedure",
        (
            "De opdracht wordt geplaatst bij wijze van een openbare procedure, overeenkomstig artikel 36 van "
            "de wet van 17 juni 2016.",
            "De aanbestedende overheid behoudt zich het recht voor de opdracht niet te gunnen en kan beslissen "
            "de opdracht op een andere wijze te plaatsen.",
        ),
    ),
    Section(
        "Toegangsrecht",
        (
            "Door de indiening van zijn offerte verklaart de inschrijver zich niet in een van de gevallen van "
            "uitsluiting te bevinden.",
            "Het Uniform Europees Aanbestedingsdocument wordt ingevuld en bij de offerte gevoegd.",
            "De aanbestedende overheid gaat zelf via Telemarc na of de inschrijver in orde is met zijn fiscale "
            "en sociale schulden.",
        ),
    ),
    Section(
        "Leidend ambtenaar",
        (
            "Het toezicht op de uitvoering van de opdracht gebeurt door de leidend ambtenaar, het diensthoofd "
            "van de dienst facility.",
            "Alle briefwisseling over de uitvoering van de opdracht wordt aan de leidend ambtenaar gericht, "
            "met vermelding van het referentienummer van de opdracht.",
        ),
    ),
    Section(
        "Keuring",
        (
            "De geleverde goederen worden gekeurd op de plaats van levering; de keuring gebeurt binnen "
            "vijftien dagen na de levering.",
            "Goederen die bij de keuring worden afgekeurd, worden door de opdrachtnemer op zijn kosten "
            "weggehaald en vervangen binnen vijf werkdagen.",
        ),
    ),
    Section(
        "Geschillen",
        (
            "Alle geschillen over de uitvoering van deze opdracht worden uitsluitend beslecht door de bevoegde "
            "rechtbanken van het gerechtelijk arrondissement van de zetel van de aanbestedende overheid.",
            "De voertaal bij de uitvoering van de opdracht is het Nederlands.",
        ),
    ),
    Section(
        "Vertrouwelijkheid en bescherming van persoonsgegevens",
        (
            "De opdrachtnemer behandelt alle informatie die hij bij de uitvoering van de opdracht verneemt "
            "vertrouwelijk en gebruikt ze enkel voor de uitvoering van deze opdracht.",
            "Voor zover de opdrachtnemer persoonsgegevens verwerkt, sluiten de partijen een "
            "verwerkersovereenkomst conform de Algemene Verordening Gegevensbescherming.",
        ),
    ),
    Section(
        "Wijzigingen aan de opdracht",
        (
            "De aanbestedende overheid kan de opdracht eenzijdig wijzigen binnen de grenzen van artikel 38 "
            "van het koninklijk besluit van 14 januari 2013.",
            "De opdrachtnemer heeft geen recht op een schadevergoeding wanneer de bestelde hoeveelheden lager "
            "liggen dan de vermoedelijke hoeveelheden van de opmeting.",
        ),
    ),
    Section(
        "Facturatie",
        (
            "Er wordt één factuur per bestelbon opgemaakt; verzamelfacturen worden niet aanvaard.",
            "De factuur wordt opgesteld op naam van het stadsbestuur, met vermelding van het btw-nummer en "
            "het ondernemingsnummer van de opdrachtnemer.",
        ),
    ),
    Section(
        "Gunningswijze",
        (
            "De opdracht wordt gegund aan de inschrijver met de economisch meest voordelige offerte, op basis "
            "van de prijs en de kwaliteit van de dienstverlening.",
            "Bij gelijke eindscore wordt de opdracht gegund aan de inschrijver met de laagste prijs.",
        ),
    ),
    Section(
        "Aansprakelijkheid",
        (
            "De opdrachtnemer vrijwaart de aanbestedende overheid tegen elke vordering tot schadevergoeding "
            "van derden die het gevolg is van een fout bij de uitvoering van de opdracht.",
            "Schade aan gebouwen, meubilair of installaties van de stad wordt op kosten van de opdrachtnemer "
            "hersteld.",
        ),
    ),
    Section(
        "Vergoeding van de offertes",
        (
            "Voor het opstellen en indienen van de offerte wordt geen vergoeding toegekend.",
            "Stalen die op vraag van de aanbestedende overheid werden ingediend, worden na de gunning op "
            "verzoek teruggegeven.",
        ),
    ),
)

# Headings of the parts of a bestek (level 1); the articles above become level-2 headings "Artikel N – title".
PARTS: tuple[str, ...] = (
    "Deel I – Administratieve bepalingen",
    "Deel II – Technische bepalingen",
    "Deel III – Inventaris en bijlagen",
)

TITLES: tuple[str, ...] = (
    "Bestek nr. {ref} – Openbare procedure",
    "Lastenboek {ref}",
    "Bestek {ref} – Raamovereenkomst",
)

# Tables as a bestek has them: header row, then rows.
TABLES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (
        ("Document", "Bijlage", "Verplicht"),
        ("Offerteformulier", "A", "ja"),
        ("Samenvattende opmeting", "B", "ja"),
        ("Uniform Europees Aanbestedingsdocument", "C", "ja"),
        ("Technische fiches van de aangeboden producten", "D", "ja"),
    ),
    (
        ("Perceel", "Omschrijving", "Geraamd bedrag (excl. btw)"),
        ("1", "Hoofdopdracht", "120.000 euro"),
        ("2", "Bijkomende bestellingen", "35.000 euro"),
    ),
    (
        ("Post", "Omschrijving", "Eenheid", "Vermoedelijke hoeveelheid"),
        ("1.1", "Basislevering", "stuk", "400"),
        ("1.2", "Dringende levering", "stuk", "40"),
        ("1.3", "Installatie op locatie", "forfait", "1"),
    ),
    (
        ("Datum", "Stap"),
        ("15 maart", "Uiterste datum voor vragen"),
        ("2 april, 10.00 uur", "Uiterste datum voor de ontvangst van de offertes"),
        ("mei", "Gunning door het college van burgemeester en schepenen"),
    ),
)

# Rows of administrative requirements that sit beside a clause in a "Nr. | Omschrijving | Bewijsmiddel" table.
REQUIREMENT_ROWS: tuple[tuple[str, str], ...] = (
    ("De inschrijver is in orde met de betaling van zijn sociale zekerheidsbijdragen.", "Attest via Telemarc"),
    ("De inschrijver beschikt over een beroepsaansprakelijkheidsverzekering.", "Attest van de verzekeraar"),
    ("De inschrijver heeft in de laatste drie jaar ten minste twee gelijkaardige opdrachten uitgevoerd.",
     "Lijst van referenties"),
    ("De inschrijver stelt een vaste contactpersoon aan voor de duur van de opdracht.", "Naam en gegevens"),
)

REQUIREMENT_HEADER: tuple[str, str, str] = ("Nr.", "Omschrijving", "Bewijsmiddel")
