from quizzes.models.attempts import Attempt, AttemptAnswer
from quizzes.models.banks import Category, Choice, Question, QuestionBank
from quizzes.models.quizzes import FeedbackPolicy, Quiz, QuizDraw, QuizKind

__all__ = [
    "Attempt",
    "AttemptAnswer",
    "Category",
    "Choice",
    "FeedbackPolicy",
    "Question",
    "QuestionBank",
    "Quiz",
    "QuizDraw",
    "QuizKind",
]
