"""Key-point grading of prose answers: rubric data, the offline grader, its eval and bench."""

from content.grading.grader import Grade, OfflineGrader, PointGrade, shipped_grader
from content.grading.rubric import KeyPoint, Rubrics, load_rubrics, shipped_rubrics

__all__ = [
    "Grade",
    "KeyPoint",
    "OfflineGrader",
    "PointGrade",
    "Rubrics",
    "load_rubrics",
    "shipped_grader",
    "shipped_rubrics",
]
