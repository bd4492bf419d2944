"""factory_boy factories for edge cases; the seed fixtures serve the real data."""

import datetime

import factory
from factory.django import DjangoModelFactory

from concept import models as concept
from inquiries import models as inquiries
from monitoring import models as monitoring


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = concept.Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Amt {n}")
    slug = factory.Sequence(lambda n: f"amt-{n}")
    kind = concept.Organisation.Kind.AMT


class ConceptFactory(DjangoModelFactory):
    class Meta:
        model = concept.Concept

    title = factory.Sequence(lambda n: f"Integrationskonzept {2030 + n}")
    slug = factory.Sequence(lambda n: f"fassung-{n}")
    stand_date = datetime.date(2030, 1, 1)
    period_start = 2030
    period_end = 2035
    is_current = False


class FieldOfActionFactory(DjangoModelFactory):
    class Meta:
        model = concept.FieldOfAction

    concept = factory.SubFactory(ConceptFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Faker("sentence", nb_words=4, locale="de_DE")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = concept.Topic

    field = factory.SubFactory(FieldOfActionFactory)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: f"{o.field.number}.{o.number}")
    title = factory.Faker("sentence", nb_words=5, locale="de_DE")


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = concept.Goal
        skip_postgeneration_save = True

    topic = factory.SubFactory(TopicFactory)
    concept = factory.LazyAttribute(lambda o: o.topic.field.concept)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: f"{o.topic.code}.{o.number}")
    text = factory.Faker("sentence", nb_words=12, locale="de_DE")

    @factory.post_generation
    def responsible_organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsible_organisations.set(extracted)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = concept.Indicator

    goal = factory.SubFactory(GoalFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Faker("sentence", nb_words=8, locale="de_DE")


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = concept.Measure

    title = factory.Faker("sentence", nb_words=4, locale="de_DE")
    kind = concept.Measure.Kind.PROJECT


class FactionFactory(DjangoModelFactory):
    class Meta:
        model = inquiries.Faction
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Fraktion {n}")


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = inquiries.Committee
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ausschuss {n}")


class InquiryFactory(DjangoModelFactory):
    class Meta:
        model = inquiries.Inquiry

    reference_number = factory.Sequence(lambda n: f"101.99.{n + 1}")
    title = factory.Faker("sentence", nb_words=5, locale="de_DE")
    faction = factory.SubFactory(FactionFactory)
    committee = factory.SubFactory(CommitteeFactory)
    submitted_on = datetime.date(2020, 5, 5)
    status = inquiries.Inquiry.Status.ANSWERED
    answered_on = datetime.date(2020, 6, 12)
    internal_contact = "Erika Intern, Tel. 1234"
    internal_note = "Vertraulicher Vermerk"


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = inquiries.Question

    inquiry = factory.SubFactory(InquiryFactory)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.position))
    text = factory.Faker("sentence", nb_words=12, locale="de_DE")
    answer = factory.Faker("paragraph", locale="de_DE")


class MetricFactory(DjangoModelFactory):
    class Meta:
        model = monitoring.Metric

    key = factory.Sequence(lambda n: f"kennzahl-{n}")
    name = factory.Sequence(lambda n: f"Kennzahl {n}")
    unit = "Personen"
    definition = "Anzahl der Teilnehmenden."
    source = "Testquelle"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = monitoring.District
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Stadtteil {n + 1}")
    slug = factory.Sequence(lambda n: f"stadtteil-{n + 1}")


class ObservationFactory(DjangoModelFactory):
    class Meta:
        model = monitoring.Observation

    metric = factory.SubFactory(MetricFactory)
    year = factory.Sequence(lambda n: 2000 + n % 25)
    value = 10


class GoalStatusFactory(DjangoModelFactory):
    class Meta:
        model = monitoring.GoalStatus

    goal = factory.SubFactory(GoalFactory)
    year = 2025
    status = monitoring.GoalStatus.Status.IN_PROGRESS
    review = monitoring.GoalStatus.Review.APPROVED
    approved_at = factory.LazyFunction(
        lambda: datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    )
