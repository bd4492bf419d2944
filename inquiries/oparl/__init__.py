"""OParl 1.1, read-only, at /oparl/v1.1/: selectors, serialisers and views.

OParl (https://oparl.org/spec/1.1) is the German standard interface of council
information systems. The official JSON schemas are in ``shared/oparl/schema``.
Every ``id`` is the absolute URL of the object on the request's host. Paths
below /oparl/v1.1/:

==================  ==================================  ===========================
OParl type          path                                source
==================  ==================================  ===========================
System              (empty)                             constant
Body                body/kassel (+ /paper, /person …)   constant: Stadt Kassel
LegislativeTerm     legislative-term/<start year>       ``LEGISLATIVE_TERMS``
Organization        organization/fraktion-<pk>          Faction
                    organization/ausschuss-<pk>         Committee
                    organization/magistrat              constant
Person              person/<pk>                         Person (who signs publicly)
Membership          membership/<person pk>              Person.faction
Paper "Anfrage"     paper/<pk>                          Inquiry
Paper "Beantwor…"   paper/<pk>/antwort                  Inquiry, only once answered
Consultation        consultation/<inquiry pk>           Inquiry.committee
Meeting             meeting/<committee pk>-<yyyymmdd>   (committee, meeting_date)
File                file/<pk> (+ /access, /download)    Attachment, public, with file
                    file/anfrage-<pk> (+ the same)      Inquiry: full text, Markdown
AgendaItem          (list only, always empty)           —
Location            (list only, always empty)           —
==================  ==================================  ===========================

Nothing internal leaves: every inquiry read starts from
``inquiries.selectors.public_inquiries()`` and loads public columns only
(``only()``), so ``internal_contact`` and ``internal_note`` are never read, and
the answers of an inquiry not yet answered are never read either: its stored
full text holds them only once it is answered (``files.full_text_refresh``).
An answer becomes a Paper only when the inquiry is answered.

``selectors`` only read (querysets of public columns); ``serializers`` turn
a row into OParl; ``lists`` says which sources a list pages through: one or
more querysets or constants in a fixed order, each costing one count and at
most one fetch (plus its prefetches), whatever the number of objects; the
``views`` parse the request and answer with HTTP. Objects that disappear leave an
``OparlTombstone`` (written by ``tracking``): ``{"id", "type", "created",
"modified", "deleted": true}`` under their own URL and in the lists filtered
with ``modified_since`` (spec 2.8). ``forms`` parses the list parameters,
``files`` reads what a file's bytes say, ``importer`` is the other
direction (``manage.py oparl_import``).
"""
