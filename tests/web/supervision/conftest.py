from tests.web.contracts.conftest import (  # noqa: F401 - shared fixtures
    data_file,
    fukuoka,
    fukuoka_approved,
    fukuoka_delivered,
    fukuoka_target,
)
