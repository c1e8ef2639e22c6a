"""The learning app's group: a lecturer, two admitted listeners, another group's people."""

from academy.learning.tests.conftest import (  # noqa: F401 – fixtures
    course,
    group,
    other_group_listener,
    other_lecturer,
    second_listener,
)
