import factory
from factory.django import DjangoModelFactory

from quiz.models import Category, Choice, Question, Quiz, QuizQuestion


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Chủ đề {n}")
    slug = factory.Sequence(lambda n: f"chu-de-{n}")


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"Câu hỏi số {n}?")
    explanation = "Vì đó là đáp án đúng."

    @factory.post_generation
    def answers(obj, create, extracted, **kwargs):
        """answers=[("A", True), ("B", False)]; defaults per kind."""
        if not create or obj.kind == Question.Kind.ESSAY:
            return
        if extracted is None:
            extracted = {
                Question.Kind.SINGLE: [("Đáp án A", True), ("Đáp án B", False), ("Đáp án C", False)],
                Question.Kind.MULTIPLE: [("Đáp án A", True), ("Đáp án B", False), ("Đáp án C", True)],
                Question.Kind.TRUE_FALSE: [("Đúng", True), ("Sai", False)],
            }[obj.kind]
        for position, (text, correct) in enumerate(extracted, start=1):
            Choice.objects.create(question=obj, text=text, is_correct=correct, position=position)


class QuizFactory(DjangoModelFactory):
    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Bài kiểm tra {n}")
    slug = factory.Sequence(lambda n: f"bai-kiem-tra-{n}")
    pass_mark = 50

    @factory.post_generation
    def with_questions(obj, create, extracted, **kwargs):
        """with_questions=5 (new single-choice questions) or a list of questions."""
        if not create or not extracted:
            return
        questions = [QuestionFactory() for _ in range(extracted)] if isinstance(extracted, int) else extracted
        for position, question in enumerate(questions, start=1):
            QuizQuestion.objects.create(quiz=obj, question=question, position=position)


def correct_ids(question):
    return [c.id for c in question.choices.all() if c.is_correct]


def wrong_ids(question):
    return [c.id for c in question.choices.all() if not c.is_correct][:1]
